/**
 * The audit trail and the metrics, read back from what the handler wrote to stdout/stderr:
 * - exactly one audit record per invocation, whatever the outcome, with the pinned keys and values;
 * - `input_hash` = HMAC-SHA256 of the canonical JSON of the input under the audit key (recomputed here);
 * - EMF lines valid against the EMF specification, one per invocation, with the pinned names;
 * - no secret and no raw input value in any line, even with event logging and DEBUG asked for.
 */
import { createHmac } from 'node:crypto';
import { actionRegistry } from '../../lambda/generated/action-registry.js';
import { ORG_ID } from '../support/apigw-events.js';
import { reply } from '../support/downstream-stub.js';
import { emfProblems } from '../support/lambda-emf.js';
import { PII_CANARIES } from '../support/canaries.js';
import { BASIC_AUTHORIZATION, CANARY, proxyResult, type Invocation, type LambdaHarness } from '../support/lambda-harness.js';
import { withLambdaHarness } from '../support/lambda-harness-suite.js';

const AUDIT_KEYS = [
  'log_type', 'timestamp', 'action', 'contract_hash', 'correlation_id', 'genesys_org_id', 'genesys_user_id', 'aws_request_id',
  'invocation_type', 'input_hash', 'idempotent_replay', 'outcome', 'http_status', 'error_code', 'latency_ms', 'downstream_latency_ms', 'attempts',
  'retries', 'circuit_state', 'cold_start',
];
/** Powertools's own keys on every line. */
const POWERTOOLS_KEYS = ['level', 'message', 'service', 'sampling_rate'];

const hmac = (canonicalJson: string) => createHmac('sha256', CANARY.auditHmacKey).update(canonicalJson).digest('hex');

