/**
 * Every status the endpoint answers with, driven through real API Gateway REST proxy events against the
 * real downstream client and the HTTP downstream stub. Each answer is checked for its status, its error
 * envelope (code, message, details only where promised, traceId = the correlation id), its headers, and
 * for exactly one audit record that agrees with it.
 */
import { actionRegistry } from '../../lambda/generated/action-registry.js';
import type { RegisteredAction } from '../../lambda/runtime/action.js';
import { reply } from '../support/downstream-stub.js';
import { proxyResult, type Invocation, type LambdaHarness } from '../support/lambda-harness.js';
import { withLambdaHarness } from '../support/lambda-harness-suite.js';

const CORRELATION_ID = '5b0c6a1e-8f7d-4e3b-9c2a-1d0e9f8a7b6c';

function expectAnswer(invocation: Invocation, status: number, code: string | null) {
  const answer = proxyResult(invocation.result);
  expect(answer.statusCode).toBe(status);
  expect(answer.headers['Content-Type']).toBe('application/json');
  expect(invocation.audits).toHaveLength(1);
  expect(invocation.audits[0]).toMatchObject({ http_status: status, error_code: code });
  if (code !== null) {
    const error = answer.body.error as Record<string, unknown>;
    expect(Object.keys(answer.body)).toEqual(['error']);
    expect(error.code).toBe(code);
    expect(typeof error.message).toBe('string');
    expect(error.traceId).toBe(invocation.audits[0]?.correlation_id);
    // Internals never reach the body.
    expect(JSON.stringify(answer.body)).not.toMatch(/axios|opossum|middy|powertools|ajv|node_modules|\bat \S+:\d+/i);
  }
  return answer;
}

