import { setTimeout as sleep } from 'node:timers/promises';
import { GenesysApiError, GenesysClient, type GenesysClientOptions, type GenesysRequestEvent } from '../../lambda/genesys-client/index.js';
import type { PostActionInput } from '../../lambda/genesys-client/index.js';
import { errorReply, GenesysApiStub, type StubReply } from '../support/genesys-api-stub.js';

const ACTION_PATH = '/api/v2/integrations/actions/a1';
const ACTIONS_PATH = '/api/v2/integrations/actions';
const OK: StubReply = { status: 200, body: { id: 'a1', version: 1 } };
const tooManyRequests = (retryAfterSeconds: number): StubReply => ({
  ...errorReply(429, 'too.many.requests.retry.after', 'Rate limit exceeded the maximum. Retry the request in [1] seconds'),
  headers: { 'Retry-After': String(retryAfterSeconds) },
});
const NEW_ACTION: PostActionInput = {
  name: 'lookup',
  category: 'Web',
  integrationId: 'i1',
  secure: true,
  config: { request: { requestUrlTemplate: 'https://x.example/a', requestType: 'POST', headers: {}, requestTemplate: '${input.rawRequest}' } },
  contract: { input: { inputSchema: { type: 'object' } }, output: { successSchema: { type: 'object' } } },
};

