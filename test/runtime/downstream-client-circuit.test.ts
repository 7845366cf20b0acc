/**
 * The downstream client's circuit breaker against a real HTTP server on 127.0.0.1: it opens on a
 * failure rate over enough calls (never on one), fails fast without reaching the downstream, half-opens
 * after the reset timeout and closes after a success; what counts as a failure.
 */
import {
  CircuitOpenError,
  DeadlineExceededError,
  DownstreamNotFoundError,
  DownstreamUnavailableError,
} from '../../lambda/runtime/errors.js';
import { DownstreamStub, reply } from '../support/downstream-stub.js';
import { failure, sleep, useDownstreamClientFixture } from '../support/downstream-client-fixture.js';

const downstream = useDownstreamClientFixture({ correlationId: 'corr-circuit', clientDefaults: { maxRetries: 0 } });
const { clientFor, scope } = downstream;

const lookup = { customer_id: 'cust_12345' };


it('with the defaults, stays closed after one failure and after nine (under the 10-call volume)', async () => {
  downstream.stub.always(reply.error(503));
  const client = clientFor();
  await failure(client.bind(scope()).callOperation('lookup', lookup));
  expect(client.circuitState).toBe('closed');
  for (let i = 0; i < 8; i++) await failure(client.bind(scope()).callOperation('lookup', lookup));
  expect(client.circuitState).toBe('closed');
  await failure(client.bind(scope()).callOperation('lookup', lookup));
  expect(client.circuitState).toBe('open');
});

it('opens after enough failures, fails fast without reaching the downstream, half-opens, and closes after a success', async () => {
  downstream.stub.always(reply.error(503));
  const client = clientFor({ circuitBreaker: { volumeThreshold: 4, resetTimeout: 300 } });
  for (let i = 1; i <= 3; i++) {
    expect(await failure(client.bind(scope()).callOperation('lookup', lookup))).toBeInstanceOf(DownstreamUnavailableError);
    expect(client.circuitState).toBe('closed');
  }
  const fourth = client.bind(scope());
  await failure(fourth.callOperation('lookup', lookup));
  expect(client.circuitState).toBe('open');
  expect(fourth.stats.circuitState).toBe('open');

  const rejected = client.bind(scope());
  const started = performance.now();
  const error = await failure(rejected.callOperation('lookup', lookup));
  expect(error).toBeInstanceOf(CircuitOpenError);
  expect(error.statusCode).toBe(503);
  expect(error.retryAfterSeconds).toBe(1); // 300 ms until half-open, rounded up
  expect(performance.now() - started).toBeLessThan(250); // failed fast
  expect(downstream.stub.requests).toHaveLength(4); // the fifth call never reached the downstream
  expect(rejected.stats).toMatchObject({ attempts: 0, circuitState: 'open' });

  await sleep(350);
  expect(client.circuitState).toBe('half_open');
  downstream.stub.always(undefined); // the downstream recovers
  const trial = client.bind(scope());
  await expect(trial.callOperation('lookup', lookup)).resolves.toMatchObject({ status: 200 });
  expect(client.circuitState).toBe('closed');
  expect(trial.stats.circuitState).toBe('closed');
});

it('opens again when the half-open trial fails', async () => {
  downstream.stub.always(reply.error(502));
  const client = clientFor({ circuitBreaker: { volumeThreshold: 2, resetTimeout: 200 } });
  await failure(client.bind(scope()).callOperation('lookup', lookup));
  await failure(client.bind(scope()).callOperation('lookup', lookup));
  expect(client.circuitState).toBe('open');
  await sleep(250);
  expect(client.circuitState).toBe('half_open');
  await failure(client.bind(scope()).callOperation('lookup', lookup));
  expect(client.circuitState).toBe('open');
  expect(await failure(client.bind(scope()).callOperation('lookup', lookup))).toBeInstanceOf(CircuitOpenError);
});

it('counts one failure per call, retries included: retries do not open it sooner', async () => {
  downstream.stub.always(reply.error(503));
  const client = clientFor({ maxRetries: 2, baseDelayMs: 1, circuitBreaker: { volumeThreshold: 2 } });
  const bound = client.bind(scope());
  await failure(bound.callOperation('lookup', lookup));
  expect(bound.stats.attempts).toBe(3);
  expect(client.circuitState).toBe('closed');
});

it('never opens on 4xx replies: the downstream is answering', async () => {
  const client = clientFor({ circuitBreaker: { volumeThreshold: 2 } });
  for (let i = 0; i < 6; i++) {
    expect(await failure(client.bind(scope()).callOperation('lookup', { customer_id: 'cust_missing' }))).toBeInstanceOf(DownstreamNotFoundError);
  }
  downstream.stub.always(reply.error(422));
  for (let i = 0; i < 4; i++) await failure(client.bind(scope()).callOperation('lookup', lookup));
  expect(client.circuitState).toBe('closed');
});

it('counts a downstream that hangs until our deadline as failing', async () => {
  downstream.stub.always(reply.hang());
  const client = clientFor({ circuitBreaker: { volumeThreshold: 2 } });
  for (let i = 0; i < 2; i++) {
    expect(await failure(client.bind(scope({ budgetMs: 100 })).callOperation('lookup', lookup))).toBeInstanceOf(DeadlineExceededError);
  }
  expect(client.circuitState).toBe('open');
});

it('counts refused connections as failing', async () => {
  const gone = await DownstreamStub.start();
  const port = gone.port;
  await gone.close();
  const client = clientFor({ baseUrl: `http://127.0.0.1:${port}`, circuitBreaker: { volumeThreshold: 2 } });
  for (let i = 0; i < 2; i++) await failure(client.bind(scope()).callOperation('lookup', lookup));
  expect(client.circuitState).toBe('open');
});

it("does not count the caller's abort before the deadline against the downstream", async () => {
  downstream.stub.always(reply.hang());
  const client = clientFor({ circuitBreaker: { volumeThreshold: 2 } });
  for (let i = 0; i < 3; i++) {
    const caller = new AbortController();
    const call = failure(client.bind(scope({ signal: caller.signal })).callOperation('lookup', lookup));
    await downstream.stub.waitForRequests(i + 1);
    caller.abort();
    expect(await call).toBeInstanceOf(DeadlineExceededError);
  }
  expect(client.circuitState).toBe('closed');
});