describe('audit records and EMF metrics', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started));

  it('the first invocation is the cold start: cold_start true once, and Powertools ColdStart metric once', async () => {
    const first = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }));
    const second = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }));
    expect(first.audits[0]?.cold_start).toBe(true);
    expect(second.audits[0]?.cold_start).toBe(false);
    expect(first.emf.filter((e) => 'ColdStart' in e)).toEqual([
      expect.objectContaining({ ColdStart: 1, service: 'genesys-data-actions', function_name: 'genesys-data-actions' }),
    ]);
    expect(second.emf.filter((e) => 'ColdStart' in e)).toHaveLength(0);
  });

  it('a success: the full record, every pinned key, and input_hash recomputable by an auditor', async () => {
    const event = h.apiEvent({
      action: 'customer-update',
      // Keys deliberately out of order: the hash is over canonical JSON.
      body: { first_name: 'Janet', customer_id: 'cust_12345' },
      headers: { 'ININ-Correlation-Id': 'corr-0001', 'ININ-User-Id': 'a9b8c7d6-e5f4-4321-8765-0fedcba98765' },
    });
    const invocation = await h.invoke(event, { awsRequestId: 'req-0001' });
    expect(invocation.audits).toHaveLength(1);
    const audit = invocation.audits[0] as Record<string, unknown>;
    expect(Object.keys(audit).sort()).toEqual(
      [...AUDIT_KEYS, ...POWERTOOLS_KEYS, 'aws_request_id', 'correlation_id'].filter((k, i, all) => all.indexOf(k) === i).sort(),
    );
    expect(audit).toEqual({
      level: 'INFO',
      message: 'data-action audit',
      service: 'genesys-data-actions',
      sampling_rate: 0,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      log_type: 'AUDIT',
      action: 'customer-update',
      contract_hash: actionRegistry['customer-update']?.contractHash,
      correlation_id: 'corr-0001',
      genesys_org_id: ORG_ID,
      genesys_user_id: 'a9b8c7d6-e5f4-4321-8765-0fedcba98765',
      aws_request_id: 'req-0001',
      invocation_type: 'api',
      input_hash: hmac('{"customer_id":"cust_12345","first_name":"Janet"}'),
      idempotent_replay: false,
      outcome: 'success',
      http_status: 200,
      error_code: null,
      latency_ms: expect.any(Number),
      downstream_latency_ms: expect.any(Number),
      attempts: 1,
      retries: 0,
      circuit_state: 'closed',
      cold_start: expect.any(Boolean), // asserted in the cold-start test
    });
    expect(audit.latency_ms as number).toBeGreaterThanOrEqual(audit.downstream_latency_ms as number);
  });

  it('exactly one audit record per invocation, for every kind of outcome', async () => {
    const noCredential = h.apiEvent({ body: { customer_id: 'cust_12345' } });
    delete noCredential.headers.Authorization;
    const cases: [string, () => Promise<Invocation>, Record<string, unknown>][] = [
      ['401', () => h.invoke(noCredential), { http_status: 401, outcome: 'client_error', input_hash: null, contract_hash: null, attempts: 0, circuit_state: null }],
      ['405', () => h.invoke(h.apiEvent({ method: 'PUT' })), { http_status: 405, error_code: 'METHOD_NOT_ALLOWED' }],
      ['404 unknown', () => h.invoke(h.apiEvent({ action: 'nope', body: {} })), { http_status: 404, action: 'nope', contract_hash: null }],
      ['400 json', () => h.invoke(h.apiEvent({ rawBody: '{' })), { http_status: 400, error_code: 'INVALID_JSON', input_hash: null }],
      ['413', () => h.invoke(h.apiEvent({ rawBody: 'x'.repeat(70_000) })), { http_status: 413, input_hash: null }],
      ['400 contract', () => h.invoke(h.apiEvent({ body: { customer_id: 1 } })), { http_status: 400, input_hash: hmac('{"customer_id":1}') }],
      ['404 downstream', () => h.invoke(h.apiEvent({ body: { customer_id: 'cust_0' } })), { http_status: 404, error_code: 'NOT_FOUND', attempts: 1 }],
      ['502', () => (h.stub.enqueue(reply.raw(200, 'nope')), h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }))), { http_status: 502, outcome: 'server_error' }],
      ['500', () => (h.stub.enqueue(reply.json(200, { customer: { first_name: 1 } })), h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }))), { http_status: 500, error_code: 'OUTPUT_CONTRACT_VIOLATION' }],
      ['504', () => (h.stub.always(reply.hang()), h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }), { timeoutMs: 600 })), { http_status: 504, outcome: 'deadline_exceeded' }],
      ['direct 200', () => (h.stub.reset(), h.invoke({ customer_id: 'cust_12345' }, { qualifier: 'customer-lookup' })), { http_status: 200, invocation_type: 'direct' }],
      ['direct 404', () => h.invoke({ customer_id: 'cust_12345' }, {}), { http_status: 404, invocation_type: 'direct', action: null }],
    ];
    for (const [label, run, expected] of cases) {
      const invocation = await run();
      expect({ label, count: invocation.audits.length }).toEqual({ label, count: 1 });
      expect({ label, ...invocation.audits[0] }).toMatchObject({ label, ...expected });
      for (const key of AUDIT_KEYS) expect({ label, key, present: key in (invocation.audits[0] ?? {}) }).toEqual({ label, key, present: true });
      // Outside the success path nothing else may be logged for a client error either: audit + EMF only.
      if ((expected.http_status as number) < 500) expect({ label, lines: invocation.lines.length }).toEqual({ label, lines: 2 });
    }
  });

  it('a warm success writes two lines only: the EMF blob and the audit record', async () => {
    const invocation = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }));
    expect(invocation.lines.map((l) => (l.json?.log_type === 'AUDIT' ? 'audit' : l.json && '_aws' in l.json ? 'emf' : l.text))).toEqual(['emf', 'audit']);
  });

  it('EMF lines follow the EMF specification, with the pinned namespace, dimensions and metric names', async () => {
    const success = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }));
    const clientError = await h.invoke(h.apiEvent({ action: 'nope', body: {} }));
    h.stub.enqueue(reply.error(500));
    const serverError = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }));
    h.stub.always(reply.hang());
    const deadline = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }), { timeoutMs: 600 });
    h.stub.reset();

    const expectations: [Invocation, string, string, string[]][] = [
      [success, 'customer-lookup', 'Success', ['Success', 'Latency', 'DownstreamLatency']],
      [clientError, 'unknown', 'ClientError', ['ClientError', 'Latency']],
      [serverError, 'customer-lookup', 'ServerError', ['ServerError', 'Latency', 'DownstreamLatency']],
      [deadline, 'customer-lookup', 'DeadlineExceeded', ['DeadlineExceeded', 'Latency', 'DownstreamLatency']],
    ];
    for (const [invocation, action, outcomeMetric, names] of expectations) {
      expect(invocation.emf).toHaveLength(1);
      const line = invocation.emf[0] as Record<string, unknown>;
      expect(emfProblems(line)).toEqual([]);
      const directive = (line._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] })
        .CloudWatchMetrics[0];
      expect(directive?.Namespace).toBe('GenesysDataActions');
      expect(directive?.Dimensions).toEqual([['service', 'action']]);
      expect(directive?.Metrics.map((m) => m.Name).sort()).toEqual([...names].sort());
      expect(Object.fromEntries(directive?.Metrics.map((m) => [m.Name, m.Unit]) ?? [])).toMatchObject({
        [outcomeMetric]: 'Count',
        Latency: 'Milliseconds',
      });
      expect(line).toMatchObject({ service: 'genesys-data-actions', action, [outcomeMetric]: 1 });
    }
  });

  it('the EMF spec check is not a rubber stamp: it rejects broken blobs', () => {
    expect(emfProblems({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['action']], Metrics: [{ Name: 'M', Unit: 'Count' }] }] }, M: 1 })).toEqual([
      'dimension action is not a top-level string',
    ]);
    expect(emfProblems({ _aws: { Timestamp: '1', CloudWatchMetrics: [] } }).length).toBeGreaterThan(0);
    expect(emfProblems({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [], Metrics: [{ Name: 'M', Unit: 'Things' }] }] } })).toEqual([
      'metric M: unknown Unit Things',
      'metric M is not a top-level number',
    ]);
  });
});

