/**
 * When a failed downstream attempt may be tried again, and after how long. Pure functions: the
 * downstream client feeds them a classified failure (see `downstream-failure.ts`) from axios-retry's
 * hooks; axios-retry itself counts the retries and waits.
 */
import type { ClassifiedFailure } from './downstream-failure.js';

/**
 * Replies worth another attempt: throttled (429) or a gateway in front of the business system failing
 * (502, 503, 504). Not 500: usually deterministic, and it may already have changed something.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Socket error codes that prove the request never left this process: no connection was established
 * (refused, unreachable, DNS failure). Any action may retry these, idempotent or not.
 *
 * Deliberately absent: ECONNRESET and "socket hang up" (also ECONNRESET), EPIPE, ETIMEDOUT. A reset
 * can come after the server read the request: a crash while processing it, or a kept-alive socket the
 * server closed just as we wrote on it. Repeating a non-idempotent update then could apply it twice,
 * so those are retried only for idempotent actions. (The client sweeps idle kept-alive sockets before
 * a call, which removes the common Lambda case of a socket that died while the container was frozen.)
 */
export const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
]);

export interface RetrySettings {
  baseDelayMs: number;
  maxDelayMs: number;
  /** A retry is pointless unless at least this much budget is left once the wait is over. */
  minAttemptMs: number;
}

/**
 * The wait before the next attempt, in ms, or `undefined` when the failure must not be retried:
 * - `not-sent`: always retryable (nothing reached the business system);
 * - `connection` (reset, hang-up after connecting) and replies 429/502/503/504: only when `idempotent`;
 * - anything else (deadline, caller abort, unusable reply, other statuses, our own bugs): never.
 * The wait is the reply's `Retry-After` when it has one, otherwise exponential backoff with full
 * jitter. When the wait plus `minAttemptMs` does not fit in `remainingMs`, there is no retry: fail fast
 * now rather than at the deadline.
 */
export function retryDelayMs(
  failure: ClassifiedFailure,
  idempotent: boolean,
  retryNumber: number,
  remainingMs: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number | undefined {
  let allowed: boolean;
  switch (failure.kind) {
    case 'not-sent':
      allowed = true;
      break;
    case 'connection':
      allowed = idempotent;
      break;
    case 'reply':
      allowed = idempotent && RETRYABLE_STATUSES.has(failure.status ?? 0);
      break;
    default:
      allowed = false;
  }
  if (!allowed) return undefined;
  const delay = failure.retryAfterMs ?? backoffDelayMs(retryNumber, settings.baseDelayMs, settings.maxDelayMs, random);
  return delay + settings.minAttemptMs <= remainingMs ? delay : undefined;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * uniform in [0, min(maxDelayMs, baseDelayMs * 2^(retryNumber - 1))). Full jitter spreads the retries
 * of many containers hitting the same struggling downstream; axios-retry's `exponentialDelay` only
 * adds 0-20 % and starts at twice the base, too slow for a budget of a few seconds.
 */
export function backoffDelayMs(
  retryNumber: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return random() * ceiling;
}

/**
 * A `Retry-After` header value (RFC 9110 §10.2.3) as ms from `nowMs`: delay-seconds (decimals
 * tolerated) or an HTTP-date (a date in the past gives 0). `undefined` when absent or unreadable.
 */
export function parseRetryAfterMs(value: unknown, nowMs: number = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form names a day or month; this also keeps Date.parse from reading "7" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** ms to whole seconds for a `Retry-After` we pass on, rounded up. */
export function toRetryAfterSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
