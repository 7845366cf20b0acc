import { setTimeout as sleep } from 'node:timers/promises';
import { GenesysApiError, GenesysClient, type GenesysClientOptions } from '../../lambda/genesys-client/index.js';
import { errorReply, GenesysApiStub } from '../support/genesys-api-stub.js';

const ACTION_PATH = '/api/v2/integrations/actions/a1';

describe('Genesys client: OAuth client-credentials token', () => {
  let stub: GenesysApiStub;
  const client = (extra: Partial<GenesysClientOptions> = {}) =>
    new GenesysClient({ ...stub.clientOptions(), retryBaseDelayMs: 1, ...extra });

  beforeAll(async () => {
    stub = await GenesysApiStub.start();
  });
  beforeEach(() => {
    stub.reset();
    stub.tokenLifetimeSeconds = 86_400;
  });
  afterAll(() => stub.close());

  it('logs in with HTTP Basic client id/secret and grant_type=client_credentials', async () => {
    await client().actions.get('a1');
    expect(stub.logins).toHaveLength(1);
    const [login] = stub.logins;
    const basic = Buffer.from(`${stub.clientId}:${stub.clientSecret}`).toString('base64');
    expect(login?.headers.authorization).toBe(`Basic ${basic}`);
    expect(login?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(login?.body).toBe('grant_type=client_credentials');
    expect(stub.requests[0]?.token).toBe(stub.issuedTokens[0]);
  });

  it('fetches the token once and reuses it across calls', async () => {
    const genesys = client();
    await genesys.actions.get('a1');
    await genesys.integrations.list();
    await genesys.actions.list();
    expect(stub.logins).toHaveLength(1);
    expect(new Set(stub.requests.map((r) => r.token))).toEqual(new Set([stub.issuedTokens.at(-1)]));
  });

  it('renews the token before expires_in runs out, so no request meets an expired token', async () => {
    stub.tokenLifetimeSeconds = 1;
    const genesys = client({ tokenRenewalMarginMs: 60_000 }); // margin capped at half the 1 s life
    await genesys.actions.get('a1');
    await sleep(600);
    await genesys.actions.get('a1');
    expect(stub.logins).toHaveLength(2);
    expect(stub.unauthorizedCount).toBe(0);
    expect(stub.requests.map((r) => r.token)).toEqual(stub.issuedTokens.slice(-2));
  });

  it('concurrent first calls share one login', async () => {
    const genesys = client();
    await Promise.all(Array.from({ length: 8 }, (_, i) => genesys.actions.get(`a${i}`)));
    expect(stub.logins).toHaveLength(1);
    expect(stub.requests).toHaveLength(8);
  });

  it('on a 401 logs in again once and repeats the request once', async () => {
    const genesys = client();
    await genesys.actions.get('a1');
    stub.revokeTokens(); // Genesys no longer accepts the cached token
    const action = await genesys.actions.get('a1');
    expect(action).toEqual({});
    expect(stub.logins).toHaveLength(2);
    const gets = stub.requestsTo('GET', ACTION_PATH);
    expect(gets).toHaveLength(3);
    const [first, renewed] = stub.issuedTokens.slice(-2);
    expect(gets[1]?.token).toBe(first);
    expect(gets[2]?.token).toBe(renewed);
  });

  it('a POST answered 401 is repeated too: Genesys never processed it', async () => {
    const genesys = client();
    await genesys.actions.get('a1');
    stub.revokeTokens();
    await genesys.integrations.create({ name: 'x', integrationType: { id: 'custom-rest-actions' } });
    expect(stub.requestsTo('POST', '/api/v2/integrations')).toHaveLength(2);
  });

  it('a second 401 surfaces as GenesysApiError 401 after exactly one re-login', async () => {
    const unauthorized = errorReply(401, 'bad.credentials', 'Invalid login credentials.');
    stub.script('GET', ACTION_PATH, unauthorized, unauthorized, { status: 200, body: {} });
    const error = await client().actions.get('a1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 401, code: 'bad.credentials', attempts: 2 });
    expect(stub.logins).toHaveLength(2);
    expect(stub.requestsTo('GET', ACTION_PATH)).toHaveLength(2);
  });

  it('concurrent 401s for the same token cause one re-login', async () => {
    const genesys = client();
    await genesys.actions.get('a0');
    stub.revokeTokens();
    await Promise.all(Array.from({ length: 5 }, (_, i) => genesys.actions.get(`a${i}`)));
    expect(stub.logins).toHaveLength(2);
  });

  it('bad client credentials fail with the OAuth error, no retry', async () => {
    const error = await client({ clientSecret: 'wrong-secret-value' })
      .actions.get('a1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client', path: '/oauth/token', apiMessage: 'client not found' });
    expect(stub.logins).toHaveLength(1);
    expect(stub.requests).toHaveLength(0);
  });

  it('a login answered 503 is retried (a token request is safe to repeat)', async () => {
    stub.script('POST', '/oauth/token', errorReply(503, 'service.unavailable', 'busy'));
    await client().actions.get('a1');
    expect(stub.logins).toHaveLength(2);
    expect(stub.requests).toHaveLength(1);
  });
});
