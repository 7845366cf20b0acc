/**
 * The time budget of one invocation. Genesys waits at most the action's `timeoutSeconds`, Lambda at most
 * its remaining time: everything the invocation does downstream must finish inside the smaller of the
 * two, minus a safety margin that leaves room to write the answer (a 504 `DEADLINE_EXCEEDED` that
 * arrives after Genesys gave up helps nobody).
 *
 * ```ts
 * const deadline = new Deadline(computeBudgetMs(context.getRemainingTimeInMillis(), contract.timeoutSeconds, 150));
 * try {
 *   await fetchSomething({ signal: deadline.signal(request.signal) }); // aborted when the budget is spent
 * } finally {
 *   deadline.dispose(); // the invocation is over: its timer need not fire
 * }
 * ```
 */

/** `setTimeout` cannot wait longer than this (2^31 - 1 ms); a longer budget never fires. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The budget of an invocation: `min(remaining Lambda time, timeoutSeconds * 1000) - safetyMarginMs`,
 * floored at 0. A remaining time that is not a finite number (no Lambda context, as in some tools)
 * leaves the action's timeout alone in charge; a timeout that is not a number gives no budget at all.
 */
export function computeBudgetMs(remainingLambdaMs: number, timeoutSeconds: number, safetyMarginMs: number): number {
  const lambdaMs = Number.isFinite(remainingLambdaMs) ? remainingLambdaMs : Number.POSITIVE_INFINITY;
  const margin = safetyMarginMs > 0 ? safetyMarginMs : 0;
  const budget = Math.min(lambdaMs, timeoutSeconds * 1000) - margin;
  return budget > 0 ? budget : 0; // NaN (a bad timeoutSeconds) ends here too
}

/**
 * A budget that starts when constructed (`performance.now()`). Its abort signal is created on first
 * use, once per deadline: a plain AbortController and an unref'd timer (the "equivalent" of
 * `AbortSignal.timeout`, at a quarter of its cost on the warm path), combined with a parent signal
 * through `AbortSignal.any`. The abort reason is a `TimeoutError` DOMException, as with
 * `AbortSignal.timeout`.
 */
export class Deadline {
  readonly budgetMs: number;
  readonly #startedAt: number;
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #fired = false;
  #disposed = false;
  #parent: AbortSignal | undefined;
  #combined: AbortSignal | undefined;

  constructor(budgetMs: number) {
    if (!(budgetMs >= 0)) throw new RangeError(`Deadline budget must be a non-negative number of ms, got ${budgetMs}`);
    this.budgetMs = budgetMs;
    this.#startedAt = performance.now();
  }

  elapsedMs(): number {
    return performance.now() - this.#startedAt;
  }

  /** What is left of the budget, in ms (fractional); never negative, 0 once the signal fired. */
  remainingMs(): number {
    if (this.#fired) return 0;
    const remaining = this.budgetMs - (performance.now() - this.#startedAt);
    return remaining > 0 ? remaining : 0;
  }

  expired(): boolean {
    return this.remainingMs() === 0;
  }

  /**
   * An AbortSignal that fires when the budget is spent, or when `parent` (Middy's abort signal)
   * fires, whichever comes first. Repeated calls with the same parent return the same signal.
   */
  signal(parent?: AbortSignal): AbortSignal {
    const own = this.#controller?.signal ?? this.#startTimer();
    if (parent === undefined) return own;
    if (parent !== this.#parent || this.#combined === undefined) {
      this.#parent = parent;
      this.#combined = AbortSignal.any([parent, own]);
    }
    return this.#combined;
  }

  /**
   * Stops the timer, once the work it bounds is over (a warm container would otherwise carry one
   * pending timer per recent invocation, each firing an abort nobody listens to any more). The signal
   * stays as it is: not aborted, unless it already was; `remainingMs()` keeps counting.
   */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #startTimer(): AbortSignal {
    const controller = new AbortController();
    this.#controller = controller;
    const remaining = this.remainingMs();
    if (remaining === 0) {
      this.#fire();
    } else if (remaining <= MAX_TIMER_MS && !this.#disposed) {
      // The timer may run a little early against performance.now() (libuv caches loop time), so the
      // deadline counts as spent from the moment it fires: remainingMs() and expired() agree with it.
      this.#timer = setTimeout(() => this.#fire(), Math.ceil(remaining)).unref();
    }
    return controller.signal;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#fired = true;
    this.#controller?.abort(new DOMException('The time budget of this invocation is spent.', 'TimeoutError'));
  }
}
