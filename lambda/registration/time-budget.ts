/**
 * The time one invocation may spend. The Genesys client's retries (attempt timeout, `Retry-After` cap,
 * backoff, retry count) are sized from what the Lambda has left, and every step checks the clock before it
 * starts, so a 429 storm or a slow Genesys ends in a clear error with time left to clean up, rather than
 * in a Lambda timeout that CloudFormation reports as a bare "no response".
 */
import type { GenesysClientOptions } from '../genesys-client/index.js';
import { OutOfTimeError } from './errors.js';

/** Kept back from the Lambda's remaining time for cleanup and the answer: 10 %, at least 2 s, at most 15 s. */
function safetyMarginMs(remainingMs: number): number {
  return Math.min(15_000, Math.max(2_000, Math.round(remainingMs * 0.1)));
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

export type GenesysRetryOptions = Required<
  Pick<GenesysClientOptions, 'timeoutMs' | 'maxRetries' | 'retryAfterCapMs' | 'maxRetryDelayMs'>
>;

export class TimeBudget {
  private readonly marginMs: number;

  /** @param remainingMs the Lambda context's `getRemainingTimeInMillis`, bound. */
  constructor(private readonly remainingMs: () => number) {
    this.marginMs = safetyMarginMs(remainingMs());
  }

  /** Time left for work, the safety margin already taken off. */
  leftMs(): number {
    return this.remainingMs() - this.marginMs;
  }

  /** Throws `OutOfTimeError` when `step` should not start any more. */
  ensure(step: string): void {
    if (this.leftMs() <= 0) {
      throw new OutOfTimeError(`not enough Lambda time left to ${step} (${Math.max(0, this.remainingMs())} ms remaining)`);
    }
  }

  /** Waits `ms`, or less when the budget would not cover it. */
  async pause(ms: number): Promise<void> {
    const wait = Math.max(0, Math.min(ms, this.leftMs()));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /**
   * Retry settings for a Genesys client created now: an eighth of the budget per attempt and per
   * `Retry-After` wait (within the client's own defaults of 15 s and 30 s), and as many retries as one
   * attempt plus one wait fit into the budget, from 2 to 6. With a 5-minute Lambda: 15 s, 30 s, 6 retries;
   * with one minute: 6.75 s, 6.75 s, 4 retries. Steps check the clock too (`ensure`), so a run of slow
   * attempts ends in a clear error rather than a Lambda timeout.
   */
  genesysRetryOptions(): GenesysRetryOptions {
    const left = Math.max(0, this.leftMs());
    const timeoutMs = Math.round(clamp(left / 8, 1_000, 15_000));
    const retryAfterCapMs = Math.round(clamp(left / 8, 1_000, 30_000));
    return {
      timeoutMs,
      retryAfterCapMs,
      maxRetryDelayMs: Math.round(clamp(left / 16, 500, 10_000)),
      maxRetries: clamp(Math.floor(left / (timeoutMs + retryAfterCapMs)), 2, 6),
    };
  }
}
