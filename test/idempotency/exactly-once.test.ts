/**
 * Exactly-once mutating actions, through the real handler (real API Gateway events, the real downstream
 * client, the downstream stub recording every request) with Powertools Idempotency writing to a real
 * DynamoDB implementation (dynalite on 127.0.0.1).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LocalDynamoDb } from '../../tools/local-dynamodb/local-dynamodb.js';
import { reply } from '../support/downstream-stub.js';
import { functionEnv, LambdaHarness, proxyResult, type Invocation } from '../support/lambda-harness.js';
import { withLambdaHarness } from '../support/lambda-harness-suite.js';
import { allRecords, idempotencyEnv, idempotencyOptions, readRecord, recordKey, statusOf, theAudit, waitUntil } from './support.js';

const UPDATE = { customer_id: 'cust_12345', first_name: 'Janet' };

let db: LocalDynamoDb;
beforeAll(async () => {
  db = await LocalDynamoDb.start();
});
afterAll(async () => {
  await db.close();
});

describe('mutating actions are carried out once per input within the window', () => {
  let h: LambdaHarness;
  let table: string;
  withLambdaHarness(
    (started) => {
      h = started;
      table = started.config.idempotencyTableName!;
    },
    () => idempotencyOptions(db),
  );
  beforeEach(() => {
    db.clearOperations();
  });

  const call = (action: string, body: unknown, correlationId?: string, context = {}): Promise<Invocation> =>
    h.invoke(h.apiEvent({ action, body, ...(correlationId ? { headers: { 'ININ-Correlation-Id': correlationId } } : {}) }), context);

  it('customer-lookup (not mutating) never touches the table, before and after mutating calls', async () => {
    const lookups = [await call('customer-lookup', { customer_id: 'cust_12345' }), await call('customer-lookup', { customer_id: 'cust_12345' })];
    expect(lookups.map(statusOf)).toEqual([200, 200]);
    expect(h.stub.requests).toHaveLength(2);
    expect(lookups.map((l) => theAudit(l).idempotent_replay)).toEqual([false, false]);
    expect(db.operations).toEqual([]);

    await call('customer-update', { customer_id: 'cust_67890', status: 'active' });
    db.clearOperations();
    await call('customer-lookup', { customer_id: 'cust_12345' });
    expect(db.operations).toEqual([]);
    expect((await allRecords(db, table)).map((r) => r.id.split('#')[0])).toEqual(['customer-update']);
  });

  it('a replay inside the window returns the first answer without a second downstream call; its audit record says replayed', async () => {
    const first = await call('customer-update', UPDATE, 'corr-first');
    expect(db.operations).toEqual(['PutItem', 'UpdateItem']); // claim, then complete with the answer
    db.clearOperations();
    // The same input with its keys in another order, from another Genesys call.
    const second = await call('customer-update', { first_name: 'Janet', customer_id: 'cust_12345' }, 'corr-retry');

    expect(h.stub.requests).toHaveLength(1);
    const [a, b] = [proxyResult(first.result), proxyResult(second.result)];
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.body).toMatchObject({ success: true, data: { customer_id: 'cust_12345', first_name: 'Janet' }, trace_id: 'corr-first' });
    // The first answer, as it was: its trace_id names the call whose audit record shows the downstream call.
    expect(b.body).toEqual(a.body);
    expect(b.headers).toEqual(a.headers);

    const [auditA, auditB] = [theAudit(first), theAudit(second)];
    expect(auditA).toMatchObject({ idempotent_replay: false, outcome: 'success', http_status: 200, error_code: null, attempts: 1 });
    expect(auditB).toMatchObject({ idempotent_replay: true, outcome: 'success', http_status: 200, error_code: null, attempts: 0, correlation_id: 'corr-retry' });
    expect(auditB.input_hash).toBe(auditA.input_hash);
    // The replay only read the store (dynalite does not return the old item with a failed conditional put, so
    // Powertools reads it; DynamoDB returns it with the failure): nothing written, nothing deleted.
    expect(db.operations).toEqual(['PutItem', 'GetItem']);

    // Keyed by action + input_hash; the stored answer is the first answer.
    const record = await readRecord(db, table, recordKey('customer-update', auditA.input_hash as string));
    expect(record).toMatchObject({ status: 'COMPLETED', data: a.body });
    expect(record?.expiration).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it('keys on action and input only: another input or another action calls again; a direct invoke of the same input is replayed', async () => {
    const first = await call('customer-update', { customer_id: 'cust_4242', status: 'suspended' });
    const otherInput = await call('customer-update', { customer_id: 'cust_4242', status: 'inactive' });
    const otherAction = await call('customer-delete', { customer_id: 'cust_4242' });
    expect([first, otherInput, otherAction].map(statusOf)).toEqual([200, 200, 200]);
    expect(h.stub.requests.map((r) => r.path)).toEqual(['/api/v1/operations/update', '/api/v1/operations/update', '/api/v1/operations/delete']);

    const direct = await h.invoke({ status: 'suspended', customer_id: 'cust_4242' }, { qualifier: 'customer-update' });
    expect(direct.thrown).toBeUndefined();
    expect(direct.result).toEqual(proxyResult(first.result).body);
    expect(theAudit(direct)).toMatchObject({ invocation_type: 'direct', idempotent_replay: true, attempts: 0 });
    expect(h.stub.requests).toHaveLength(3);
  });

  it('two concurrent duplicates cause one downstream call: the one arriving while the first runs gets 409 REQUEST_IN_PROGRESS', async () => {
    h.stub.enqueue(reply.api(400)); // the first call is still waiting for the business system...
    const running = call('customer-delete', { customer_id: 'cust_67890', reason: 'duplicate' }, 'corr-a');
    await h.stub.waitForRequests(1);
    const duplicate = await call('customer-delete', { customer_id: 'cust_67890', reason: 'duplicate' }, 'corr-b'); // ...when this one comes

    const answer = proxyResult(duplicate.result);
    expect(answer.statusCode).toBe(409);
    expect(answer.headers['Retry-After']).toBe('1');
    expect(answer.body).toEqual({ error: { code: 'REQUEST_IN_PROGRESS', message: expect.any(String), traceId: 'corr-b' } });
    expect(theAudit(duplicate)).toMatchObject({ outcome: 'client_error', http_status: 409, error_code: 'REQUEST_IN_PROGRESS', idempotent_replay: false, attempts: 0 });

    const first = await running;
    expect(statusOf(first)).toBe(200);
    // The rejected duplicate did not release the first call's claim: its answer was stored and is replayed.
    const retry = await call('customer-delete', { customer_id: 'cust_67890', reason: 'duplicate' }, 'corr-c');
    expect(proxyResult(retry.result).body).toEqual(proxyResult(first.result).body);
    expect(theAudit(retry).idempotent_replay).toBe(true);
    expect(h.stub.requests).toHaveLength(1);
  });

  it('two duplicates sent at the same instant: exactly one reaches the business system', async () => {
    h.stub.enqueue(reply.api(300));
    const body = { customer_id: 'cust_12345', email: 'j.doe@example.org' };
    const both = await Promise.all([call('customer-update', body), call('customer-update', body)]);
    expect(both.map(statusOf).sort()).toEqual([200, 409]);
    expect(h.stub.requests).toHaveLength(1);
    // One audit record each (both ran at once, so each captured the other's line too: count distinct ones).
    expect(new Set(both.flatMap((b) => b.audits.map((a) => a.aws_request_id))).size).toBe(2);
  });

  it.each([
    [500, 502, 'DOWNSTREAM_ERROR'],
    [422, 422, 'DOWNSTREAM_REJECTED'],
    [404, 404, 'NOT_FOUND'],
  ])('a failed first call (downstream %i → %i) is not stored: the retry calls again', async (downstreamStatus, status, code) => {
    const body = { customer_id: 'cust_67890', last_name: `Retry${downstreamStatus}` };
    h.stub.enqueue(reply.error(downstreamStatus));
    const failed = await call('customer-update', body);
    expect(statusOf(failed)).toBe(status);
    expect(theAudit(failed)).toMatchObject({ error_code: code, idempotent_replay: false });
    expect(await readRecord(db, table, recordKey('customer-update', theAudit(failed).input_hash as string))).toBeUndefined();
    expect(db.operations).toEqual(['PutItem', 'DeleteItem']); // claimed, then released

    const retried = await call('customer-update', body);
    expect(statusOf(retried)).toBe(200);
    expect(theAudit(retried)).toMatchObject({ idempotent_replay: false, attempts: 1 });
    expect(h.stub.requests).toHaveLength(2);
  });

  it('a call that ran out of time (504) releases its claim: the retry calls again at once', async () => {
    const body = { customer_id: 'cust_12345', phone: '+3531234567' };
    h.stub.enqueue(reply.hang());
    const timedOut = await call('customer-update', body, undefined, { timeoutMs: 1_000 });
    expect(statusOf(timedOut)).toBe(504);
    expect(theAudit(timedOut)).toMatchObject({ outcome: 'deadline_exceeded', error_code: 'DEADLINE_EXCEEDED', idempotent_replay: false });

    const retried = await call('customer-update', body);
    expect(statusOf(retried)).toBe(200);
    expect(h.stub.requests).toHaveLength(2);
  });
});

describe('the expiry window', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started), () => idempotencyOptions(db, 2));

  it('a replay after the window calls the business system again', async () => {
    const event = () => h.apiEvent({ action: 'customer-update', body: { customer_id: 'cust_4242', status: 'active' } });
    const first = await h.invoke(event());
    const inside = await h.invoke(event());
    expect(theAudit(inside).idempotent_replay).toBe(true);
    expect(h.stub.requests).toHaveLength(1);

    const record = await readRecord(db, h.config.idempotencyTableName!, recordKey('customer-update', theAudit(first).input_hash as string));
    expect(record?.status).toBe('COMPLETED');
    await waitUntil(record!.expiration * 1000); // the stored expiry (epoch seconds) has passed

    const after = await h.invoke(event());
    expect(statusOf(after)).toBe(200);
    expect(theAudit(after)).toMatchObject({ idempotent_replay: false, attempts: 1 });
    expect(h.stub.requests).toHaveLength(2);
  });
});

describe('a call whose execution environment died mid-call', () => {
  let h: LambdaHarness;
  let env: Record<string, string>;
  withLambdaHarness(
    (started) => (h = started),
    async () => {
      env = await idempotencyEnv(db);
      return { env };
    },
  );

  /** Runs one invocation in a child process and kills it once the business system has the request. */
  async function dieMidCall(event: unknown, timeoutMs: number): Promise<void> {
    const child = fork(fileURLToPath(new URL('./dying-invocation.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      env: { ...functionEnv(h.stub.url, env), PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`the dying invocation exited early (${code})`)));
        child.once('message', () => resolve()); // ready
      });
      child.send({ event, timeoutMs });
      await h.stub.waitForRequests(1, 10_000);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  }

  it('leaves its in-progress record, which blocks a retry only until the invocation would have timed out; then the retry takes over', async () => {
    const body = { customer_id: 'cust_67890', first_name: 'Retried' };
    h.stub.enqueue(reply.hang());
    await dieMidCall(h.apiEvent({ action: 'customer-update', body }), 3_000);

    const blocked = await h.invoke(h.apiEvent({ action: 'customer-update', body }));
    expect(statusOf(blocked)).toBe(409);
    expect(theAudit(blocked).error_code).toBe('REQUEST_IN_PROGRESS');
    const record = await readRecord(db, env.IDEMPOTENCY_TABLE_NAME!, recordKey('customer-update', theAudit(blocked).input_hash as string));
    expect(record?.status).toBe('INPROGRESS');
    // It expires with the dead invocation's remaining time (3 s), not with the hour-long window.
    expect(record!.in_progress_expiration! - Date.now()).toBeLessThanOrEqual(3_000);
    expect(record!.expiration - Date.now() / 1000).toBeGreaterThan(3_000);

    await waitUntil(record!.in_progress_expiration!);
    const takenOver = await h.invoke(h.apiEvent({ action: 'customer-update', body }));
    expect(statusOf(takenOver)).toBe(200);
    expect(theAudit(takenOver)).toMatchObject({ idempotent_replay: false, attempts: 1 });
    expect(h.stub.requests).toHaveLength(2);

    const replayed = await h.invoke(h.apiEvent({ action: 'customer-update', body }));
    expect(theAudit(replayed).idempotent_replay).toBe(true);
    expect(h.stub.requests).toHaveLength(2);
  });
});

