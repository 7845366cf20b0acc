/**
 * The downstream stub is what the handler tests and the local stack treat as the business system, so
 * its API must behave as its header documents: checked here with a plain HTTP client (fetch).
 */
import { DownstreamStub, SEED_CUSTOMERS, reply } from '../support/downstream-stub.js';

let stub: DownstreamStub;

beforeAll(async () => {
  stub = await DownstreamStub.start();
});
afterEach(() => stub.reset());
afterAll(() => stub.close());

async function post(operation: string, body: unknown, init: { key?: string | null; contentType?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
  const key = init.key === undefined ? stub.apiKey : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${stub.url}/api/v1/operations/${operation}`, {
    method: 'POST',
    headers,
    body: init.raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as any) : undefined };
}

describe('the customer API', () => {
  it('looks a customer up', async () => {
    const { status, json } = await post('lookup', { customer_id: 'cust_12345' });
    expect(status).toBe(200);
    expect(json).toEqual({ customer: SEED_CUSTOMERS[0] });
  });

  it('updates the given fields and stamps updated_at', async () => {
    const before = Date.now();
    const { status, json } = await post('update', { customer_id: 'cust_12345', email: 'jane@example.org', status: 'suspended' });
    expect(status).toBe(200);
    expect(json.customer).toMatchObject({ customer_id: 'cust_12345', first_name: 'Jane', email: 'jane@example.org', status: 'suspended' });
    expect(Date.parse(json.customer.updated_at)).toBeGreaterThanOrEqual(before - 1_000);
    expect((await post('lookup', { customer_id: 'cust_12345' })).json.customer.email).toBe('jane@example.org');
  });

  it('deletes a customer, which is then gone', async () => {
    const { status, json } = await post('delete', { customer_id: 'cust_4242', reason: 'gdpr_erasure' });
    expect(status).toBe(200);
    expect(json).toEqual({ customer_id: 'cust_4242', deleted: true, deleted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect((await post('delete', { customer_id: 'cust_4242' })).status).toBe(404);
  });

  it.each([
    { name: 'an unknown customer', operation: 'lookup', body: { customer_id: 'cust_0' }, init: {}, status: 404, code: 'CUSTOMER_NOT_FOUND' },
    { name: 'a malformed customer id', operation: 'lookup', body: { customer_id: 'bob' }, init: {}, status: 400, code: 'INVALID_CUSTOMER_ID' },
    { name: 'a missing key', operation: 'lookup', body: { customer_id: 'cust_12345' }, init: { key: null }, status: 401, code: 'UNAUTHORIZED' },
    { name: 'a wrong key', operation: 'lookup', body: { customer_id: 'cust_12345' }, init: { key: 'nope' }, status: 401, code: 'UNAUTHORIZED' },
    { name: 'an unknown operation', operation: 'merge', body: { customer_id: 'cust_12345' }, init: {}, status: 404, code: 'UNKNOWN_OPERATION' },
    { name: 'a non-JSON content type', operation: 'lookup', body: { customer_id: 'cust_12345' }, init: { contentType: 'text/plain' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'a body that is not JSON', operation: 'lookup', body: undefined, init: { raw: '{customer' }, status: 400, code: 'INVALID_JSON' },
    { name: 'an update of an unknown field', operation: 'update', body: { customer_id: 'cust_12345', nickname: 'J' }, init: {}, status: 422, code: 'VALIDATION_FAILED' },
    { name: 'an update with a bad value', operation: 'update', body: { customer_id: 'cust_12345', phone: '12' }, init: {}, status: 422, code: 'VALIDATION_FAILED' },
    { name: 'an update with nothing to change', operation: 'update', body: { customer_id: 'cust_12345' }, init: {}, status: 422, code: 'VALIDATION_FAILED' },
    { name: 'a delete with an unknown reason', operation: 'delete', body: { customer_id: 'cust_12345', reason: 'boredom' }, init: {}, status: 422, code: 'VALIDATION_FAILED' },
  ] as { name: string; operation: string; body: unknown; init: Parameters<typeof post>[2]; status: number; code: string }[])(
    'answers $name with $status $code',
    async ({ operation, body, init, status, code }) => {
      const answer = await post(operation, body, init);
      expect(answer.status).toBe(status);
      expect(answer.json).toEqual({ error: { code, message: expect.any(String) } });
    },
  );

  it('checks the key before anything else', async () => {
    expect((await post('merge', { customer_id: 'bob' }, { key: 'nope' })).status).toBe(401);
  });

  it('answers other methods with 405', async () => {
    const response = await fetch(`${stub.url}/api/v1/operations/lookup`, { headers: { authorization: `Bearer ${stub.apiKey}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('scripting and recording', () => {
  it('records what arrived', async () => {
    await post('lookup', { customer_id: 'cust_12345' });
    expect(stub.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/v1/operations/lookup',
        json: { customer_id: 'cust_12345' },
        body: '{"customer_id":"cust_12345"}',
        connection: expect.any(Number),
        headers: expect.objectContaining({ authorization: `Bearer ${stub.apiKey}` }),
      }),
    ]);
  });

  it('plays queued replies first, one per request, then always, then the API', async () => {
    stub.enqueue(reply.error(503, { 'retry-after': '3' }), reply.raw(200, 'not json')).always(reply.json(202, { queued: true }));
    const first = await post('lookup', { customer_id: 'cust_12345' });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('3');
    const second = await fetch(`${stub.url}/api/v1/operations/lookup`, { method: 'POST', body: '{}' });
    expect(await second.text()).toBe('not json');
    expect((await post('lookup', { customer_id: 'cust_12345' })).json).toEqual({ queued: true });
    stub.always(undefined);
    expect((await post('lookup', { customer_id: 'cust_12345' })).status).toBe(200);
  });

  it('delays a reply', async () => {
    stub.enqueue({ kind: 'api', delayMs: 120 });
    const started = performance.now();
    await post('lookup', { customer_id: 'cust_12345' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('resets the connection when told to', async () => {
    stub.enqueue(reply.reset());
    await expect(post('lookup', { customer_id: 'cust_12345' })).rejects.toThrow();
  });

  it('reset() restores the seed customers and forgets requests and script', async () => {
    await post('delete', { customer_id: 'cust_12345' });
    stub.always(reply.error(500));
    stub.reset();
    expect(stub.requests).toHaveLength(0);
    expect((await post('lookup', { customer_id: 'cust_12345' })).status).toBe(200);
  });

  it('can be scripted and read over HTTP by another process', async () => {
    const control = (path: string, body?: unknown) =>
      fetch(`${stub.url}/__stub/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    expect((await control('enqueue', [{ kind: 'json', status: 409, body: { error: { code: 'CONFLICT', message: 'x' } } }])).status).toBe(204);
    expect((await post('update', { customer_id: 'cust_12345', first_name: 'A' })).status).toBe(409);
    const { requests } = (await (await control('requests')).json()) as { requests: unknown[] };
    expect(requests).toHaveLength(1);
    expect((await control('enqueue', [{ kind: 'explode' }])).status).toBe(400);
    expect((await control('reset', {})).status).toBe(204);
    expect(stub.requests).toHaveLength(0);
  });

  it('listens on loopback only', async () => {
    await expect(DownstreamStub.start({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/loopback/);
  });
});
