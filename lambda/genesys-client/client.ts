import { ActionsApi } from './actions-api.js';
import { CredentialsApi } from './credentials-api.js';
import { ActionDraftsApi } from './drafts-api.js';
import { createHttpClient } from './http.js';
import { IntegrationsApi } from './integrations-api.js';
import { resolveOptions, type GenesysClientOptions } from './options.js';
import { RequestRateLimiter } from './rate-limiter.js';
import { SecretRedactor } from './redaction.js';
import type { GenesysHosts } from './regions.js';
import { ClientCredentialsTokenProvider } from './token-provider.js';
import { PlatformTransport } from './transport.js';

/**
 * Typed client of the Genesys Cloud Platform API endpoints that register data actions.
 *
 * @example
 * ```ts
 * const genesys = new GenesysClient({ region: 'eu-west-1', clientId, clientSecret });
 * const action = await genesys.actions.create({ name, category, integrationId, config, contract, secure: true });
 * await genesys.actions.patch(action.id!, { version: action.version!, config });
 * ```
 */
export class GenesysClient {
  readonly hosts: GenesysHosts;
  readonly integrations: IntegrationsApi;
  readonly credentials: CredentialsApi;
  readonly actions: ActionsApi;
  readonly drafts: ActionDraftsApi;

  constructor(options: GenesysClientOptions) {
    const resolved = resolveOptions(options);
    const { hosts, logger } = resolved;
    this.hosts = hosts;
    const redactor = new SecretRedactor();
    const retry = {
      timeoutMs: resolved.timeoutMs,
      maxRetries: resolved.maxRetries,
      retryBaseDelayMs: resolved.retryBaseDelayMs,
      maxRetryDelayMs: resolved.maxRetryDelayMs,
      retryAfterCapMs: resolved.retryAfterCapMs,
      onRetry: resolved.onRetry,
    };
    const tokens = new ClientCredentialsTokenProvider({
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      http: createHttpClient({ ...retry, baseURL: hosts.loginBaseUrl, alwaysIdempotent: true }),
      renewalMarginMs: resolved.tokenRenewalMarginMs,
      redactor,
      ...(logger ? { logger } : {}),
    });
    const onRequest = resolved.onRequest;
    const transport = new PlatformTransport({
      http: createHttpClient({
        ...retry,
        baseURL: hosts.apiBaseUrl,
        onAttempt: (event) => {
          logger?.debug('Genesys API call', { ...event });
          onRequest?.(event);
        },
      }),
      tokens,
      limiter: new RequestRateLimiter({ requestsPerMinute: resolved.requestsPerMinute, burst: resolved.burst }),
      redactor,
    });
    this.integrations = new IntegrationsApi(transport);
    this.credentials = new CredentialsApi(transport);
    this.actions = new ActionsApi(transport);
    this.drafts = new ActionDraftsApi(transport);
  }
}
