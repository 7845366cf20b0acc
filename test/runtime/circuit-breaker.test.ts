/**
 * The circuit breaker on its own (real opossum, an in-process action): when it opens, what it counts,
 * how it fails fast, half-opens and closes.
 */
import { DownstreamCircuitBreaker, type CircuitBreakerOptions } from '../../lambda/runtime/circuit-breaker.js';
import { CircuitOpenError } from '../../lambda/runtime/errors.js';

class Outage extends Error {}
class NotFound extends Error {}

type Outcome = 'ok' | 'outage' | 'not-found';

function breaker(options: CircuitBreakerOptions = {}) {
  const calls: Outcome[] = [];
  const pending: (() => void)[] = [];
  const instance = new DownstreamCircuitBreaker<Outcome | 'slow', string>(
    async (outcome) => {
      if (outcome === 'slow') {
        await new Promise<void>((resolve) => pending.push(resolve));
        return 'slow ok';
      }
      calls.push(outcome);
      if (outcome === 'outage') throw new Outage('down');
      if (outcome === 'not-found') throw new NotFound('no record');
      return 'ok';
    },
    (error) => error instanceof Outage,
    options,
  );
  return { instance, calls, releaseSlow: () => pending.splice(0).forEach((resolve) => resolve()) };
}

const settle = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: unknown) => error);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DownstreamCircuitBreaker', () => {
  const opened: { shutdown(): void }[] = [];
  const track = <T extends { instance: { shutdown(): void } }>(made: T): T => {
    opened.push(made.instance);
    return made;
  };
  afterEach(() => opened.splice(0).forEach((each) => each.shutdown()));

  it('does not open on one failure (defaults: 10 calls, above 50 %)', async () => {
    const { instance } = track(breaker());
    await settle(instance.fire('outage'));
    expect(instance.state).toBe('closed');
    for (let i = 0; i < 8; i++) await settle(instance.fire('outage'));
    expect(instance.state).toBe('closed'); // 9 calls: under the volume threshold
    await settle(instance.fire('outage'));
    expect(instance.state).toBe('open');
  });

  it('opens only when the failure rate is above the threshold', async () => {
    const { instance } = track(breaker({ volumeThreshold: 4 }));
    for (const outcome of ['ok', 'outage', 'ok', 'outage'] as const) await settle(instance.fire(outcome));
    expect(instance.state).toBe('closed'); // exactly 50 % is not above 50 %
    await settle(instance.fire('outage'));
    expect(instance.state).toBe('open'); // 3 of 5
  });

  it('never counts errors the caller does not call failures (a 404 proves the downstream is up)', async () => {
    const { instance } = track(breaker({ volumeThreshold: 2 }));
    for (let i = 0; i < 10; i++) {
      expect(await settle(instance.fire('not-found'))).toBeInstanceOf(NotFound);
    }
    expect(instance.state).toBe('closed');
  });

  it('fails fast while open, without running the action, saying when to retry', async () => {
    const { instance, calls } = track(breaker({ volumeThreshold: 2, resetTimeout: 2_500 }));
    await settle(instance.fire('outage'));
    await settle(instance.fire('outage'));
    expect(instance.state).toBe('open');
    const error = await settle(instance.fire('ok'));
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect((error as CircuitOpenError).retryAfterSeconds).toBe(3); // 2.5 s rounded up
    expect(calls).toEqual(['outage', 'outage']);
  });

  it('half-opens after the reset timeout, lets one trial through, and closes on its success', async () => {
    const { instance, releaseSlow } = track(breaker({ volumeThreshold: 2, resetTimeout: 100 }));
    await settle(instance.fire('outage'));
    await settle(instance.fire('outage'));
    await sleep(150);
    expect(instance.state).toBe('half_open');
    const trial = instance.fire('slow');
    const second = await settle(instance.fire('ok'));
    expect(second).toBeInstanceOf(CircuitOpenError); // only one trial at a time
    expect((second as CircuitOpenError).retryAfterSeconds).toBe(1);
    releaseSlow();
    await expect(trial).resolves.toBe('slow ok');
    expect(instance.state).toBe('closed');
    await expect(instance.fire('ok')).resolves.toBe('ok');
  });

  it('opens again when the half-open trial fails', async () => {
    const { instance } = track(breaker({ volumeThreshold: 2, resetTimeout: 100 }));
    await settle(instance.fire('outage'));
    await settle(instance.fire('outage'));
    await sleep(150);
    expect(instance.state).toBe('half_open');
    await settle(instance.fire('outage'));
    expect(instance.state).toBe('open');
  });

  it('closes when the half-open trial meets an error that is not a failure', async () => {
    const { instance } = track(breaker({ volumeThreshold: 2, resetTimeout: 100 }));
    await settle(instance.fire('outage'));
    await settle(instance.fire('outage'));
    await sleep(150);
    await settle(instance.fire('not-found'));
    expect(instance.state).toBe('closed');
  });

  it.each<[CircuitBreakerOptions, RegExp]>([
    [{ volumeThreshold: -1 }, /volumeThreshold/],
    [{ errorThresholdPercentage: 120 }, /errorThresholdPercentage/],
    [{ resetTimeout: 1.5 }, /resetTimeout/],
    [{ rollingCountTimeout: 1_000, rollingCountBuckets: 3 }, /multiple/],
  ])('rejects bad options up front: %j', (options, message) => {
    expect(() => breaker(options)).toThrow(message);
  });
});
