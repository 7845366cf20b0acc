/**
 * The downstream client against a real HTTP server on 127.0.0.1 (test/support/downstream-stub.ts):
 * what it sends, how replies map to the named errors, the reply caps, the deadline, keep-alive, and
 * that no error says more than the caller should read. Retries: downstream-client-retries.test.ts;
 * the circuit breaker: downstream-client-circuit.test.ts.
 */
import { inspect } from 'node:util';
import { DownstreamClient, type DownstreamClientOptions } from '../../lambda/runtime/downstream-client.js';
import {
  DeadlineExceededError,
  DownstreamAuthError,
  DownstreamBadReplyError,
  DownstreamNotFoundError,
  DownstreamRejectedError,
  DownstreamUnavailableError,
  InternalError,
  PayloadTooLargeError,
} from '../../lambda/runtime/errors.js';
import { reply } from '../support/downstream-stub.js';
import { failure, useDownstreamClientFixture } from '../support/downstream-client-fixture.js';

const downstream = useDownstreamClientFixture({ correlationId: 'corr-7f3a', clientDefaults: { baseDelayMs: 5 } });
const { clientFor, scope } = downstream;


describe('a successful call', () => {
  it('POSTs the operation with the bearer key, JSON headers, source and correlation id, and resolves the parsed reply', async () => {
    const bound = clientFor().bind(scope());
    const result = await bound.callOperation('lookup', { customer_id: 'cust_12345' });

    expect(result).toEqual({ status: 200, data: { customer: expect.objectContaining({ customer_id: 'cust_12345', first_name: 'Jane' }) } });
    expect(downstream.stub.requests).toHaveLength(1);
    const [request] = downstream.stub.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/v1/operations/lookup', json: { customer_id: 'cust_12345' } });
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${downstream.stub.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'x-request-source': 'genesys-data-action',
      'x-correlation-id': 'corr-7f3a',
    });
    expect(bound.stats).toMatchObject({ attempts: 1, retries: 0, circuitState: 'closed' });
    expect(bound.stats.downstreamLatencyMs).toBeGreaterThan(0);
  });

  it('serves update and delete through the same path, as the stub documents them', async () => {
    const bound = clientFor().bind(scope({ idempotent: false }));
    const updated = await bound.callOperation('update', { customer_id: 'cust_67890', status: 'active' });
    expect(updated.data).toMatchObject({ customer: { customer_id: 'cust_67890', status: 'active' } });
    const deleted = await bound.callOperation('delete', { customer_id: 'cust_67890', reason: 'duplicate' });
    expect(deleted.data).toEqual({ customer_id: 'cust_67890', deleted: true, deleted_at: expect.any(String) });
    expect(bound.stats.attempts).toBe(2); // stats add up over the binding's calls
  });

  it('keeps the connection alive across calls (one socket, not one per call)', async () => {
    const client = clientFor();
    for (let i = 0; i < 3; i++) await client.bind(scope()).callOperation('lookup', { customer_id: 'cust_12345' });
    expect(new Set(downstream.stub.requests.map((request) => request.connection)).size).toBe(1);
  });

  it('keeps a path prefix of the base URL', async () => {
    const error = await failure(clientFor({ baseUrl: `${downstream.stub.url}/crm/` }).bind(scope()).callOperation('lookup', { customer_id: 'cust_12345' }));
    expect(downstream.stub.requests[0]?.path).toBe('/crm/api/v1/operations/lookup');
    expect(error).toBeInstanceOf(DownstreamNotFoundError); // the stub serves no prefix
  });

  it('accepts a 204 with no body as data null', async () => {
    downstream.stub.enqueue(reply.raw(204, ''));
    await expect(clientFor().bind(scope()).callOperation('delete', { customer_id: 'cust_4242' })).resolves.toEqual({ status: 204, data: null });
  });

  it('drops characters a header cannot carry from the correlation id instead of failing the call', async () => {
    await clientFor().bind(scope({ correlationId: 'abc\r\nX-Injected: 1' })).callOperation('lookup', { customer_id: 'cust_12345' });
    expect(downstream.stub.requests[0]?.headers['x-correlation-id']).toBe('abcX-Injected: 1');
    expect(downstream.stub.requests[0]?.headers['x-injected']).toBeUndefined();
  });
});

