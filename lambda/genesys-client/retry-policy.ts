import type { AxiosError } from 'axios';
import { isNetworkError, retryAfter } from 'axios-retry';

/**
 * What is retried, and when. The rule: repeat a request only when repeating it cannot do something twice.
 *
 * - 429: every method. Genesys refuses a rate-limited request before doing anything with it.
 * - 5xx (but 501, which will not change) and network errors after the request may have been sent
 *   (reset, timeout): only GET, HEAD, OPTIONS, PUT, DELETE and PATCH. Every PATCH this client sends is
 *   either versioned (an action, a draft: a repeat after a lost success fails with a version conflict
 *   instead of applying twice) or sets a value (an integration's `intendedState`); a repeated DELETE
 *   answers 404, which callers treat as done.
 * - POST is never repeated after it may have reached Genesys: a create that succeeded but whose answer
 *   was lost would leave a duplicate integration, credential or action; publish, test and execute
 *   (which calls the business endpoint) are not safe to repeat either. The token request is the
 *   exception, made with `alwaysIdempotent` (a second token harms nothing).
 * - Refused connections and temporary DNS failures: every method, the request never left.
 * - 401 is not retried here: the transport renews the token once and repeats the request once.
 */
const IDEMPOTENT_METHODS = new Set(['get', 'head', 'options', 'put', 'delete', 'patch']);
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

export function isRetryableError(error: AxiosError, alwaysIdempotent = false): boolean {
  if (error.code === 'ERR_CANCELED') return false;
  const status = error.response?.status;
  if (status === 429) return true;
  const idempotent = alwaysIdempotent || IDEMPOTENT_METHODS.has((error.config?.method ?? '').toLowerCase());
  if (status !== undefined) return idempotent && status >= 500 && status !== 501;
  if (error.code && NEVER_SENT_CODES.has(error.code)) return true;
  return idempotent && ((error.code !== undefined && TIMEOUT_CODES.has(error.code)) || isNetworkError(error));
}

export interface RetryTimings {
  /** First backoff step; doubles each retry. */
  retryBaseDelayMs: number;
  /** Ceiling of one backoff step. */
  maxRetryDelayMs: number;
  /** Ceiling of a wait asked for by `Retry-After`. */
  retryAfterCapMs: number;
}

/**
 * Delay before retry number `retryNumber` (1-based). A 429 with `Retry-After` waits exactly what Genesys
 * asked (capped at `retryAfterCapMs`, so one long answer cannot eat a Lambda's whole time budget); no
 * jitter is added there, the rate limiter already spaces concurrent callers. Everything else backs off
 * exponentially with "equal jitter": half the step fixed, half random, so callers that failed together
 * do not come back together.
 */
export function retryDelayMs(
  retryNumber: number,
  error: AxiosError,
  timings: RetryTimings,
  random: () => number = Math.random,
): number {
  if (error.response?.status === 429 && error.response.headers['retry-after'] !== undefined) {
    return Math.min(retryAfter(error), timings.retryAfterCapMs);
  }
  const step = Math.min(timings.maxRetryDelayMs, timings.retryBaseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return step / 2 + (random() * step) / 2;
}
