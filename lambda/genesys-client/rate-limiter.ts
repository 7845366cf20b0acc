import { TokenBucket } from 'limiter';

export interface RateLimitOptions {
  /**
   * Most requests started in any 60-second window (Genesys allows 300 per minute per token).
   * `Infinity` turns the limiter off.
   */
  requestsPerMinute: number;
  /** Requests that may start at once after a quiet spell; must be below `requestsPerMinute`. */
  burst: number;
}

/** The default burst for a rate: a tenth of it, between 1 and 10. */
export function defaultBurst(requestsPerMinute: number): number {
  if (!Number.isFinite(requestsPerMinute)) return 10;
  return Math.max(1, Math.min(10, Math.floor(requestsPerMinute / 10)));
}

/**
 * Client-side token bucket (the `limiter` package: maintained, dependency-free, FIFO waiters).
 * A bucket of `burst` tokens refilled at (`requestsPerMinute` − `burst`) per minute never lets more than
 * `requestsPerMinute` requests start in any 60-second window: at most `burst` saved up, plus what drips
 * in during the window. (A bucket holding a whole minute's budget would allow twice the rate across two
 * neighbouring minutes.) One limiter per client, so per process: concurrent Lambdas each have their own,
 * and Genesys's 429 handling remains the backstop.
 */
export class RequestRateLimiter {
  private readonly bucket: TokenBucket | undefined;

  constructor(options: RateLimitOptions) {
    const { requestsPerMinute, burst } = options;
    if (requestsPerMinute === Number.POSITIVE_INFINITY) return;
    if (!Number.isFinite(requestsPerMinute) || requestsPerMinute <= 1) {
      throw new RangeError(
        `Genesys client: requestsPerMinute must be above 1 (or Infinity), got ${requestsPerMinute}`,
      );
    }
    if (!Number.isInteger(burst) || burst < 1 || burst >= requestsPerMinute) {
      throw new RangeError(
        `Genesys client: burst must be a whole number ≥ 1, below requestsPerMinute (${requestsPerMinute}): ${burst}`,
      );
    }
    this.bucket = new TokenBucket({
      bucketSize: burst,
      tokensPerInterval: requestsPerMinute - burst,
      interval: 60_000,
    });
    // The library starts empty; start full so the first calls of a cold Lambda do not wait.
    this.bucket.content = burst;
  }

  /** Resolves when one more request may start. */
  async acquire(): Promise<void> {
    if (this.bucket) await this.bucket.removeTokens(1);
  }
}
