/**
 * Hostile and malformed input: every one gets a clear 4xx, never a 5xx, never a crash, always exactly
 * one audit record, and the input's values never come back in the answer or go to the log.
 */
import fc from 'fast-check';
import { PII_CANARIES } from '../support/canaries.js';
import { proxyResult, type Invocation, type LambdaHarness } from '../support/lambda-harness.js';
import { withLambdaHarness } from '../support/lambda-harness-suite.js';

const CANARY_VALUE = PII_CANARIES.hostileValue;

describe('hostile input through API Gateway', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started));

  function expectClientError(invocation: Invocation, status: number, code: string) {
    expect(invocation.thrown).toBeUndefined();
    const answer = proxyResult(invocation.result);
    expect({ status: answer.statusCode, code: (answer.body.error as { code?: string } | undefined)?.code }).toEqual({ status, code });
    expect(invocation.audits).toHaveLength(1);
    expect(invocation.audits[0]).toMatchObject({ outcome: 'client_error', http_status: status, error_code: code });
    for (const line of invocation.lines) expect(line.text).not.toContain(CANARY_VALUE);
    expect(JSON.stringify(answer.body)).not.toContain(CANARY_VALUE);
    return answer;
  }
  const raw = (rawBody: string | null, action = 'customer-lookup') => h.invoke(h.apiEvent({ action, rawBody }));

  it.each([
    ['a truncated object', `{"customer_id": "${CANARY_VALUE}`],
    ['single quotes', `{'customer_id': '${CANARY_VALUE}'}`],
    ['trailing garbage', `{"customer_id": "cust_1"} ${CANARY_VALUE}`],
    ['a bare word', CANARY_VALUE],
    ['whitespace only', '   \n '],
    ['a lone surrogate escape is still JSON, but a lone brace is not', '{'],
  ])('invalid JSON (%s): 400 INVALID_JSON, input_hash null', async (_label, body) => {
    const invocation = await raw(body);
    expectClientError(invocation, 400, 'INVALID_JSON');
    expect(invocation.audits[0]?.input_hash).toBeNull();
  });

  it.each([
    ['no body (null)', null],
    ['an empty body', ''],
  ])('%s: 400 INVALID_JSON', async (_label, body) => {
    expectClientError(await raw(body), 400, 'INVALID_JSON');
  });

  it.each([
    ['the JSON null', 'null'],
    ['an empty array', '[]'],
    ['an array holding the input', '[{"customer_id":"cust_12345"}]'],
    ['a number', '42'],
    ['a string', `"${CANARY_VALUE}"`],
    ['true', 'true'],
  ])('a body that is %s: 400 INPUT_CONTRACT_VIOLATION at the root', async (_label, body) => {
    const answer = expectClientError(await raw(body), 400, 'INPUT_CONTRACT_VIOLATION');
    expect((answer.body.error as { details: { path: string }[] }).details[0]?.path).toBe('');
  });

  it.each([
    ['a number', 12345],
    ['a boolean', true],
    ['null', null],
    ['an object', { id: CANARY_VALUE }],
    ['an array', [CANARY_VALUE]],
  ])('customer_id as %s: 400 with a type detail', async (_label, value) => {
    const answer = expectClientError(await h.invoke(h.apiEvent({ body: { customer_id: value } })), 400, 'INPUT_CONTRACT_VIOLATION');
    expect((answer.body.error as { details: unknown[] }).details).toContainEqual({ path: '/customer_id', rule: 'type', message: 'must be string' });
  });

  it('extra fields: 400, each named by its path', async () => {
    const answer = expectClientError(
      await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345', admin: CANARY_VALUE, 'a/b~c': 1 } })),
      400,
      'INPUT_CONTRACT_VIOLATION',
    );
    const paths = (answer.body.error as { details: { path: string; rule: string }[] }).details.map((d) => `${d.rule} ${d.path}`);
    expect(paths.sort()).toEqual(['additionalProperties /admin', 'additionalProperties /a~1b~0c'].sort());
  });

  it('thousands of extra fields: still 400, and the details are capped', async () => {
    const body: Record<string, number> = { customer_id: 1 };
    for (let i = 0; i < 3_000; i++) body[`f${i}`] = i;
    const answer = expectClientError(await h.invoke(h.apiEvent({ body })), 400, 'INPUT_CONTRACT_VIOLATION');
    expect((answer.body.error as { details: unknown[] }).details.length).toBe(20);
  });

  it('a 1 MB string: 413 before it is parsed', async () => {
    expectClientError(await h.invoke(h.apiEvent({ body: { customer_id: `cust_${'a'.repeat(1_048_576)}` } })), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a string just under the cap but far too long for the contract: 400, not echoed', async () => {
    const invocation = await h.invoke(h.apiEvent({ action: 'customer-update', body: { customer_id: 'cust_12345', first_name: CANARY_VALUE.repeat(2_500) } }));
    expectClientError(invocation, 400, 'INPUT_CONTRACT_VIOLATION');
  });

  it.each([
    ['__proto__ at the top', `{"__proto__": {"polluted": "${CANARY_VALUE}"}, "customer_id": "cust_12345"}`],
    ['__proto__ nested', `{"customer_id": "cust_12345", "x": {"__proto__": {"polluted": true}}}`],
    ['constructor.prototype', `{"constructor": {"prototype": {"polluted": true}}, "customer_id": "cust_12345"}`],
  ])('%s: 400 INVALID_JSON, and no prototype is polluted', async (_label, body) => {
    expectClientError(await raw(body), 400, 'INVALID_JSON');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('60 levels of nesting: 400 INVALID_JSON (Genesys allows 50)', async () => {
    const body = `{"customer_id":"cust_12345","deep":${'{"a":'.repeat(59)}1${'}'.repeat(59)}}`;
    const invocation = await raw(body);
    expectClientError(invocation, 400, 'INVALID_JSON');
    expect(invocation.audits[0]?.input_hash).toBeNull();
  });

  it('50 levels of nesting parse, and fail the flat contract instead', async () => {
    const body = `{"customer_id":"cust_12345","deep":${'{"a":'.repeat(48)}1${'}'.repeat(48)}}`;
    const invocation = await raw(body);
    expectClientError(invocation, 400, 'INPUT_CONTRACT_VIOLATION');
    expect(invocation.audits[0]?.input_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('20 000 levels of array nesting inside the size cap: 400, no stack overflow', async () => {
    expectClientError(await raw(`${'['.repeat(20_000)}${']'.repeat(20_000)}`), 400, 'INVALID_JSON');
  });

  it('a base64-encoded JSON body is decoded and served', async () => {
    const event = h.apiEvent({ rawBody: Buffer.from('{"customer_id":"cust_12345"}').toString('base64'), isBase64Encoded: true });
    const invocation = await h.invoke(event);
    expect(proxyResult(invocation.result).statusCode).toBe(200);
  });

  it('control characters and lone surrogates in a value: 400, not echoed', async () => {
    const invocation = await raw(`{"customer_id":"cust_\\ud800${CANARY_VALUE}\\u0000"}`);
    expectClientError(invocation, 400, 'INPUT_CONTRACT_VIOLATION');
  });

  it('property: whatever the body, never a 5xx and exactly one audit record', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .dictionary(fc.constantFrom('customer_id', 'first_name', 'status', 'email', 'x', '__proto__'), fc.jsonValue({ maxDepth: 2 }))
        .map((v) => JSON.stringify(v)),
      fc.stringMatching(/^cust_[a-zA-Z0-9]{1,8}$/).map((id) => JSON.stringify({ customer_id: id })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('customer-lookup', 'customer-update', 'customer-delete'), async (body, action) => {
        h.stub.reset();
        const invocation = await h.invoke(h.apiEvent({ action, rawBody: body }));
        expect(invocation.thrown).toBeUndefined();
        expect(proxyResult(invocation.result).statusCode).toBeLessThan(500);
        expect(invocation.audits).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
