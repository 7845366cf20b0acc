/**
 * The downstream client's options: what each one means, its default, and their validation up front
 * (a wrong option fails at construction, in the container's init, never on a call).
 */
import type { AxiosAdapter } from 'axios';
import type { CircuitBreakerOptions } from './circuit-breaker.js';

export interface DownstreamClientOptions {
  /** `http(s)://host[:port][/prefix]`; operations are POSTed to `${baseUrl}/api/v1/operations/${operation}`. */
  baseUrl: string;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Backoff unit: retry n waits a uniform random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). Default 50. */
  baseDelayMs?: number;
  /** Longest backoff wait (a `Retry-After` may be longer, if it fits the budget). Default 1 000. */
  maxDelayMs?: number;
  /** No retry unless at least this much budget is left after the wait. Default 20. */
  minAttemptMs?: number;
  /** Largest reply body (after decompression) accepted; larger is DownstreamBadReplyError. Default 1 MiB. */
  maxReplyBytes?: number;
  /** Largest request body sent; larger is PayloadTooLargeError, before any attempt. Default 1 MiB. */
  maxRequestBytes?: number;
  /**
   * A kept-alive socket idle longer than this is not reused: closed by the agent in a running process,
   * and swept before the next call after the container was frozen (when timers could not run).
   * Keep it below the downstream's keep-alive timeout. Default 4 000.
   */
  idleSocketTimeoutMs?: number;
  circuitBreaker?: CircuitBreakerOptions;
  /** Replaces the HTTP transport (axios adapter): for the benchmark's in-process downstream only. The adapter must give the body as text. */
  adapter?: AxiosAdapter;
}

export const DOWNSTREAM_CLIENT_DEFAULTS = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 50,
  maxDelayMs: 1_000,
  minAttemptMs: 20,
  maxReplyBytes: 1_048_576,
  maxRequestBytes: 1_048_576,
  idleSocketTimeoutMs: 4_000,
});

/** The options with their defaults applied. */
export type DownstreamSettings = Required<Omit<DownstreamClientOptions, 'adapter' | 'circuitBreaker'>> &
  Pick<DownstreamClientOptions, 'adapter' | 'circuitBreaker'>;

export function resolveDownstreamSettings(options: DownstreamClientOptions): DownstreamSettings {
  if (options === null || typeof options !== 'object') throw new TypeError('DownstreamClient options must be an object');
  const defaults = DOWNSTREAM_CLIENT_DEFAULTS;
  return {
    baseUrl: parseBaseUrl(options.baseUrl),
    maxRetries: integerOption(options.maxRetries, 'maxRetries', defaults.maxRetries, 0, 10),
    baseDelayMs: integerOption(options.baseDelayMs, 'baseDelayMs', defaults.baseDelayMs, 0, 60_000),
    maxDelayMs: integerOption(options.maxDelayMs, 'maxDelayMs', defaults.maxDelayMs, 0, 60_000),
    minAttemptMs: integerOption(options.minAttemptMs, 'minAttemptMs', defaults.minAttemptMs, 0, 60_000),
    maxReplyBytes: integerOption(options.maxReplyBytes, 'maxReplyBytes', defaults.maxReplyBytes, 1, 2 ** 30),
    maxRequestBytes: integerOption(options.maxRequestBytes, 'maxRequestBytes', defaults.maxRequestBytes, 1, 2 ** 30),
    idleSocketTimeoutMs: integerOption(options.idleSocketTimeoutMs, 'idleSocketTimeoutMs', defaults.idleSocketTimeoutMs, 1, 3_600_000),
    circuitBreaker: options.circuitBreaker,
    adapter: options.adapter,
  };
}

function parseBaseUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch (error) {
    throw new TypeError('DownstreamClient baseUrl must be an absolute http(s) URL', { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('DownstreamClient baseUrl must use http or https');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('DownstreamClient baseUrl must not carry credentials, a query or a fragment');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function integerOption(value: number | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`DownstreamClient ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}