describe('no secret and no raw input value in any log line', () => {
  let h: LambdaHarness;
  const inputCanaries = { first_name: PII_CANARIES.firstName, last_name: PII_CANARIES.lastName, email: PII_CANARIES.email, phone: PII_CANARIES.phone };
  const replyCanary = 'CanaryReplyValue';

  // Ask for everything a careless configuration could turn on.
  withLambdaHarness((started) => (h = started), { env: { POWERTOOLS_LOGGER_LOG_EVENT: 'true', POWERTOOLS_LOG_LEVEL: 'DEBUG' } });

  it('across successes and every kind of failure', async () => {
    const body = { customer_id: 'cust_12345', ...inputCanaries };
    const invocations: Invocation[] = [];
    const run = async (promise: Promise<Invocation>) => invocations.push(await promise);
    await run(h.invoke(h.apiEvent({ action: 'customer-update', body })));
    await run(h.invoke(h.apiEvent({ action: 'customer-update', body: { ...body, extra: inputCanaries.first_name } })));
    await run(h.invoke(h.apiEvent({ action: 'customer-update', rawBody: `{"first_name": "${inputCanaries.first_name}"` })));
    const wrongCredential = h.apiEvent({ action: 'customer-update', body, headers: { Authorization: `Basic ${Buffer.from(`${CANARY.inboundUsername}:${inputCanaries.last_name}`).toString('base64')}` } });
    await run(h.invoke(wrongCredential));
    h.stub.enqueue(reply.json(200, { customer: { customer_id: 'cust_12345', first_name: 42, last_name: replyCanary } }));
    await run(h.invoke(h.apiEvent({ action: 'customer-update', body })));
    h.stub.enqueue(reply.raw(200, `not json ${replyCanary}`));
    await run(h.invoke(h.apiEvent({ action: 'customer-update', body })));
    h.stub.enqueue(reply.reset());
    await run(h.invoke(h.apiEvent({ action: 'customer-update', body })));
    h.stub.enqueue(reply.error(401));
    await run(h.invoke(h.apiEvent({ action: 'customer-update', body })));
    await run(h.invoke({ ...body, customer_id: 'cust_67890' }, { qualifier: 'customer-update' }));
    await run(h.invoke({ ...body, customer_id: inputCanaries.email }, { qualifier: 'customer-update' }));

    const secrets = [...Object.values(CANARY).filter((v) => v !== CANARY.inboundUsername), BASIC_AUTHORIZATION.slice(6), `Bearer ${CANARY.downstreamApiKey}`];
    const forbidden = [...secrets, ...Object.values(inputCanaries), replyCanary];
    const lines = invocations.flatMap((i) => i.lines);
    expect(lines.length).toBeGreaterThanOrEqual(invocations.length * 2);
    for (const line of lines) for (const value of forbidden) expect({ line: line.text, leaks: line.text.includes(value) }).toEqual({ line: line.text, leaks: false });
    expect(lines.some((l) => l.json?.message === 'Lambda invocation event')).toBe(false);
    // Answers carry no secret either (the caller's own input may come back in a success, by design).
    for (const invocation of invocations) {
      const text = invocation.result === undefined ? String(invocation.thrown) : JSON.stringify(invocation.result);
      for (const value of secrets) expect(text).not.toContain(value);
    }
    expect(invocations.every((i) => i.audits.length === 1)).toBe(true);
    expect(proxyResult(invocations[0]?.result).statusCode).toBe(200);
  });
});
