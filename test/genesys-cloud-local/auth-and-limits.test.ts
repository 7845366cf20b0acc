/**
 * The login service and the gateway behaviour every Platform API call goes through: tokens and their
 * expiry, 401s, the per-token rate limit (429 + Retry-After), body size (413), media type, routing errors.
 */
import {
  DEFAULT_DEV_CLIENT,
  LocalGenesysCloud,
  LocalGenesysCloudOptionsError,
} from '../../tools/genesys-cloud-local/index.js';
import { type HttpResult, UUID, api, expectErrorBody, http, login, startGenesys } from './support.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

describe('POST /oauth/token (client credentials)', () => {
  let genesys: LocalGenesysCloud;
  beforeAll(async () => {
    genesys = await startGenesys({ clients: [DEFAULT_DEV_CLIENT, { clientId: 'second', clientSecret: 's3cret' }] });
  });
  afterAll(() => genesys.stop());

  const token = (headers: Record<string, string>, body: string): Promise<HttpResult> =>
    http(`${genesys.url}/oauth/token`, { method: 'POST', headers, body });

  it('issues a bearer token for HTTP Basic client credentials, with expires_in like Genesys (86400 by default)', async () => {
    const result = await token({ Authorization: basic('second', 's3cret'), 'Content-Type': FORM }, 'grant_type=client_credentials');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86400 });
    expect(result.headers.get('inin-correlation-id')).toMatch(UUID);
    const call = await api(genesys.url, result.body.access_token, 'GET', '/api/v2/integrations');
    expect(call.status).toBe(200);
  });

  it('accepts client_id and client_secret as form fields', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'second', client_secret: 's3cret' });
    const result = await token({ 'Content-Type': FORM }, form.toString());
    expect(result.status).toBe(200);
  });

  it('answers a wrong secret or an unknown client with 401 invalid_client', async () => {
    for (const authorization of [basic('second', 'wrong'), basic('nobody', 's3cret')]) {
      const result = await token({ Authorization: authorization, 'Content-Type': FORM }, 'grant_type=client_credentials');
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ error: 'invalid_client', description: 'authentication failed', error_description: 'authentication failed' });
    }
    const none = await token({ 'Content-Type': FORM }, 'grant_type=client_credentials');
    expect(none.status).toBe(401);
  });

  it('refuses other grant types, a missing grant_type and a non-form body with 400', async () => {
    const auth = basic('second', 's3cret');
    expect((await token({ Authorization: auth, 'Content-Type': FORM }, 'grant_type=password')).body.error).toBe('unsupported_grant_type');
    expect((await token({ Authorization: auth, 'Content-Type': FORM }, '')).body.error).toBe('invalid_request');
    const json = await token({ Authorization: auth, 'Content-Type': 'application/json' }, '{"grant_type":"client_credentials"}');
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('invalid_request');
  });
});