describe('API Gateway answers', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started));

  const call = (options: Parameters<LambdaHarness['apiEvent']>[0] = {}, context = {}) =>
    h.invoke(h.apiEvent({ ...options, headers: { 'ININ-Correlation-Id': CORRELATION_ID, ...options.headers } }), context);

  it('200: customer-lookup returns the record, only the declared fields, traced by the correlation id', async () => {
    h.stub.enqueue(reply.json(200, { customer: { customer_id: 'cust_12345', first_name: 'Jane', internal_score: 99, phone: null } }));
    const answer = expectAnswer(await call({ body: { customer_id: 'cust_12345' } }), 200, null);
    expect(answer.body).toEqual({ success: true, message: 'Customer found.', data: { customer_id: 'cust_12345', first_name: 'Jane' }, trace_id: CORRELATION_ID });
    const [request] = h.stub.requests;
    expect(request?.path).toBe('/api/v1/operations/lookup');
    expect(request?.json).toEqual({ customer_id: 'cust_12345' });
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${h.stub.apiKey}`,
      'content-type': 'application/json',
      'x-request-source': 'genesys-data-action',
    });
  });

  it('200: customer-update sends only the fields given and returns the updated record', async () => {
    const answer = expectAnswer(await call({ action: 'customer-update', body: { customer_id: 'cust_67890', status: 'active' } }), 200, null);
    expect(h.stub.requests[0]?.json).toEqual({ customer_id: 'cust_67890', status: 'active' });
    expect(answer.body).toMatchObject({ success: true, message: 'Customer updated.', data: { customer_id: 'cust_67890', status: 'active', last_name: 'Smith' } });
  });

  it('200: customer-delete passes the reason and returns what was deleted', async () => {
    const answer = expectAnswer(await call({ action: 'customer-delete', body: { customer_id: 'cust_4242', reason: 'gdpr_erasure' } }), 200, null);
    expect(h.stub.requests[0]?.json).toEqual({ customer_id: 'cust_4242', reason: 'gdpr_erasure' });
    expect(answer.body).toMatchObject({ success: true, data: { customer_id: 'cust_4242', deleted: true } });
    expect(typeof (answer.body.data as Record<string, unknown>).deleted_at).toBe('string');
  });

  it('400 INVALID_JSON: a body that is not JSON', async () => {
    expectAnswer(await call({ rawBody: '{"customer_id": ' }), 400, 'INVALID_JSON');
  });

  it('415 UNSUPPORTED_MEDIA_TYPE: a body that is not declared JSON', async () => {
    expectAnswer(await call({ body: { customer_id: 'cust_12345' }, headers: { 'Content-Type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('400 INPUT_CONTRACT_VIOLATION: one detail per failed rule, path + rule + message, never the value', async () => {
    const answer = expectAnswer(
      await call({ action: 'customer-update', body: { customer_id: 'bad id 77', email: 'no-at-sign-value', nickname: 'Zed' } }),
      400,
      'INPUT_CONTRACT_VIOLATION',
    );
    const details = (answer.body.error as { details: { path: string; rule: string; message: string }[] }).details;
    expect(details).toEqual(
      expect.arrayContaining([
        { path: '/nickname', rule: 'additionalProperties', message: expect.any(String) },
        { path: '/customer_id', rule: 'pattern', message: expect.any(String) },
        { path: '/email', rule: 'pattern', message: expect.any(String) },
      ]),
    );
    expect(details).toHaveLength(3);
    expect(answer.body.error).not.toHaveProperty('stack');
    for (const value of ['bad id 77', 'no-at-sign-value', 'Zed']) expect(JSON.stringify(answer.body)).not.toContain(value);
    expect(h.stub.requests).toHaveLength(0);
  });

  it('400 INPUT_CONTRACT_VIOLATION: a missing required field points at the field', async () => {
    const answer = expectAnswer(await call({ body: {} }), 400, 'INPUT_CONTRACT_VIOLATION');
    expect((answer.body.error as { details: unknown[] }).details).toEqual([{ path: '/customer_id', rule: 'required', message: expect.any(String) }]);
  });

  it.each([
    ['no credential', {}],
    ['a wrong password', { Authorization: `Basic ${Buffer.from('genesys-integration:wrong').toString('base64')}` }],
    ['another scheme', { Authorization: 'Bearer something' }],
    ['an empty Basic token', { Authorization: 'Basic ' }],
  ])('401 UNAUTHORIZED with %s, and no detail why', async (_label, headers) => {
    const event = h.apiEvent({ body: { customer_id: 'cust_12345' } });
    delete event.headers.Authorization;
    delete event.multiValueHeaders.Authorization;
    Object.assign(event.headers, headers);
    const answer = expectAnswer(await h.invoke(event), 401, 'UNAUTHORIZED');
    expect(answer.body.error).not.toHaveProperty('details');
    expect(answer.headers).not.toHaveProperty('WWW-Authenticate');
    expect(h.stub.requests).toHaveLength(0);
  });

  it('accepts the Basic scheme in any case and the headers in any casing', async () => {
    const event = h.apiEvent({ body: { customer_id: 'cust_12345' } });
    const authorization = event.headers.Authorization as string;
    delete event.headers.Authorization;
    delete event.headers['Content-Type'];
    event.headers.AUTHORIZATION = authorization.replace('Basic', 'bAsIc');
    event.headers['content-TYPE'] = 'application/json; charset=utf-8';
    expectAnswer(await h.invoke(event), 200, null);
  });

  it.each(['customer-nope', '__proto__', 'constructor'])('404 UNKNOWN_ACTION for %s', async (action) => {
    const invocation = await call({ action, body: { customer_id: 'cust_12345' } });
    expectAnswer(invocation, 404, 'UNKNOWN_ACTION');
    expect(invocation.audits[0]).toMatchObject({ action, contract_hash: null });
  });

  it('404 NOT_FOUND: the business system has no such record', async () => {
    expectAnswer(await call({ body: { customer_id: 'cust_99999' } }), 404, 'NOT_FOUND');
  });

  it('405 METHOD_NOT_ALLOWED with Allow: POST', async () => {
    const answer = expectAnswer(await call({ method: 'GET' }), 405, 'METHOD_NOT_ALLOWED');
    expect(answer.headers.Allow).toBe('POST');
  });

  it('413 PAYLOAD_TOO_LARGE: a body over MAX_BODY_BYTES is refused before it is parsed', async () => {
    const invocation = await call({ body: { customer_id: 'cust_12345', padding: 'x'.repeat(70_000) } });
    expectAnswer(invocation, 413, 'PAYLOAD_TOO_LARGE');
    expect(invocation.audits[0]?.input_hash).toBeNull();
  });

  it('413 counts bytes, not characters', async () => {
    // 30 000 three-byte characters: 30 000 UTF-16 units, 90 000 bytes.
    expectAnswer(await call({ rawBody: JSON.stringify({ customer_id: 'cust_12345', n: '€'.repeat(30_000) }) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('422 DOWNSTREAM_REJECTED: the business system refused the request', async () => {
    // The stub refuses an update with nothing to change (422 VALIDATION_FAILED).
    expectAnswer(await call({ action: 'customer-update', body: { customer_id: 'cust_12345' } }), 422, 'DOWNSTREAM_REJECTED');
  });

  it('502 DOWNSTREAM_AUTH_FAILED: the business system refused our key', async () => {
    h.stub.enqueue(reply.error(401));
    expectAnswer(await call({ body: { customer_id: 'cust_12345' } }), 502, 'DOWNSTREAM_AUTH_FAILED');
  });

  it('502 DOWNSTREAM_ERROR: 5xx after the retries', async () => {
    h.stub.always(reply.error(503));
    const invocation = await call({ body: { customer_id: 'cust_12345' } });
    expectAnswer(invocation, 502, 'DOWNSTREAM_ERROR');
    expect(invocation.audits[0]).toMatchObject({ attempts: 3, retries: 2 });
  });

  it('502 DOWNSTREAM_ERROR carries no Retry-After, even when the failing 503s sent one', async () => {
    h.stub.always(reply.error(503, { 'Retry-After': '0' }));
    const invocation = await call({ body: { customer_id: 'cust_12345' } });
    expectAnswer(invocation, 502, 'DOWNSTREAM_ERROR');
    expect(proxyResult(invocation.result).headers).not.toHaveProperty('Retry-After');
  });

  it('502 DOWNSTREAM_BAD_REPLY: a reply that is not JSON', async () => {
    h.stub.enqueue(reply.raw(200, '<html>maintenance</html>', 'text/html'));
    expectAnswer(await call({ body: { customer_id: 'cust_12345' } }), 502, 'DOWNSTREAM_BAD_REPLY');
  });

  it('502 DOWNSTREAM_BAD_REPLY: JSON without the expected record', async () => {
    h.stub.enqueue(reply.json(200, { customers: [] }));
    expectAnswer(await call({ body: { customer_id: 'cust_12345' } }), 502, 'DOWNSTREAM_BAD_REPLY');
  });

  it('503 DOWNSTREAM_THROTTLED with Retry-After when a 429 cannot be retried in time', async () => {
    h.stub.always(reply.error(429, { 'retry-after': '120' }));
    const answer = expectAnswer(await call({ body: { customer_id: 'cust_12345' } }), 503, 'DOWNSTREAM_THROTTLED');
    expect(answer.headers['Retry-After']).toBe('120');
  });

  it('504 DEADLINE_EXCEEDED before the Lambda times out, when the business system never answers', async () => {
    h.stub.always(reply.hang());
    const invocation = await call({ body: { customer_id: 'cust_12345' } }, { timeoutMs: 1_500 });
    expectAnswer(invocation, 504, 'DEADLINE_EXCEEDED');
    expect(invocation.audits[0]?.outcome).toBe('deadline_exceeded');
    expect(invocation.elapsedMs).toBeLessThan(1_500);
  });

  it('500 OUTPUT_CONTRACT_VIOLATION: details in the log, not in the body', async () => {
    h.stub.enqueue(reply.json(200, { customer: { customer_id: 'cust_12345', first_name: 4242 } }));
    const invocation = await call({ body: { customer_id: 'cust_12345' } });
    const answer = expectAnswer(invocation, 500, 'OUTPUT_CONTRACT_VIOLATION');
    expect(answer.body.error).not.toHaveProperty('details');
    const logged = invocation.lines.find((l) => l.json?.message === 'data-action failed')?.json;
    expect(logged).toMatchObject({ level: 'ERROR', error_code: 'OUTPUT_CONTRACT_VIOLATION', error_details: [{ path: '/data/first_name', rule: 'type' }] });
    expect(JSON.stringify(logged)).not.toContain('4242');
  });
});

describe('500 INTERNAL_ERROR: an action that throws', () => {
  let h: LambdaHarness;
  const bugMessage = 'CanaryBugMessage cust_12345 leaked';
  const throwing: RegisteredAction = {
    ...(actionRegistry['customer-lookup'] as RegisteredAction),
    handle: async () => {
      throw new TypeError(bugMessage);
    },
  };
  withLambdaHarness((started) => (h = started), { dependencies: { registry: { ...actionRegistry, 'customer-lookup': throwing } } });

  it('answers a generic 500, and logs what failed without its message', async () => {
    const invocation = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }));
    const answer = expectAnswer(invocation, 500, 'INTERNAL_ERROR');
    expect((answer.body.error as { message: string }).message).toBe('An internal error occurred.');
    const logged = invocation.lines.find((l) => l.json?.message === 'data-action failed')?.json;
    expect(logged).toMatchObject({ level: 'ERROR', error_code: 'INTERNAL_ERROR', error_chain: [{ name: 'TypeError' }] });
    const chain = logged?.error_chain as { frames?: string[]; message?: string }[];
    expect(chain[0]?.frames?.length).toBeGreaterThan(0);
    expect(chain[0]).not.toHaveProperty('message');
    for (const line of invocation.lines) expect(line.text).not.toContain('CanaryBugMessage');
    expect(JSON.stringify(answer.body)).not.toContain('CanaryBugMessage');
  });
});

describe('credential in a user-defined header', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started), { credential: 'header' });

  it('200 with the configured header', async () => {
    expectAnswer(await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } })), 200, null);
  });

  it('401 with a wrong or missing header value', async () => {
    expectAnswer(await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' }, headers: { 'X-Genesys-Key': 'wrong' } })), 401, 'UNAUTHORIZED');
    const event = h.apiEvent({ body: { customer_id: 'cust_12345' } });
    delete event.headers['X-Genesys-Key'];
    expectAnswer(await h.invoke(event), 401, 'UNAUTHORIZED');
  });
});

describe('403: the Genesys organization allowlist', () => {
  const allowed = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started), { env: { ALLOWED_GENESYS_ORG_IDS: ` ${allowed.toUpperCase()} , 11111111-2222-4333-8444-555555555555` } });

  it('403 FORBIDDEN for an organization not in the list', async () => {
    const answer = expectAnswer(await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } })), 403, 'FORBIDDEN');
    expect(answer.body.error).not.toHaveProperty('details');
    expect(h.stub.requests).toHaveLength(0);
  });

  it('403 FORBIDDEN without ININ-Organization-Id', async () => {
    const event = h.apiEvent({ body: { customer_id: 'cust_12345' } });
    delete event.headers['ININ-Organization-Id'];
    expectAnswer(await h.invoke(event), 403, 'FORBIDDEN');
  });

  it('200 for an allowed organization (ids compare case-insensitively)', async () => {
    const invocation = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' }, headers: { 'ININ-Organization-Id': allowed } }));
    expectAnswer(invocation, 200, null);
    expect(invocation.audits[0]?.genesys_org_id).toBe(allowed);
  });

  it('401 comes before 403: an unauthenticated caller learns nothing about the allowlist', async () => {
    const event = h.apiEvent({ body: { customer_id: 'cust_12345' } });
    delete event.headers.Authorization;
    expectAnswer(await h.invoke(event), 401, 'UNAUTHORIZED');
  });
});