describe('when the store cannot be used', () => {
  it('fails closed: 503 IDEMPOTENCY_UNAVAILABLE, nothing sent to the business system, lookups unaffected', async () => {
    const env = await idempotencyEnv(db);
    const h = await LambdaHarness.start({ env: { ...env, IDEMPOTENCY_TABLE_NAME: 'no-such-table' } });
    try {
      const update = await h.invoke(h.apiEvent({ action: 'customer-update', body: UPDATE }));
      const answer = proxyResult(update.result);
      expect(answer.statusCode).toBe(503);
      expect((answer.body.error as Record<string, unknown>).code).toBe('IDEMPOTENCY_UNAVAILABLE');
      expect(JSON.stringify(answer.body)).not.toMatch(/dynamo|powertools|ResourceNotFound|no-such-table/i);
      expect(theAudit(update)).toMatchObject({ outcome: 'server_error', error_code: 'IDEMPOTENCY_UNAVAILABLE' });
      expect(h.stub.requests).toHaveLength(0);
      expect(statusOf(await h.invoke(h.apiEvent({ action: 'customer-lookup', body: { customer_id: 'cust_12345' } })))).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('without IDEMPOTENCY_TABLE_NAME', () => {
  it('says so once at init, and mutating actions run without exactly-once protection', async () => {
    const h = await LambdaHarness.start();
    try {
      const notices = h.captured.filter((l) => l.json?.message === 'idempotency off');
      expect(notices).toHaveLength(1);
      expect(notices[0]?.json).toMatchObject({ level: 'WARN', mutating_actions: ['customer-delete', 'customer-update'] });
      const twice = [await h.invoke(h.apiEvent({ action: 'customer-update', body: UPDATE })), await h.invoke(h.apiEvent({ action: 'customer-update', body: UPDATE }))];
      expect(twice.map((t) => theAudit(t).idempotent_replay)).toEqual([false, false]);
      expect(h.stub.requests).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});