describe('bearer tokens on /api/v2', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  let genesys: LocalGenesysCloud;
  beforeAll(async () => {
    genesys = await startGenesys({ tokenTtlSeconds: 60, clock: () => now });
  });
  afterAll(() => genesys.stop());

  it('answers a call without a token with 401 authentication.required in an ErrorBody', async () => {
    const result = await api(genesys.url, undefined, 'GET', '/api/v2/integrations/actions');
    expectErrorBody(result, 401, 'authentication.required');
    expect(result.body.message).toBe('No authentication bearer token specified in authorization header.');
  });

  it('answers an unknown token with 401 bad.credentials', async () => {
    expectErrorBody(await api(genesys.url, 'not-a-token', 'GET', '/api/v2/integrations'), 401, 'bad.credentials');
  });

  it('expires a token after tokenTtlSeconds (reported in expires_in)', async () => {
    const result = await http(`${genesys.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: basic(DEFAULT_DEV_CLIENT.clientId, DEFAULT_DEV_CLIENT.clientSecret), 'Content-Type': FORM },
      body: 'grant_type=client_credentials',
    });
    expect(result.body.expires_in).toBe(60);
    const accessToken = result.body.access_token as string;
    now += 59_000;
    expect((await api(genesys.url, accessToken, 'GET', '/api/v2/integrations')).status).toBe(200);
    now += 1_000;
    expectErrorBody(await api(genesys.url, accessToken, 'GET', '/api/v2/integrations'), 401, 'bad.credentials');
  });

  it('expireAllTokens() invalidates every token at once', async () => {
    const accessToken = await login(genesys.url);
    expect((await api(genesys.url, accessToken, 'GET', '/api/v2/integrations')).status).toBe(200);
    genesys.expireAllTokens();
    expectErrorBody(await api(genesys.url, accessToken, 'GET', '/api/v2/integrations'), 401, 'bad.credentials');
  });

  it('gives every error a fresh contextId, echoed in ININ-Correlation-Id', async () => {
    const a = await api(genesys.url, undefined, 'GET', '/api/v2/integrations');
    const b = await api(genesys.url, undefined, 'GET', '/api/v2/integrations');
    expect(a.body.contextId).not.toBe(b.body.contextId);
    expect(a.headers.get('inin-correlation-id')).toBe(a.body.contextId);
  });
});

describe('per-token rate limit', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  let genesys: LocalGenesysCloud;
  beforeAll(async () => {
    genesys = await startGenesys({ requestsPerMinutePerToken: 3, clock: () => now });
  });
  afterAll(() => genesys.stop());

  it('answers the request after N in a minute with 429, Retry-After and too.many.requests.retry.after', async () => {
    const token = await login(genesys.url);
    for (let i = 1; i <= 3; i++) {
      const ok = await api(genesys.url, token, 'GET', '/api/v2/integrations');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('inin-ratelimit-count')).toBe(String(i));
      expect(ok.headers.get('inin-ratelimit-allowed')).toBe('3');
    }
    now += 20_000;
    const limited = await api(genesys.url, token, 'GET', '/api/v2/integrations');
    expectErrorBody(limited, 429, 'too.many.requests.retry.after');
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.body.messageParams).toEqual({ retryAfter: '40' });
    expect(limited.body.message).toBe('Rate limit exceeded the maximum. Retry the request in [40] seconds');

    // Per token: another token still has its budget.
    expect((await api(genesys.url, await login(genesys.url), 'GET', '/api/v2/integrations')).status).toBe(200);

    now += 40_000;
    expect((await api(genesys.url, token, 'GET', '/api/v2/integrations')).status).toBe(200);
  });

  it('does not count the login service against the token budget', async () => {
    for (let i = 0; i < 5; i++) await login(genesys.url);
    expect(genesys.state().activeTokens).toBeGreaterThanOrEqual(5);
  });
});

describe('request bodies, media types and routes', () => {
  let genesys: LocalGenesysCloud;
  let token: string;
  beforeAll(async () => {
    genesys = await startGenesys({ maxRequestBodyBytes: 1024 });
    token = await login(genesys.url);
  });
  afterAll(() => genesys.stop());

  const post = (body: RequestInit['body'], headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    http(`${genesys.url}/api/v2/integrations/actions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, ...headers }, body });

  it('answers a body over the cap with 413 request.entity.too.large', async () => {
    const result = await post(JSON.stringify({ name: 'x'.repeat(2000) }));
    expectErrorBody(result, 413, 'request.entity.too.large');
    expect(result.body.messageParams).toEqual({ contentLength: expect.any(String), maxBytes: '1024' });
  });

  it('also stops a chunked body (no Content-Length) once it passes the cap', async () => {
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(400)));
        controller.close();
      },
    });
    const result = await http(`${genesys.url}/api/v2/integrations/actions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expectErrorBody(result, 413, 'request.entity.too.large');
  });

  it('answers malformed JSON with 400 and a non-JSON media type with 415', async () => {
    expectErrorBody(await post('{"name": '), 400, 'bad.request');
    expectErrorBody(await post('name=x', { 'Content-Type': 'text/plain' }), 415, 'unsupported.media.type');
  });

  it('answers an unknown path with 404 not.found and a wrong method with 405', async () => {
    expectErrorBody(await api(genesys.url, token, 'GET', '/api/v2/nothing/here'), 404, 'not.found');
    const wrongMethod = await api(genesys.url, token, 'PUT', '/api/v2/integrations/actions');
    expectErrorBody(wrongMethod, 405, 'method.not.allowed');
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });

  it('injects faults for client retry tests, then answers normally', async () => {
    genesys.injectFault({ status: 503, times: 2, path: '/api/v2/integrations' });
    expectErrorBody(await api(genesys.url, token, 'GET', '/api/v2/integrations'), 503, 'service.unavailable');
    expectErrorBody(await api(genesys.url, token, 'GET', '/api/v2/integrations'), 503, 'service.unavailable');
    expect((await api(genesys.url, token, 'GET', '/api/v2/integrations')).status).toBe(200);
    genesys.injectFault({ status: 429, retryAfterSeconds: 7 });
    const limited = await api(genesys.url, token, 'GET', '/api/v2/integrations');
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(genesys.requestLog().slice(-4).map((r) => r.status)).toEqual([503, 503, 200, 429]);
  });
});

describe('options', () => {
  it('are validated up front with a named error', () => {
    expect(() => new LocalGenesysCloud({ port: 70000 })).toThrow(LocalGenesysCloudOptionsError);
    expect(() => new LocalGenesysCloud({ requestsPerMinutePerToken: 0 })).toThrow(LocalGenesysCloudOptionsError);
    expect(() => new LocalGenesysCloud({ clients: [] })).toThrow(LocalGenesysCloudOptionsError);
    expect(() => new LocalGenesysCloud({ tokenTtlSeconds: -1 })).toThrow(LocalGenesysCloudOptionsError);
  });

  it('throws on url before start and stops idempotently', async () => {
    const genesys = new LocalGenesysCloud();
    expect(() => genesys.url).toThrow(/not started/);
    const { url, port } = await genesys.start();
    expect(url).toBe(`http://127.0.0.1:${port}`);
    await genesys.stop();
    await genesys.stop();
  });
});
