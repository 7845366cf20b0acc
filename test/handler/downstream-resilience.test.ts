/**
 * How the endpoint behaves when the business system misbehaves, end to end: API Gateway event in,
 * real downstream client over HTTP to the stub, answer and audit record out. The downstream client's
 * own tests cover its mechanics; these prove the handler turns them into the right answers in time.
 */
import { actionRegistry } from '../../lambda/generated/action-registry.js';
import type { RegisteredAction } from '../../lambda/runtime/action.js';
import { reply } from '../support/downstream-stub.js';
import { proxyResult, type Invocation, type LambdaHarness } from '../support/lambda-harness.js';
import { withLambdaHarness } from '../support/lambda-harness-suite.js';

const lookup = { body: { customer_id: 'cust_12345' } };
const update = { action: 'customer-update', body: { customer_id: 'cust_12345', first_name: 'Janet' } };

function statusAndAudit(invocation: Invocation) {
  expect(invocation.audits).toHaveLength(1);
  const answer = proxyResult(invocation.result);
  return { status: answer.statusCode, headers: answer.headers, body: answer.body, audit: invocation.audits[0] as Record<string, unknown> };
}

describe('retries, deadlines and bad replies', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started));

  it('a business system that never answers: 504 once the action timeout (minus the margin) is spent, before Genesys gives up', async () => {
    // customer-lookup: timeoutSeconds 5, Lambda has 30 s left: the action timeout governs (5000 - 250 ms).
    h.stub.always(reply.hang());
    const invocation = await h.invoke(h.apiEvent(lookup), { timeoutMs: 30_000 });
    const { status, body, audit } = statusAndAudit(invocation);
    expect(status).toBe(504);
    expect((body.error as { code: string }).code).toBe('DEADLINE_EXCEEDED');
    expect(audit).toMatchObject({ outcome: 'deadline_exceeded', http_status: 504, attempts: 1 });
    expect(invocation.elapsedMs).toBeGreaterThanOrEqual(4_700);
    expect(invocation.elapsedMs).toBeLessThan(5_000);
  }, 15_000);

  it('a hang after the headers (a reply that stops streaming) is cut at the deadline too', async () => {
    h.stub.always(reply.hang(true));
    const invocation = await h.invoke(h.apiEvent(lookup), { timeoutMs: 1_200 });
    expect(statusAndAudit(invocation).status).toBe(504);
    expect(invocation.elapsedMs).toBeLessThan(1_200);
  });

  it('503 then 200: retried, answered 200, audit attempts=2', async () => {
    h.stub.enqueue(reply.error(503), reply.api());
    const invocation = await h.invoke(h.apiEvent(lookup));
    const { status, audit } = statusAndAudit(invocation);
    expect(status).toBe(200);
    expect(audit).toMatchObject({ attempts: 2, retries: 1, outcome: 'success' });
    expect(h.stub.requests).toHaveLength(2);
    expect(invocation.emf[0]).toMatchObject({ Success: 1, Retries: 1 });
  });

  it('429 with a Retry-After that fits the budget: waits that long, then succeeds', async () => {
    h.stub.enqueue(reply.error(429, { 'retry-after': '1' }), reply.api());
    const { status, audit } = statusAndAudit(await h.invoke(h.apiEvent(lookup)));
    expect(status).toBe(200);
    expect(audit).toMatchObject({ attempts: 2, retries: 1 });
    const [first, second] = h.stub.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('429 with a Retry-After that does not fit: fails fast with 503 and the Retry-After passed on', async () => {
    h.stub.enqueue(reply.error(429, { 'retry-after': '30' }));
    const invocation = await h.invoke(h.apiEvent(lookup));
    const { status, headers, audit } = statusAndAudit(invocation);
    expect(status).toBe(503);
    expect(headers['Retry-After']).toBe('30');
    expect(audit).toMatchObject({ error_code: 'DOWNSTREAM_THROTTLED', attempts: 1, retries: 0 });
    expect(invocation.elapsedMs).toBeLessThan(1_000);
  });

  it('connection reset on an idempotent action (lookup): retried and answered', async () => {
    h.stub.enqueue(reply.reset(), reply.api());
    const { status, audit } = statusAndAudit(await h.invoke(h.apiEvent(lookup)));
    expect(status).toBe(200);
    expect(audit).toMatchObject({ attempts: 2, retries: 1 });
  });

  it('connection reset on a non-idempotent action (update): not repeated, 502', async () => {
    h.stub.enqueue(reply.reset(), reply.api());
    const { status, body, audit } = statusAndAudit(await h.invoke(h.apiEvent(update)));
    expect(status).toBe(502);
    expect((body.error as { code: string }).code).toBe('DOWNSTREAM_ERROR');
    expect(audit).toMatchObject({ attempts: 1, retries: 0 });
    expect(h.stub.requests).toHaveLength(1);
  });

  it('a POST of a non-idempotent action is not retried on 503 either', async () => {
    h.stub.enqueue(reply.error(503), reply.api());
    const { status, audit } = statusAndAudit(await h.invoke(h.apiEvent({ action: 'customer-delete', body: { customer_id: 'cust_4242' } })));
    expect(status).toBe(502);
    expect(audit).toMatchObject({ attempts: 1, retries: 0 });
    expect(h.stub.requests).toHaveLength(1);
    expect(h.stub.customers.has('cust_4242')).toBe(true);
  });

  it('a reply cut off mid-body: 502, never a crash', async () => {
    h.stub.enqueue(reply.reset(true));
    const { status } = statusAndAudit(await h.invoke(h.apiEvent(update)));
    expect(status).toBe(502);
  });

  it('a non-JSON reply: 502 DOWNSTREAM_BAD_REPLY, and its text is not logged', async () => {
    h.stub.enqueue(reply.raw(200, 'CanaryReplyText not json'));
    const invocation = await h.invoke(h.apiEvent(lookup));
    const { status, body } = statusAndAudit(invocation);
    expect(status).toBe(502);
    expect((body.error as { code: string }).code).toBe('DOWNSTREAM_BAD_REPLY');
    for (const line of invocation.lines) expect(line.text).not.toContain('CanaryReplyText');
  });

  it('an oversized reply (over the 1 MiB cap): 502 DOWNSTREAM_BAD_REPLY', async () => {
    h.stub.enqueue(reply.json(200, { customer: { customer_id: 'cust_12345', first_name: 'x'.repeat(1_100_000) } }));
    const { status, body } = statusAndAudit(await h.invoke(h.apiEvent(lookup)));
    expect(status).toBe(502);
    expect((body.error as { code: string }).code).toBe('DOWNSTREAM_BAD_REPLY');
  });

  it('the business system unreachable (connection refused): retried, then 502', async () => {
    await h.stub.stop();
    try {
      const { status, body, audit } = statusAndAudit(await h.invoke(h.apiEvent(update)));
      expect(status).toBe(502);
      expect((body.error as { code: string }).code).toBe('DOWNSTREAM_ERROR');
      // Refused connections never reached the business system: retried even for a non-idempotent action.
      expect(audit.attempts).toBe(3);
    } finally {
      await h.stub.restart();
    }
  });
});

