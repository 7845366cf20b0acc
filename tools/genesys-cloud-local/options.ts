/**
 * Options of the local Genesys Cloud, their defaults, and their validation (done once, up front).
 */
import type { OAuthClient } from './auth/token-service.js';
import type { LambdaInvoker } from './execution/lambda-bridge.js';

export interface LocalGenesysCloudOptions {
  /** Default 0 (an ephemeral port); the local stack uses 3001. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** OAuth clients accepted by `POST /oauth/token`. Default: the one dev client `DEFAULT_DEV_CLIENT`. */
  clients?: OAuthClient[];
  /** Lifetime of an access token. Default 86400 (24 h), as Genesys's client-credentials tokens. */
  tokenTtlSeconds?: number;
  /** Requests per minute per access token before 429. Default 300, the limit Genesys staff quote. */
  requestsPerMinutePerToken?: number;
  /** The org's id (sent as `ININ-Organization-Id` by executions). Default `DEFAULT_ORGANIZATION_ID`. */
  organizationId?: string;
  /**
   * Default true: actions may call plain-http / loopback endpoints, so tests can use 127.0.0.1 servers.
   * Genesys itself calls only https endpoints whose certificate chains to a public CA.
   */
  allowInsecureHttpEndpoints?: boolean;
  /** Epoch milliseconds; tests pass a controllable clock to expire tokens and rate windows. */
  clock?: () => number;
  /** Largest request body accepted before 413 `request.entity.too.large`. Default 1 MiB. */
  maxRequestBodyBytes?: number;
  /**
   * Default false: reading an action with `includeConfig=true` gives `requestTemplateUri` /
   * `successTemplateUri` rather than the template text. True gives the text inline (the other reading).
   */
  inlineTemplates?: boolean;
  /** Runs `aws-lambda-data-actions` actions: receives the function ARN and the rendered event. */
  lambdaInvoker?: LambdaInvoker;
}

/** The dev client accepted when `clients` is not given. Local use only: never a real credential. */
export const DEFAULT_DEV_CLIENT: Readonly<OAuthClient> = Object.freeze({
  clientId: 'local-genesys-client',
  clientSecret: 'local-genesys-secret',
});

export const DEFAULT_ORGANIZATION_ID = '6f7c2f5e-1b1d-4c55-9a8e-0d5b1c9e7a42';

export type ResolvedOptions = Required<Omit<LocalGenesysCloudOptions, 'lambdaInvoker'>> & Pick<LocalGenesysCloudOptions, 'lambdaInvoker'>;

export class LocalGenesysCloudOptionsError extends Error {
  override readonly name = 'LocalGenesysCloudOptionsError';
}

const positiveInteger = (value: number, name: string): number => {
  if (!Number.isInteger(value) || value < 1) throw new LocalGenesysCloudOptionsError(`${name} must be a positive integer (got ${value})`);
  return value;
};

export function resolveOptions(options: LocalGenesysCloudOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LocalGenesysCloudOptionsError(`port must be 0..65535 (got ${port})`);
  const clients = options.clients ?? [DEFAULT_DEV_CLIENT];
  if (clients.length === 0) throw new LocalGenesysCloudOptionsError('clients must list at least one OAuth client');
  for (const client of clients) {
    if (!client.clientId || !client.clientSecret) throw new LocalGenesysCloudOptionsError('every client needs a non-empty clientId and clientSecret');
  }
  const ttl = options.tokenTtlSeconds ?? 86_400;
  if (!(ttl > 0)) throw new LocalGenesysCloudOptionsError(`tokenTtlSeconds must be positive (got ${ttl})`);
  return {
    port,
    host: options.host ?? '127.0.0.1',
    clients: clients.map((c) => ({ clientId: c.clientId, clientSecret: c.clientSecret })),
    tokenTtlSeconds: ttl,
    requestsPerMinutePerToken: positiveInteger(options.requestsPerMinutePerToken ?? 300, 'requestsPerMinutePerToken'),
    organizationId: options.organizationId ?? DEFAULT_ORGANIZATION_ID,
    allowInsecureHttpEndpoints: options.allowInsecureHttpEndpoints ?? true,
    clock: options.clock ?? Date.now,
    maxRequestBodyBytes: positiveInteger(options.maxRequestBodyBytes ?? 1_048_576, 'maxRequestBodyBytes'),
    inlineTemplates: options.inlineTemplates ?? false,
    lambdaInvoker: options.lambdaInvoker,
  };
}
