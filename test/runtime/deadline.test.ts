/**
 * The invocation budget: how it is computed from Lambda's remaining time and the action's timeout, and
 * the Deadline that counts it down and aborts a signal when it is spent.
 */
import { once } from 'node:events';
import { jest } from '@jest/globals';
import { Deadline, computeBudgetMs } from '../../lambda/runtime/deadline.js';

describe('computeBudgetMs', () => {
  it.each([
    { remaining: 10_000, timeoutSeconds: 5, margin: 100, budget: 4_900, why: 'the action timeout is the smaller' },
    { remaining: 3_000, timeoutSeconds: 5, margin: 100, budget: 2_900, why: 'Lambda time is the smaller' },
    { remaining: 80, timeoutSeconds: 5, margin: 100, budget: 0, why: 'floored at 0 when the margin eats it all' },
    { remaining: Number.NaN, timeoutSeconds: 8, margin: 150, budget: 7_850, why: 'no Lambda context: the action timeout alone' },
    { remaining: Number.POSITIVE_INFINITY, timeoutSeconds: 1, margin: 0, budget: 1_000, why: 'unbounded Lambda time' },
    { remaining: 10_000, timeoutSeconds: Number.NaN, margin: 100, budget: 0, why: 'a broken timeout gives no budget' },
    { remaining: 10_000, timeoutSeconds: 5, margin: -50, budget: 5_000, why: 'a negative margin counts as none' },
  ])('$why', ({ remaining, timeoutSeconds, margin, budget }) => {
    expect(computeBudgetMs(remaining, timeoutSeconds, margin)).toBe(budget);
  });
});

describe('Deadline', () => {
  it('counts down from its budget and is never negative', async () => {
    const deadline = new Deadline(40);
    expect(deadline.budgetMs).toBe(40);
    expect(deadline.remainingMs()).toBeLessThanOrEqual(40);
    expect(deadline.expired()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(deadline.remainingMs()).toBe(0);
    expect(deadline.expired()).toBe(true);
    expect(deadline.elapsedMs()).toBeGreaterThanOrEqual(40);
  });

  it('rejects a budget that is negative or not a number', () => {
    expect(() => new Deadline(-1)).toThrow(RangeError);
    expect(() => new Deadline(Number.NaN)).toThrow(RangeError);
  });

  it('aborts its signal with a TimeoutError once the budget is spent, and counts as expired from then on', async () => {
    const deadline = new Deadline(30);
    const signal = deadline.signal();
    expect(signal.aborted).toBe(false);
    await once(signal, 'abort');
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
    expect(deadline.expired()).toBe(true);
    expect(deadline.remainingMs()).toBe(0);
  });

  it('gives an already aborted signal when the budget is 0', () => {
    const deadline = new Deadline(0);
    expect(deadline.signal().aborted).toBe(true);
  });

  it('passes on the parent signal, with its reason, before the budget is spent', () => {
    const deadline = new Deadline(10_000);
    const parent = new AbortController();
    const signal = deadline.signal(parent.signal);
    parent.abort(new Error('lambda is about to time out'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('lambda is about to time out');
    expect(deadline.expired()).toBe(false);
  });

  it('fires the combined signal on the budget too', async () => {
    const deadline = new Deadline(20);
    const signal = deadline.signal(new AbortController().signal);
    await once(signal, 'abort');
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('hands out one signal per deadline (and per parent), not one per call', () => {
    const deadline = new Deadline(10_000);
    const parent = new AbortController().signal;
    expect(deadline.signal()).toBe(deadline.signal());
    expect(deadline.signal(parent)).toBe(deadline.signal(parent));
    expect(deadline.signal(parent)).not.toBe(deadline.signal());
  });

  it('never fires for a budget beyond what a timer can wait (an unbounded tool run)', async () => {
    const deadline = new Deadline(Number.POSITIVE_INFINITY);
    const signal = deadline.signal();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signal.aborted).toBe(false);
    expect(deadline.expired()).toBe(false);
  });

  it('dispose() stops the timer: the signal is not aborted when the budget would have run out', async () => {
    const deadline = new Deadline(30);
    const signal = deadline.signal(new AbortController().signal);
    deadline.dispose();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(signal.aborted).toBe(false);
    expect(deadline.remainingMs()).toBe(0); // the budget itself still counts down
  });

  it('dispose() clears the pending timer, and after it signal() starts none', () => {
    jest.useFakeTimers();
    try {
      const started = new Deadline(10_000);
      started.signal();
      expect(jest.getTimerCount()).toBe(1);
      started.dispose();
      expect(jest.getTimerCount()).toBe(0);
      const disposedFirst = new Deadline(10_000);
      disposedFirst.dispose();
      expect(disposedFirst.signal().aborted).toBe(false);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
