/**
 * A local Genesys Cloud: an HTTP server speaking the Platform API this project uses (login service,
 * integrations, credentials, data actions, drafts, test/execute), with Genesys's status codes, error
 * bodies, token expiry and per-token rate limit. Tests start one in-process on an ephemeral port; the
 * local stack runs one on port 3001. See README.md for what it implements and the sources behind it.
 *
 * @example
 * const genesys = new LocalGenesysCloud({ tokenTtlSeconds: 60 });
 * const { url } = await genesys.start();
 * // ... point a client (e.g. the official SDK via setGateway) at `url` ...
 * await genesys.stop();
 */
import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateLimiter } from './auth/rate-limiter.js';
import { TokenService } from './auth/token-service.js';
import { ActionExecutor } from './execution/action-executor.js';
import { LambdaBridge } from './execution/lambda-bridge.js';
import { type RecordedRequest, createDispatcher } from './http/dispatcher.js';
import { FaultInjector, type FaultSpec } from './http/fault-injector.js';
import { type LocalGenesysCloudOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { actionRoutes } from './routes/action-routes.js';
import { credentialRoutes } from './routes/credential-routes.js';
import { draftRoutes } from './routes/draft-routes.js';
import { executionRoutes } from './routes/execution-routes.js';
import { integrationRoutes } from './routes/integration-routes.js';
import { oauthRoutes } from './routes/oauth-routes.js';
import { WEB_SERVICES_TYPE_ID } from './store/catalog.js';
import { type OrganizationSnapshot, OrganizationState, type StoredCredential } from './store/state.js';

export interface ProvisionIntegrationInput {
  name: string;
  /** Default `custom-rest-actions`. */
  typeId?: string;
  /** A credential to create and attach (slot `basicAuth`, or `AmazonWebServicesARN` for Lambda). */
  credential?: { name?: string; type: string; fields: Record<string, string> };
  /** Default true. */
  enabled?: boolean;
}

export class LocalGenesysCloud {
  private readonly options: ResolvedOptions;
  private readonly org: OrganizationState;
  private readonly tokens: TokenService;
  private readonly rateLimiter: RateLimiter;
  private readonly faults = new FaultInjector();
  private readonly lambdaBridge: LambdaBridge;
  private readonly log: RecordedRequest[] = [];
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(options: LocalGenesysCloudOptions = {}) {
    this.options = resolveOptions(options);
    const { clock } = this.options;
    this.org = new OrganizationState(this.options.organizationId);
    this.tokens = new TokenService(this.options.clients, this.options.tokenTtlSeconds, clock);
    this.rateLimiter = new RateLimiter(this.options.requestsPerMinutePerToken, clock);
    this.lambdaBridge = new LambdaBridge(this.options.lambdaInvoker);
  }

  async start(): Promise<{ url: string; port: number }> {
    if (this.server) throw new Error('LocalGenesysCloud is already started');
    const executor = new ActionExecutor(this.org, {
      allowInsecureHttpEndpoints: this.options.allowInsecureHttpEndpoints,
      lambdaBridge: this.lambdaBridge,
    });
    const settings = { inlineTemplates: this.options.inlineTemplates };
    const dispatch = createDispatcher({
      routes: [
        ...oauthRoutes(this.tokens),
        ...integrationRoutes(this.org),
        ...credentialRoutes(this.org, this.options.clock),
        ...actionRoutes(this.org, settings),
        ...draftRoutes(this.org, settings),
        ...executionRoutes(this.org, executor),
      ],
      tokens: this.tokens,
      rateLimiter: this.rateLimiter,
      faults: this.faults,
      maxRequestBodyBytes: this.options.maxRequestBodyBytes,
      record: (entry) => this.log.push(entry),
      preRoute: (req, res, path, body) => this.lambdaBridge.handle(req, res, path, body),
    });
    const server = createServer((req, res) => {
      void dispatch(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    this.baseUrl = `http://${host}:${port}`;
    this.lambdaBridge.setBaseUrl(this.baseUrl);
    return { url: this.baseUrl, port };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  }

  /** The base URL (login service and Platform API share it). Throws before `start()`. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error('LocalGenesysCloud is not started');
    return this.baseUrl;
  }

  get organizationId(): string {
    return this.org.organizationId;
  }

  // ---- test helpers (in-process only; nothing here is reachable over HTTP) ----

  /** A frozen copy of the org: integrations, credentials (fields included), actions with published and draft revisions. */
  state(): OrganizationSnapshot & { readonly activeTokens: number } {
    return Object.freeze({ ...this.org.snapshot(), activeTokens: this.tokens.activeTokenCount() });
  }

  /** Every token becomes invalid at once: the next API call gets 401 `bad.credentials`. */
  expireAllTokens(): void {
    this.tokens.expireAll();
  }

  /** A token issued as if `POST /oauth/token` had been called by that client (default: the first one). */
  issueToken(clientId: string = this.options.clients[0]!.clientId): string {
    return this.tokens.issue(clientId).accessToken;
  }

  /** Method, path, status, client and correlation id of every request answered so far (no bodies, no tokens). */
  requestLog(): readonly RecordedRequest[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** The next matching request(s) fail with the given status (e.g. 503, or 429 with `Retry-After`). */
  injectFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Starts every token's rate window afresh. */
  resetRateLimits(): void {
    this.rateLimiter.reset();
  }

  /**
   * Creates an integration (enabled by default) and optionally its credential, as an admin would in the
   * UI — for the local stack and for tests that are not about the integrations API itself.
   */
  provisionIntegration(input: ProvisionIntegrationInput): { integrationId: string; credentialId?: string } {
    const typeId = input.typeId ?? WEB_SERVICES_TYPE_ID;
    const integrationId = randomUUID();
    const credentials: Record<string, string> = {};
    let credentialId: string | undefined;
    if (input.credential) {
      const at = new Date(this.options.clock()).toISOString();
      const credential: StoredCredential = {
        id: randomUUID(),
        name: input.credential.name ?? `${input.name} credentials`,
        type: input.credential.type,
        fields: { ...input.credential.fields },
        createdDate: at,
        modifiedDate: at,
      };
      this.org.credentials.set(credential.id, credential);
      credentialId = credential.id;
      credentials[typeId === WEB_SERVICES_TYPE_ID ? 'basicAuth' : 'AmazonWebServicesARN'] = credential.id;
    }
    this.org.integrations.set(integrationId, {
      id: integrationId,
      typeId,
      name: input.name,
      notes: '',
      intendedState: input.enabled === false ? 'DISABLED' : 'ENABLED',
      attributes: {},
      config: { name: input.name, version: 1, notes: '', properties: {}, advanced: {}, credentials },
    });
    return credentialId ? { integrationId, credentialId } : { integrationId };
  }
}