describe('replies mapped to the named errors', () => {
  it('maps an unknown customer (404 from the real API) to DownstreamNotFoundError', async () => {
    const error = await failure(clientFor().bind(scope()).callOperation('lookup', { customer_id: 'cust_nobody' }));
    expect(error).toBeInstanceOf(DownstreamNotFoundError);
    expect(error.statusCode).toBe(404);
  });

  it('maps a refused update (422 from the real API) to DownstreamRejectedError', async () => {
    const error = await failure(clientFor().bind(scope({ idempotent: false })).callOperation('update', { customer_id: 'cust_12345', status: 'gone' }));
    expect(error).toBeInstanceOf(DownstreamRejectedError);
    expect(error.statusCode).toBe(422);
  });

  it('maps a wrong key (401 from the real API) to DownstreamAuthError, a 502: our configuration, not the caller', async () => {
    const error = await failure(clientFor().bind(scope({ apiKey: 'wrong-key' })).callOperation('lookup', { customer_id: 'cust_12345' }));
    expect(error).toBeInstanceOf(DownstreamAuthError);
    expect(error.statusCode).toBe(502);
  });

  it.each([
    [400, DownstreamRejectedError],
    [409, DownstreamRejectedError],
    [412, DownstreamRejectedError],
    [413, DownstreamRejectedError],
    [410, DownstreamNotFoundError],
    [403, DownstreamAuthError],
    [407, DownstreamAuthError],
    [405, DownstreamUnavailableError],
    [415, DownstreamUnavailableError],
    [500, DownstreamUnavailableError],
    [501, DownstreamUnavailableError],
    [301, DownstreamBadReplyError],
  ])('maps a scripted %i to %p, without retrying it', async (status, expected) => {
    downstream.stub.enqueue(reply.error(status, status === 301 ? { location: 'http://127.0.0.1:9/elsewhere' } : undefined));
    const bound = clientFor().bind(scope());
    const error = await failure(bound.callOperation('lookup', { customer_id: 'cust_12345' }));
    expect(error).toBeInstanceOf(expected);
    expect(downstream.stub.requests).toHaveLength(1); // a redirect is not followed either
    expect(bound.stats.attempts).toBe(1);
  });
});

describe('replies that cannot be used', () => {
  it('maps a 200 that is not JSON to DownstreamBadReplyError, not retried', async () => {
    downstream.stub.enqueue(reply.raw(200, '<html><body>Service maintenance</body></html>', 'text/html'));
    const error = await failure(clientFor().bind(scope()).callOperation('lookup', { customer_id: 'cust_12345' }));
    expect(error).toBeInstanceOf(DownstreamBadReplyError);
    expect(error.message).toBe('The business system sent a reply that is not JSON.');
    expect(inspect(error, { depth: 5 })).not.toContain('maintenance'); // the body never reaches a log line
    expect(downstream.stub.requests).toHaveLength(1);
  });

  it('maps a reply over the size cap to DownstreamBadReplyError (the transport stops reading it)', async () => {
    downstream.stub.enqueue(reply.json(200, { customer: { customer_id: 'cust_12345', notes: 'x'.repeat(5_000) } }));
    const error = await failure(clientFor({ maxReplyBytes: 1_024 }).bind(scope()).callOperation('lookup', { customer_id: 'cust_12345' }));
    expect(error).toBeInstanceOf(DownstreamBadReplyError);
    expect(downstream.stub.requests).toHaveLength(1);
  });

  it('maps a reply over the default 1 MiB cap to DownstreamBadReplyError', async () => {
    downstream.stub.enqueue(reply.raw(200, JSON.stringify({ blob: 'y'.repeat(1_100_000) }), 'application/json'));
    const error = await failure(clientFor().bind(scope()).callOperation('lookup', { customer_id: 'cust_12345' }));
    expect(error).toBeInstanceOf(DownstreamBadReplyError);
  });

  it('maps a connection reset before any reply to DownstreamUnavailableError', async () => {
    downstream.stub.enqueue(reply.reset());
    const error = await failure(clientFor().bind(scope({ idempotent: false })).callOperation('update', { customer_id: 'cust_12345', first_name: 'J' }));
    expect(error).toBeInstanceOf(DownstreamUnavailableError);
    expect(error.statusCode).toBe(502);
  });
});

