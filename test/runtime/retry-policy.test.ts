/**
 * The retry policy as pure functions: which failures may be retried (and for which actions), the
 * backoff, Retry-After parsing, and failing fast when the wait does not fit the budget.
 */
import fc from 'fast-check';
import { wasNeverSent, type ClassifiedFailure } from '../../lambda/runtime/downstream-failure.js';
import { backoffDelayMs, parseRetryAfterMs, retryDelayMs, toRetryAfterSeconds } from '../../lambda/runtime/retry-policy.js';

const settings = { baseDelayMs: 50, maxDelayMs: 1_000, minAttemptMs: 20 };
const half = () => 0.5;

describe('retryDelayMs', () => {
  it.each<[string, ClassifiedFailure, boolean, number | undefined]>([
    ['connection never made, not idempotent', { kind: 'not-sent' }, false, 25],
    ['connection never made, idempotent', { kind: 'not-sent' }, true, 25],
    ['reset after connecting, not idempotent', { kind: 'connection' }, false, undefined],
    ['reset after connecting, idempotent', { kind: 'connection' }, true, 25],
    ['503, idempotent', { kind: 'reply', status: 503 }, true, 25],
    ['502, idempotent', { kind: 'reply', status: 502 }, true, 25],
    ['504, idempotent', { kind: 'reply', status: 504 }, true, 25],
    ['429, idempotent', { kind: 'reply', status: 429 }, true, 25],
    ['503, not idempotent', { kind: 'reply', status: 503 }, false, undefined],
    ['500, idempotent (may have changed something)', { kind: 'reply', status: 500 }, true, undefined],
    ['404, idempotent', { kind: 'reply', status: 404 }, true, undefined],
    ['deadline', { kind: 'deadline' }, true, undefined],
    ['caller abort', { kind: 'caller-abort' }, true, undefined],
    ['unusable reply', { kind: 'bad-reply' }, true, undefined],
    ['our own bug', { kind: 'local' }, true, undefined],
  ])('%s', (_name, failure, idempotent, expected) => {
    expect(retryDelayMs(failure, idempotent, 1, 5_000, settings, half)).toBe(expected);
  });

  it('waits what Retry-After asks when it fits the budget', () => {
    expect(retryDelayMs({ kind: 'reply', status: 429, retryAfterMs: 1_000 }, true, 1, 5_000, settings, half)).toBe(1_000);
  });

  it('fails fast when Retry-After (plus a minimal attempt) does not fit what is left', () => {
    expect(retryDelayMs({ kind: 'reply', status: 429, retryAfterMs: 30_000 }, true, 1, 5_000, settings, half)).toBeUndefined();
    expect(retryDelayMs({ kind: 'reply', status: 503, retryAfterMs: 990 }, true, 1, 1_000, settings, half)).toBeUndefined();
  });

  it('fails fast when even the backoff does not fit', () => {
    expect(retryDelayMs({ kind: 'reply', status: 503 }, true, 3, 90, settings, () => 0.99)).toBeUndefined();
    expect(retryDelayMs({ kind: 'not-sent' }, false, 1, 10, settings, () => 0)).toBeUndefined();
  });
});

describe('backoffDelayMs (full jitter)', () => {
  it('stays within [0, min(max, base * 2^(n-1)))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, base, max, random) => {
          const delay = backoffDelayMs(retry, base, max, () => random);
          const ceiling = Math.min(max, base * 2 ** (retry - 1));
          return delay >= 0 && delay <= ceiling && (ceiling === 0 || delay < ceiling);
        },
      ),
    );
  });

  it('doubles its ceiling per retry', () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(1, 50, 1_000, top)).toBeCloseTo(50, 0);
    expect(backoffDelayMs(2, 50, 1_000, top)).toBeCloseTo(100, 0);
    expect(backoffDelayMs(3, 50, 1_000, top)).toBeCloseTo(200, 0);
    expect(backoffDelayMs(10, 50, 1_000, top)).toBeCloseTo(1_000, 0);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-05-01T12:00:00.000Z');

  it.each<[unknown, number | undefined]>([
    ['3', 3_000],
    [' 2 ', 2_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Fri, 01 May 2026 12:00:30 GMT', 30_000],
    ['Friday, 01-May-26 12:00:05 GMT', 5_000],
    ['Fri, 01 May 2026 11:59:00 GMT', 0],
    ['-1', undefined],
    ['soon', undefined],
    ['7 7', undefined],
    ['', undefined],
    [undefined, undefined],
    [['3'], undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });

  it('rounds up to whole seconds when passed on', () => {
    expect(toRetryAfterSeconds(1)).toBe(1);
    expect(toRetryAfterSeconds(30_000)).toBe(30);
    expect(toRetryAfterSeconds(0)).toBe(0);
  });
});

describe('wasNeverSent', () => {
  const coded = (code: string) => Object.assign(new Error(code), { code });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])('%s: no connection, nothing sent', (code) => {
    expect(wasNeverSent(coded(code))).toBe(true);
  });

  it.each(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ERR_BAD_RESPONSE'])('%s: may have been sent', (code) => {
    expect(wasNeverSent(coded(code))).toBe(false);
  });

  it('reads a Happy Eyeballs AggregateError: never sent only if every address refused', () => {
    const refusedEverywhere = new AggregateError([coded('ECONNREFUSED'), coded('EHOSTUNREACH')]);
    const oneReset = new AggregateError([coded('ECONNREFUSED'), coded('ECONNRESET')]);
    expect(wasNeverSent({ cause: refusedEverywhere })).toBe(true);
    expect(wasNeverSent(refusedEverywhere)).toBe(true);
    expect(wasNeverSent({ cause: oneReset })).toBe(false);
  });
});