describe('Genesys client: retries (429, 5xx, network)', () => {
  let stub: GenesysApiStub;
  let attempts: GenesysRequestEvent[];
  const client = (extra: Partial<GenesysClientOptions> = {}) =>
    new GenesysClient({
      ...stub.clientOptions(),
      retryBaseDelayMs: 5,
      onRequest: (event) => attempts.push(event),
      ...extra,
    });

  beforeAll(async () => {
    stub = await GenesysApiStub.start();
  });
  beforeEach(() => {
    stub.reset();
    attempts = [];
  });
  afterAll(() => stub.close());

  it('429: waits at least Retry-After, then succeeds', async () => {
    stub.script('GET', ACTION_PATH, tooManyRequests(1), OK);
    await expect(client().actions.get('a1')).resolves.toEqual({ id: 'a1', version: 1 });
    const [limited, retried] = stub.requestsTo('GET', ACTION_PATH);
    expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(1000);
  });

  it('429: a Retry-After beyond the cap waits the cap instead', async () => {
    stub.script('GET', ACTION_PATH, tooManyRequests(3600), OK);
    await expect(client({ retryAfterCapMs: 200 }).actions.get('a1')).resolves.toBeDefined();
    const [limited, retried] = stub.requestsTo('GET', ACTION_PATH);
    const waited = retried!.receivedAt - limited!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(3_600_000 / 2); // not the hour asked for
  });

  it('429 is retried even for a POST create: Genesys refused it before doing anything', async () => {
    stub.script('POST', ACTIONS_PATH, tooManyRequests(0), OK);
    await expect(client().actions.create(NEW_ACTION)).resolves.toEqual({ id: 'a1', version: 1 });
    expect(stub.requestsTo('POST', ACTIONS_PATH)).toHaveLength(2);
  });

  it('429 that outlasts the retries surfaces with its Retry-After', async () => {
    stub.script('GET', ACTION_PATH, tooManyRequests(0), tooManyRequests(0), tooManyRequests(0));
    const error = await client({ maxRetries: 2 }).actions.get('a1').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'too.many.requests.retry.after', retryAfterSeconds: 0, attempts: 3 });
  });

  it('5xx on GET: retried with backoff, then success', async () => {
    stub.script('GET', ACTION_PATH, errorReply(503, 'service.unavailable', 'down'), errorReply(502, 'bad.gateway', 'x'), OK);
    await expect(client().actions.get('a1')).resolves.toEqual({ id: 'a1', version: 1 });
    expect(attempts.map((a) => [a.status, a.attempt])).toEqual([[503, 1], [502, 2], [200, 3]]);
  });

  it('5xx exhausted: GenesysApiError with status, code, contextId, details, errors and messageWithParams', async () => {
    const body = {
      message: 'Internal failure',
      code: 'internal.server.error',
      status: 500,
      messageWithParams: 'Internal failure in {service}',
      messageParams: { service: 'integrations' },
      contextId: 'ctx-5e1b',
      details: [{ errorCode: 'E42', fieldName: 'config.request' }],
      errors: [{ message: 'inner', code: 'inner.code' }],
    };
    stub.script('PATCH', ACTION_PATH, ...Array.from({ length: 3 }, () => ({ status: 500, body })));
    const error = await client({ maxRetries: 2 })
      .actions.patch('a1', { version: 3, name: 'renamed' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({
      name: 'GenesysApiError',
      method: 'PATCH',
      path: ACTION_PATH,
      status: 500,
      code: 'internal.server.error',
      apiMessage: 'Internal failure',
      contextId: 'ctx-5e1b',
      details: body.details,
      errors: body.errors,
      messageWithParams: 'Internal failure in {service}',
      messageParams: { service: 'integrations' },
      attempts: 3,
    });
    expect((error as Error).message).toBe(
      `Genesys API PATCH ${ACTION_PATH} failed: 500 internal.server.error: Internal failure (contextId ctx-5e1b)`,
    );
    expect(stub.requestsTo('PATCH', ACTION_PATH)).toHaveLength(3);
  });

  it('5xx on a POST create is not retried: the action may exist already', async () => {
    stub.script('POST', ACTIONS_PATH, errorReply(503, 'service.unavailable', 'down'), OK);
    const error = await client().actions.create(NEW_ACTION).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(stub.requestsTo('POST', ACTIONS_PATH)).toHaveLength(1);
  });

  it('4xx other than 401/429 is not retried', async () => {
    stub.script('GET', ACTION_PATH, errorReply(404, 'not.found', 'gone'), OK);
    const error = await client().actions.get('a1').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 'not.found', isNotFound: true, attempts: 1 });
  });

  it('a dropped connection on GET is retried, then success', async () => {
    stub.script('GET', ACTION_PATH, { destroy: true }, OK);
    await expect(client().actions.get('a1')).resolves.toEqual({ id: 'a1', version: 1 });
    expect(stub.requestsTo('GET', ACTION_PATH)).toHaveLength(2);
  });

  it('a dropped connection on a POST create is not retried and surfaces with status 0', async () => {
    stub.script('POST', ACTIONS_PATH, { destroy: true }, OK);
    const error = await client().actions.create(NEW_ACTION).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 0, code: 'ECONNRESET', attempts: 1 });
    expect(stub.requestsTo('POST', ACTIONS_PATH)).toHaveLength(1);
  });

  it('a timed-out GET is retried with a fresh timeout', async () => {
    stub.script('GET', ACTION_PATH, { ...OK, delayMs: 500 }, OK);
    await expect(client({ timeoutMs: 150 }).actions.get('a1')).resolves.toEqual({ id: 'a1', version: 1 });
    expect(stub.requestsTo('GET', ACTION_PATH)).toHaveLength(2);
  });

  it('a refused connection is retried even for a POST create (nothing was sent) and reported when it lasts', async () => {
    const vanishing = await GenesysApiStub.start();
    const genesys = new GenesysClient({ ...vanishing.clientOptions(), maxRetries: 2, retryBaseDelayMs: 1 });
    await genesys.actions.get('a1'); // logged in, token cached
    await vanishing.close();
    await sleep(50); // let the client see its idle keep-alive socket close, so the next request connects anew
    const error = await genesys.actions.create(NEW_ACTION).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'ECONNREFUSED', method: 'POST', path: ACTIONS_PATH, attempts: 3 });
  });

  it('a refused login is retried, then reported', async () => {
    const closed = await GenesysApiStub.start();
    const options = closed.clientOptions();
    await closed.close();
    const error = await new GenesysClient({ ...options, maxRetries: 1, retryBaseDelayMs: 1 })
      .actions.get('a1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'ECONNREFUSED', path: '/oauth/token', attempts: 2 });
  });
});