describe('the deadline', () => {
  it('ends a call to a downstream that never answers with DeadlineExceededError, at the budget', async () => {
    downstream.stub.always(reply.hang());
    const bound = clientFor().bind(scope({ budgetMs: 300 }));
    const started = performance.now();
    const error = await failure(bound.callOperation('lookup', { customer_id: 'cust_12345' }));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error.statusCode).toBe(504);
    expect(elapsed).toBeGreaterThanOrEqual(250); // it waited for the budget...
    expect(elapsed).toBeLessThan(300 + 2_000); // ...and came back (generous bound: shared machines)
    expect(bound.stats.attempts).toBe(1); // a hang is not retried: the budget is gone
  });

  it('also bounds a reply whose body stalls after the headers (the signal, not only the attempt timeout)', async () => {
    downstream.stub.always(reply.hang(true));
    const started = performance.now();
    const error = await failure(clientFor().bind(scope({ budgetMs: 300 })).callOperation('lookup', { customer_id: 'cust_12345' }));
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(performance.now() - started).toBeLessThan(300 + 2_000);
  });

  it('lets a slow answer through when it fits the budget', async () => {
    downstream.stub.enqueue({ kind: 'api', delayMs: 150 });
    await expect(clientFor().bind(scope({ budgetMs: 2_000 })).callOperation('lookup', { customer_id: 'cust_12345' })).resolves.toMatchObject({ status: 200 });
  });

  it('lets an answer slower than the idle-socket timeout through (that timeout is for pooled sockets only)', async () => {
    const client = clientFor({ idleSocketTimeoutMs: 100 });
    await client.bind(scope()).callOperation('lookup', { customer_id: 'cust_12345' });
    downstream.stub.enqueue({ kind: 'api', delayMs: 300 });
    await expect(client.bind(scope()).callOperation('lookup', { customer_id: 'cust_12345' })).resolves.toMatchObject({ status: 200 });
  });

  it('does not call at all once the budget is spent', async () => {
    const bound = clientFor().bind(scope({ budgetMs: 0 }));
    expect(await failure(bound.callOperation('lookup', { customer_id: 'cust_12345' }))).toBeInstanceOf(DeadlineExceededError);
    expect(downstream.stub.requests).toHaveLength(0);
    expect(bound.stats.attempts).toBe(0);
  });

  it('does not call at all when the caller has already aborted', async () => {
    const signal = AbortSignal.abort(new Error('gone'));
    expect(await failure(clientFor().bind(scope({ signal })).callOperation('lookup', { customer_id: 'cust_12345' }))).toBeInstanceOf(DeadlineExceededError);
    expect(downstream.stub.requests).toHaveLength(0);
  });
});

describe('what an error may say', () => {
  it('never names the host, port, library or stack, keeps the cause, and keeps the bearer key out of it', async () => {
    const apiKey = 'secret-key-that-must-not-leak';
    downstream.stub.enqueue(reply.error(503));
    const served = await failure(clientFor().bind(scope({ apiKey, idempotent: false })).callOperation('lookup', { customer_id: 'cust_12345' }));
    const unreachable = await failure(
      clientFor({ baseUrl: 'http://127.0.0.1:9', maxRetries: 0 }).bind(scope({ apiKey })).callOperation('lookup', { customer_id: 'cust_12345' }),
    );
    for (const error of [served, unreachable]) {
      expect(error).toBeInstanceOf(DownstreamUnavailableError);
      expect(error.message).not.toMatch(/127\.0\.0\.1|localhost|:\d{2,5}|axios|http|ECONN|\bat\s/i);
      expect(error.cause).toBeDefined();
      expect(inspect(error, { depth: 8 })).not.toContain(apiKey);
      expect(JSON.stringify(error.cause)).not.toContain(apiKey);
    }
  });
});

describe('requests that are not made', () => {
  it('refuses a request body over the cap with PayloadTooLargeError before any attempt', async () => {
    const bound = clientFor({ maxRequestBytes: 1_000 }).bind(scope());
    const error = await failure(bound.callOperation('update', { customer_id: 'cust_12345', first_name: 'é'.repeat(600) }));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(downstream.stub.requests).toHaveLength(0);
  });

  it('refuses an operation name that is not a plain name (no path tricks)', async () => {
    const error = await failure(clientFor().bind(scope()).callOperation('../admin', {}));
    expect(error).toBeInstanceOf(InternalError);
    expect(downstream.stub.requests).toHaveLength(0);
  });

  it.each<[Partial<DownstreamClientOptions>, RegExp]>([
    [{ baseUrl: 'not a url' }, /absolute http\(s\) URL/],
    [{ baseUrl: 'ftp://127.0.0.1/' }, /http or https/],
    [{ baseUrl: 'http://user:pw@127.0.0.1/' }, /credentials/],
    [{ maxRetries: -1 }, /maxRetries/],
    [{ maxReplyBytes: 0 }, /maxReplyBytes/],
    [{ circuitBreaker: { volumeThreshold: -1 } }, /volumeThreshold/],
  ])('rejects bad options when constructed: %j', (options, message) => {
    expect(() => new DownstreamClient({ baseUrl: 'http://127.0.0.1:1', ...options })).toThrow(message);
  });
});
