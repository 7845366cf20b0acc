/**
 * Retries of the downstream client against a real HTTP server on 127.0.0.1: what is retried for which
 * action, Retry-After within the budget (or failing fast), connections that failed before or after the
 * request was sent, a caller's abort, and the kept-alive socket that died while the container was frozen.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  DeadlineExceededError,
  DownstreamThrottledError,
  DownstreamUnavailableError,
} from '../../lambda/runtime/errors.js';
import { DownstreamStub, reply } from '../support/downstream-stub.js';
import { failure, sleep, useDownstreamClientFixture } from '../support/downstream-client-fixture.js';

const downstream = useDownstreamClientFixture({ correlationId: 'corr-retry', clientDefaults: { baseDelayMs: 5 } });
const { clientFor, scope } = downstream;

const lookup = { customer_id: 'cust_12345' };
const update = { customer_id: 'cust_12345', first_name: 'Janet' };


describe('retried replies', () => {
  it('retries a 503 for an idempotent action and succeeds (attempts = 2)', async () => {
    downstream.stub.enqueue(reply.error(503), reply.api());
    const bound = clientFor().bind(scope());
    await expect(bound.callOperation('lookup', lookup)).resolves.toMatchObject({ status: 200 });
    expect(bound.stats).toMatchObject({ attempts: 2, retries: 1 });
    expect(downstream.stub.requests).toHaveLength(2);
  });

  it.each([502, 504, 429])('retries a %i for an idempotent action', async (status) => {
    downstream.stub.enqueue(reply.error(status), reply.api());
    const bound = clientFor().bind(scope());
    await expect(bound.callOperation('lookup', lookup)).resolves.toMatchObject({ status: 200 });
    expect(bound.stats.attempts).toBe(2);
  });

  it('gives up after maxRetries with the last failure: DownstreamUnavailableError after 1 + 2 attempts', async () => {
    downstream.stub.always(reply.error(503));
    const bound = clientFor().bind(scope());
    expect(await failure(bound.callOperation('lookup', lookup))).toBeInstanceOf(DownstreamUnavailableError);
    expect(bound.stats).toMatchObject({ attempts: 3, retries: 2 });
    expect(downstream.stub.requests).toHaveLength(3);
  });

  it('does not retry a POST of a non-idempotent action: the downstream sees one request for a 503', async () => {
    downstream.stub.enqueue(reply.error(503), reply.api());
    const bound = clientFor().bind(scope({ idempotent: false }));
    expect(await failure(bound.callOperation('update', update))).toBeInstanceOf(DownstreamUnavailableError);
    expect(downstream.stub.requests).toHaveLength(1);
    expect(bound.stats).toMatchObject({ attempts: 1, retries: 0 });
  });
});

describe('Retry-After', () => {
  it('waits a 429 Retry-After (seconds) that fits the budget, then succeeds', async () => {
    downstream.stub.enqueue(reply.error(429, { 'retry-after': '1' }), reply.api());
    const bound = clientFor().bind(scope({ budgetMs: 4_000 }));
    const started = performance.now();
    await expect(bound.callOperation('lookup', lookup)).resolves.toMatchObject({ status: 200 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950); // it honoured the wait
    expect(bound.stats.attempts).toBe(2);
    expect(downstream.stub.requests[1]!.receivedAt - downstream.stub.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('fails fast on a 429 whose Retry-After cannot fit: DownstreamThrottledError with retryAfterSeconds', async () => {
    downstream.stub.always(reply.error(429, { 'retry-after': '30' }));
    const bound = clientFor().bind(scope({ budgetMs: 3_000 }));
    const started = performance.now();
    const error = await failure(bound.callOperation('lookup', lookup));
    expect(performance.now() - started).toBeLessThan(1_500); // not at the 3 s deadline
    expect(error).toBeInstanceOf(DownstreamThrottledError);
    expect(error.statusCode).toBe(503);
    expect(error.retryAfterSeconds).toBe(30);
    expect(downstream.stub.requests).toHaveLength(1);
  });

  it('honours Retry-After as an HTTP date that fits', async () => {
    downstream.stub.enqueue(reply.error(429, { 'retry-after': new Date(Date.now() + 1_500).toUTCString() }), reply.api());
    const bound = clientFor().bind(scope({ budgetMs: 4_000 }));
    const started = performance.now();
    await expect(bound.callOperation('lookup', lookup)).resolves.toMatchObject({ status: 200 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(450); // the date is to the second: 0.5-1.5 s
    expect(bound.stats.attempts).toBe(2);
  });

  it('passes on an HTTP-date Retry-After that cannot fit, in seconds', async () => {
    downstream.stub.always(reply.error(429, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }));
    const error = await failure(clientFor().bind(scope()).callOperation('lookup', lookup));
    expect(error).toBeInstanceOf(DownstreamThrottledError);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('keeps the Retry-After of a 503 that cannot be waited for on DownstreamUnavailableError (the 5xx class)', async () => {
    downstream.stub.always(reply.error(503, { 'retry-after': '120' }));
    const error = await failure(clientFor().bind(scope()).callOperation('lookup', lookup));
    expect(error).toBeInstanceOf(DownstreamUnavailableError);
    expect(error.retryAfterSeconds).toBe(120);
    expect(downstream.stub.requests).toHaveLength(1);
  });

  it('passes on the Retry-After of a 429 to a non-idempotent action, which is not retried', async () => {
    downstream.stub.enqueue(reply.error(429, { 'retry-after': '1' }), reply.api());
    const error = await failure(clientFor().bind(scope({ idempotent: false })).callOperation('update', update));
    expect(error).toBeInstanceOf(DownstreamThrottledError);
    expect(error.retryAfterSeconds).toBe(1);
    expect(downstream.stub.requests).toHaveLength(1);
  });
});

describe('connections that fail', () => {
  it('retries a refused connection even for a non-idempotent action, and says unreachable when it stays refused', async () => {
    const closed = await DownstreamStub.start();
    const port = closed.port;
    await closed.close(); // a port that just closed: connections to it are refused
    const bound = clientFor({ baseUrl: `http://127.0.0.1:${port}` }).bind(scope({ idempotent: false }));
    const error = await failure(bound.callOperation('update', update));
    expect(error).toBeInstanceOf(DownstreamUnavailableError);
    expect(error.message).toBe('The business system could not be reached.');
    expect(bound.stats).toMatchObject({ attempts: 3, retries: 2 });
  });

  it('delivers a non-idempotent update exactly once when the downstream comes back between refused attempts', async () => {
    await downstream.stub.stop();
    const bound = clientFor({ maxRetries: 6, baseDelayMs: 100 }).bind(scope({ idempotent: false, budgetMs: 10_000 }));
    const call = bound.callOperation('update', update);
    // Once a second attempt has started, the first was refused: bring the downstream back for the next.
    const until = performance.now() + 5_000;
    while (bound.stats.attempts < 2 && performance.now() < until) await new Promise((resolve) => setImmediate(resolve));
    await downstream.stub.restart();
    await expect(call).resolves.toMatchObject({ status: 200, data: { customer: { first_name: 'Janet' } } });
    expect(bound.stats.attempts).toBeGreaterThanOrEqual(2);
    expect(bound.stats.retries).toBe(bound.stats.attempts - 1);
    expect(downstream.stub.requests).toHaveLength(1); // refused attempts never reached it; the one that did, once
  });

  it('does not retry a non-idempotent call whose connection was reset after the request went out', async () => {
    downstream.stub.enqueue(reply.reset(), reply.api());
    const bound = clientFor().bind(scope({ idempotent: false }));
    expect(await failure(bound.callOperation('update', update))).toBeInstanceOf(DownstreamUnavailableError);
    expect(downstream.stub.requests).toHaveLength(1); // the downstream did receive it: repeating could apply it twice
  });

  it('maps a connection reset mid-reply to DownstreamUnavailableError, not retried when not idempotent', async () => {
    downstream.stub.enqueue(reply.reset(true), reply.api());
    const bound = clientFor().bind(scope({ idempotent: false }));
    const error = await failure(bound.callOperation('update', update));
    expect(error).toBeInstanceOf(DownstreamUnavailableError);
    expect(downstream.stub.requests).toHaveLength(1);
  });

  it('retries a connection reset mid-reply for an idempotent action', async () => {
    downstream.stub.enqueue(reply.reset(true), reply.api());
    const bound = clientFor().bind(scope());
    await expect(bound.callOperation('lookup', lookup)).resolves.toMatchObject({ status: 200 });
    expect(bound.stats.attempts).toBe(2);
  });

  it('does not reuse a kept-alive socket that died while the container was frozen', async () => {
    // The downstream runs in another process so it can close its idle socket while this one is frozen
    // (simulated by blocking the event loop, as a frozen Lambda does not run timers or read sockets).
    const stubScript = fileURLToPath(new URL('../../tools/customer-service-stub/downstream-stub.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', stubScript, '--keep-alive-timeout-ms', '2000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      const { url, apiKey } = JSON.parse(String(line)) as { url: string; apiKey: string };
      const client = clientFor({ baseUrl: url, idleSocketTimeoutMs: 1_000 });
      await client.bind(scope({ apiKey })).callOperation('lookup', lookup);
      // Node's server closes an idle socket 1 s after its keep-alive timeout: 2 s + 1 s, then some.
      const frozenUntil = Date.now() + 3_500;
      while (Date.now() < frozenUntil) {
        // frozen
      }
      const bound = client.bind(scope({ apiKey, idempotent: false }));
      await expect(bound.callOperation('update', update)).resolves.toMatchObject({ status: 200 });
      expect(bound.stats.attempts).toBe(1);
    } finally {
      child.kill();
    }
  });
});

describe('abort', () => {
  it('stops retrying when the caller aborts during the wait: DeadlineExceededError at once, no further request', async () => {
    downstream.stub.enqueue(reply.error(429, { 'retry-after': '2' }), reply.api());
    const caller = new AbortController();
    const bound = clientFor().bind(scope({ budgetMs: 5_000, signal: caller.signal }));
    const call = failure(bound.callOperation('lookup', lookup));
    await downstream.stub.waitForRequests(1);
    await sleep(100); // the 429 has arrived; the client is waiting out Retry-After
    const abortedAt = performance.now();
    caller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(performance.now() - abortedAt).toBeLessThan(1_000); // not after the 2 s wait
    await sleep(200);
    expect(downstream.stub.requests).toHaveLength(1);
    expect(bound.stats).toMatchObject({ attempts: 1, retries: 0 });
  });

  it('aborts an attempt in flight when the caller aborts', async () => {
    downstream.stub.always(reply.hang());
    const caller = new AbortController();
    const bound = clientFor().bind(scope({ budgetMs: 5_000, signal: caller.signal }));
    const call = failure(bound.callOperation('lookup', lookup));
    await downstream.stub.waitForRequests(1);
    caller.abort();
    expect(await call).toBeInstanceOf(DeadlineExceededError);
    expect(downstream.stub.requests).toHaveLength(1);
  });
});
