/**
 * Stage throttling: a token bucket of `burstLimit` tokens refilled at `rateLimit` per second, API
 * Gateway's documented algorithm ("Throttle requests to your REST APIs"). An empty bucket is a 429
 * THROTTLED answer.
 */
import type { StageThrottling } from '../../../infra/plan/api-stage.js';

/** Steady-state requests per second (`rateLimit`) and bucket size (`burstLimit`), as the stage sets them. */
export type ThrottleSettings = StageThrottling;

export class TokenBucket {
  #tokens: number;
  #refilledAt: number;

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(settings.rateLimit > 0) || !(settings.burstLimit >= 1)) throw new RangeError('throttle: rateLimit must be > 0 and burstLimit ≥ 1');
    this.#tokens = settings.burstLimit;
    this.#refilledAt = now();
  }

  /** Takes a token; false when the request must be throttled. */
  take(): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.settings.burstLimit, this.#tokens + ((now - this.#refilledAt) / 1000) * this.settings.rateLimit);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