describe('the two clocks', () => {
  let h: LambdaHarness;
  // An action that ignores every signal: only Middy's early timeout can end it.
  const stuck: RegisteredAction = { ...(actionRegistry['customer-lookup'] as RegisteredAction), handle: () => new Promise<never>(() => undefined) };
  withLambdaHarness((started) => (h = started), { dependencies: { registry: { ...actionRegistry, 'customer-stuck': stuck } } });

  it("Middy's early timeout is the backstop: 504 before Lambda's own timeout, one audit record", async () => {
    const invocation = await h.invoke(h.apiEvent({ action: 'customer-stuck', body: { customer_id: 'cust_12345' } }), { timeoutMs: 700 });
    const { status, body, audit } = statusAndAudit(invocation);
    expect(status).toBe(504);
    expect((body.error as { code: string }).code).toBe('DEADLINE_EXCEEDED');
    expect(audit.outcome).toBe('deadline_exceeded');
    expect(invocation.elapsedMs).toBeLessThan(700);
  });

  it('no budget left (Lambda time below the safety margin): 504 at once, the business system never called', async () => {
    const invocation = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }), { timeoutMs: 200 });
    const { status, audit } = statusAndAudit(invocation);
    expect(status).toBe(504);
    expect(audit).toMatchObject({ attempts: 0, outcome: 'deadline_exceeded' });
    expect(h.stub.requests).toHaveLength(0);
  });
});

describe('the circuit breaker, seen through the handler', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started), {
    circuitBreaker: { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeout: 400, rollingCountTimeout: 10_000, rollingCountBuckets: 10 },
  });

  it('opens after repeated failures (503 CIRCUIT_OPEN, nothing sent), then closes after a good trial call', async () => {
    h.stub.always(reply.error(500)); // 500: not retried, counts against the downstream
    for (let i = 0; i < 4; i++) {
      const { status } = statusAndAudit(await h.invoke(h.apiEvent(lookup)));
      expect(status).toBe(502);
    }
    const sentBefore = h.stub.requests.length;
    const refused = await h.invoke(h.apiEvent(lookup));
    const open = statusAndAudit(refused);
    expect(open.status).toBe(503);
    expect((open.body.error as { code: string }).code).toBe('CIRCUIT_OPEN');
    expect(Number(open.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(open.audit).toMatchObject({ circuit_state: 'open', attempts: 0 });
    expect(h.stub.requests.length).toBe(sentBefore);
    expect(refused.emf.find((e) => 'CircuitOpen' in e)).toMatchObject({ CircuitOpen: 1, ServerError: 1, action: 'customer-lookup' });

    h.stub.always(undefined);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const trial = statusAndAudit(await h.invoke(h.apiEvent(lookup)));
    expect(trial.status).toBe(200);
    expect(trial.audit.circuit_state).toBe('closed');
    expect(statusAndAudit(await h.invoke(h.apiEvent(lookup))).status).toBe(200);
  });
});
