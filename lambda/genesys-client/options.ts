import type { GenesysRequestEvent, GenesysRetryEvent } from './http.js';
import { defaultBurst } from './rate-limiter.js';
import { resolveGenesysHosts, type GenesysHosts, type GenesysLocation } from './regions.js';

/**
 * Where the client's diagnostics go; a Powertools `Logger` fits as it is. It only ever receives safe
 * fields (method, path, status, code, attempt, delay, duration): never a header, a body, the token or
 * the secret.
 */
export interface GenesysClientLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface GenesysClientOptions extends GenesysLocation {
  /** OAuth client (client-credentials grant) with the `integrations` scope. */
  clientId: string;
  clientSecret: string;
  /** Most requests started in any minute; default 290 (Genesys: 300 per token). `Infinity` disables. */
  requestsPerMinute?: number;
  /** Requests allowed to start at once; default a tenth of `requestsPerMinute`, from 1 to 10. */
  burst?: number;
  /** Retries after the first attempt (429, 5xx, network; see retry-policy.ts); default 4. */
  maxRetries?: number;
  /** First backoff step, doubled each retry; default 250 ms. */
  retryBaseDelayMs?: number;
  /** Ceiling of one backoff step; default 10 s. */
  maxRetryDelayMs?: number;
  /** Ceiling of a `Retry-After` wait; default 30 s. */
  retryAfterCapMs?: number;
  /** Timeout of one HTTP attempt; default 15 s. */
  timeoutMs?: number;
  /** Renew the token this long before it expires (at most half its life); default 5 min. */
  tokenRenewalMarginMs?: number;
  logger?: GenesysClientLogger;
  /** Called after every HTTP attempt to the API (metrics). Must not throw. */
  onRequest?: (event: GenesysRequestEvent) => void;
}

export interface ResolvedGenesysClientOptions {
  hosts: GenesysHosts;
  clientId: string;
  clientSecret: string;
  requestsPerMinute: number;
  burst: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  retryAfterCapMs: number;
  timeoutMs: number;
  tokenRenewalMarginMs: number;
  logger: GenesysClientLogger | undefined;
  onRequest: ((event: GenesysRequestEvent) => void) | undefined;
  onRetry: (event: GenesysRetryEvent) => void;
}

export const GENESYS_CLIENT_DEFAULTS = {
  requestsPerMinute: 290,
  maxRetries: 4,
  retryBaseDelayMs: 250,
  maxRetryDelayMs: 10_000,
  retryAfterCapMs: 30_000,
  timeoutMs: 15_000,
  tokenRenewalMarginMs: 300_000,
} as const;

/** Validates the options up front and fills in the defaults. */
export function resolveOptions(options: GenesysClientOptions): ResolvedGenesysClientOptions {
  if (!options || typeof options !== 'object') throw new TypeError('Genesys client: options are required');
  const hosts = resolveGenesysHosts(options);
  requireText(options.clientId, 'clientId');
  requireText(options.clientSecret, 'clientSecret');
  const requestsPerMinute = options.requestsPerMinute ?? GENESYS_CLIENT_DEFAULTS.requestsPerMinute;
  const logger = options.logger;
  return {
    hosts,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    requestsPerMinute,
    burst: options.burst ?? defaultBurst(requestsPerMinute),
    maxRetries: count(options.maxRetries, 'maxRetries', GENESYS_CLIENT_DEFAULTS.maxRetries),
    retryBaseDelayMs: ms(options.retryBaseDelayMs, 'retryBaseDelayMs', GENESYS_CLIENT_DEFAULTS.retryBaseDelayMs),
    maxRetryDelayMs: ms(options.maxRetryDelayMs, 'maxRetryDelayMs', GENESYS_CLIENT_DEFAULTS.maxRetryDelayMs),
    retryAfterCapMs: ms(options.retryAfterCapMs, 'retryAfterCapMs', GENESYS_CLIENT_DEFAULTS.retryAfterCapMs),
    timeoutMs: positiveMs(options.timeoutMs, 'timeoutMs', GENESYS_CLIENT_DEFAULTS.timeoutMs),
    tokenRenewalMarginMs: ms(
      options.tokenRenewalMarginMs,
      'tokenRenewalMarginMs',
      GENESYS_CLIENT_DEFAULTS.tokenRenewalMarginMs,
    ),
    logger,
    onRequest: options.onRequest,
    onRetry: (event) => logger?.warn('Genesys API call retried', { ...event }),
  };
}

function requireText(value: unknown, name: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`Genesys client: ${name} must be a non-empty string`);
  }
}

function count(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`Genesys client: ${name} must be a whole number ≥ 0, got ${value}`);
  }
  return value;
}

function ms(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Genesys client: ${name} must be a number of milliseconds ≥ 0, got ${value}`);
  }
  return value;
}

function positiveMs(value: number | undefined, name: string, fallback: number): number {
  const result = ms(value, name, fallback);
  if (result === 0) throw new RangeError(`Genesys client: ${name} must be above 0`);
  return result;
}
