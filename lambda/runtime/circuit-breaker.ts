/**
 * A per-container circuit breaker (opossum) in front of the business system. While the downstream is
 * down, calls fail at once with `CircuitOpenError` instead of holding one of the org's concurrent
 * data-action executions until the deadline.
 *
 * - Opens when the failure rate in the rolling window is **above** `errorThresholdPercentage`, and only
 *   once the window holds at least `volumeThreshold` calls: one failure never opens it.
 * - What is a failure is the caller's decision (`isFailure`); everything else counts as a success,
 *   so a 404 proves the downstream is alive as much as a 200 does (opossum's `errorFilter`).
 * - After `resetTimeout` ms it half-opens: exactly one trial call goes through (others still fail
 *   fast); its success closes the circuit, its failure opens it again for another `resetTimeout`.
 * - opossum's own timeout is off: the invocation's deadline governs how long a call may take.
 */
import CircuitBreaker from 'opossum';
import { CircuitOpenError } from './errors.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Open when more than this percentage of the calls in the window failed. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls the window must hold before the circuit may open. Default 10. */
  volumeThreshold?: number;
  /** Length of the rolling window, ms. Default 10 000. */
  rollingCountTimeout?: number;
  /** Buckets the window is divided into (must divide it evenly). Default 10. */
  rollingCountBuckets?: number;
  /** How long the circuit stays open before a trial call, ms. Default 5 000. */
  resetTimeout?: number;
}

export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: Readonly<Required<CircuitBreakerOptions>> = Object.freeze({
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  rollingCountTimeout: 10_000,
  rollingCountBuckets: 10,
  resetTimeout: 5_000,
});

export class DownstreamCircuitBreaker<TCall, TResult> {
  readonly #breaker: CircuitBreaker<[TCall], TResult>;
  readonly #resetTimeoutMs: number;
  #openedAt = 0;

  /**
   * @param action the protected call; its rejection is passed to `isFailure` and re-thrown as is.
   * @param isFailure whether a rejection counts against the downstream's health.
   */
  constructor(
    action: (call: TCall) => Promise<TResult>,
    isFailure: (error: unknown) => boolean,
    options: CircuitBreakerOptions = {},
  ) {
    const settings = resolveOptions(options);
    this.#resetTimeoutMs = settings.resetTimeout;
    this.#breaker = new CircuitBreaker(action, {
      ...settings,
      timeout: false,
      errorFilter: (error: unknown) => !isFailure(error),
      // Nothing here reads latency percentiles or snapshots: skip their cost on every call.
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    this.#breaker.on('open', () => {
      this.#openedAt = performance.now();
    });
  }

  /** Runs the action, or rejects with `CircuitOpenError` (without running it) while open. */
  fire(call: TCall): Promise<TResult> {
    const breaker = this.#breaker;
    // The same test opossum makes before rejecting with its own 'Breaker is open' error; doing it
    // here gives callers the named error and saves opossum's reject bookkeeping.
    if (!breaker.closed && !breaker.pendingClose) {
      return Promise.reject(
        new CircuitOpenError('The business system is failing; calls to it are paused for a moment.', {
          retryAfterSeconds: this.retryAfterSeconds(),
        }),
      );
    }
    return breaker.fire(call);
  }

  get state(): CircuitState {
    const breaker = this.#breaker;
    if (breaker.closed) return 'closed';
    return breaker.halfOpen ? 'half_open' : 'open';
  }

  /**
   * Whole seconds until the circuit lets a trial call through, rounded up; at least 1 while it is
   * not closed (half-open with its trial call under way counts as "try again in a second"), 0 when closed.
   */
  retryAfterSeconds(): number {
    const breaker = this.#breaker;
    if (breaker.closed) return 0;
    if (breaker.halfOpen) return 1;
    const leftMs = this.#openedAt + this.#resetTimeoutMs - performance.now();
    return Math.max(1, Math.ceil(leftMs / 1000));
  }

  /** Stops opossum's timers (tests, shutdown); later calls are rejected. */
  shutdown(): void {
    this.#breaker.shutdown();
  }
}

function resolveOptions(options: CircuitBreakerOptions): Required<CircuitBreakerOptions> {
  const settings = { ...DEFAULT_CIRCUIT_BREAKER_OPTIONS };
  for (const key of Object.keys(DEFAULT_CIRCUIT_BREAKER_OPTIONS) as (keyof CircuitBreakerOptions)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || (key !== 'errorThresholdPercentage' && !Number.isInteger(value))) {
      throw new RangeError(`circuitBreaker.${key} must be a non-negative ${key === 'errorThresholdPercentage' ? 'number' : 'integer'}, got ${value}`);
    }
    settings[key] = value;
  }
  if (settings.errorThresholdPercentage > 100) {
    throw new RangeError(`circuitBreaker.errorThresholdPercentage must be at most 100, got ${settings.errorThresholdPercentage}`);
  }
  if (
    settings.rollingCountBuckets < 1 ||
    settings.rollingCountTimeout < settings.rollingCountBuckets ||
    settings.rollingCountTimeout % settings.rollingCountBuckets !== 0
  ) {
    throw new RangeError('circuitBreaker.rollingCountTimeout must be a positive multiple of rollingCountBuckets');
  }
  return settings;
}
