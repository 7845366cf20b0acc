import { inspect } from 'node:util';
import { GenesysApiError, GenesysClient, type GenesysClientOptions } from '../../lambda/genesys-client/index.js';
import { errorReply, GenesysApiStub, type RecordedRequest } from '../support/genesys-api-stub.js';

const ACTION_PATH = '/api/v2/integrations/actions/a1';

/** Every way an error gets printed or shipped: message, JSON, inspect (stack, cause and hidden fields). */
function renderings(error: unknown): string[] {
  return [String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true }), (error as Error).stack ?? ''];
}

describe('Genesys client: the secret and the token never leak', () => {
  let stub: GenesysApiStub;
  let logged: Array<[string, string, Record<string, unknown> | undefined]>;
  const logger = {
    debug: (message: string, fields?: Record<string, unknown>) => logged.push(['debug', message, fields]),
    warn: (message: string, fields?: Record<string, unknown>) => logged.push(['warn', message, fields]),
  };
  const client = (extra: Partial<GenesysClientOptions> = {}) =>
    new GenesysClient({ ...stub.clientOptions(), retryBaseDelayMs: 1, logger, ...extra });
  const basic = () => Buffer.from(`${stub.clientId}:${stub.clientSecret}`).toString('base64');
  const secrets = () => [stub.clientSecret, basic(), ...stub.issuedTokens];

  function expectNoSecret(texts: string[], extraSecrets: string[] = []): void {
    for (const text of texts) {
      for (const secret of [...secrets(), ...extraSecrets]) expect(text).not.toContain(secret);
    }
  }

  beforeAll(async () => {
    stub = await GenesysApiStub.start();
  });
  beforeEach(() => {
    stub.reset();
    logged = [];
  });
  afterAll(() => stub.close());

  it('an API error echoing the Authorization header, the token and the secret is redacted everywhere', async () => {
    const echo = (req: RecordedRequest) =>
      errorReply(400, 'bad.request', `you sent ${req.headers.authorization} with client secret ${stub.clientSecret}`, {
        messageWithParams: `token {t}: ${req.token}`,
        messageParams: { t: req.token },
        details: [{ errorCode: 'bad', fieldName: `${req.token}` }],
        errors: [{ message: `inner ${req.token}`, code: 'x' }],
      });
    stub.script('GET', ACTION_PATH, echo);
    const error = await client().actions.get('a1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(stub.issuedTokens.length).toBeGreaterThan(0);
    const texts = renderings(error);
    expect(texts[0]).toContain('you sent Bearer [REDACTED] with client secret [REDACTED]'); // the echo did happen
    expect(JSON.stringify(error)).toContain('"messageParams":{"t":"[REDACTED]"}');
    expectNoSecret(texts);
  });

  it('a login error echoing the Basic credentials is redacted', async () => {
    stub.script('POST', '/oauth/token', (req: RecordedRequest) => ({
      status: 400,
      body: { error: 'invalid_request', error_description: `bad header: ${req.headers.authorization}` },
    }));
    const error = await client().actions.get('a1').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', path: '/oauth/token' });
    expect(String(error)).toContain('bad header: Basic [REDACTED]');
    expectNoSecret(renderings(error));
  });

  it('a credential error quoting the credential fields sent is redacted', async () => {
    const password = 'inbound-api-key-7f3c9a1e';
    stub.script('POST', '/api/v2/integrations/credentials', (req: RecordedRequest) =>
      errorReply(400, 'invalid.credential', `invalid fields in ${req.body}`),
    );
    const error = await client()
      .credentials.create({ name: 'inbound', type: { name: 'basicAuth' }, credentialFields: { userName: 'genesys', password } })
      .catch((e: unknown) => e);
    expect(String(error)).toContain('[REDACTED]');
    expectNoSecret(renderings(error), [password]);
  });

  it('network errors and timeouts carry no axios config (headers) in cause or fields', async () => {
    stub.script('GET', ACTION_PATH, { delayMs: 300 }, { delayMs: 300 });
    const error = await client({ timeoutMs: 50, maxRetries: 1 }).actions.get('a1').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'ECONNABORTED', attempts: 2 });
    const texts = renderings(error);
    expect(texts[2]).toContain('[cause]'); // inspected, cause included
    expectNoSecret(texts);
    for (const text of texts) expect(text).not.toMatch(/Bearer|Basic|authorization/i);
  });

  it('the logger gets only safe fields: no header, token, secret or body, through logins, retries and a 401', async () => {
    const genesys = client();
    stub.script('GET', ACTION_PATH, errorReply(503, 'service.unavailable', 'busy'));
    await genesys.actions.get('a1');
    stub.revokeTokens();
    await genesys.credentials.create({ name: 'c', type: { name: 'basicAuth' }, credentialFields: { userName: 'u', password: 'p4ssw0rd-secret' } });
    expect(logged.some(([level, message]) => level === 'warn' && message === 'Genesys API call retried')).toBe(true);
    expect(logged.filter(([, message]) => message === 'Genesys token issued')).toHaveLength(2);
    const everything = JSON.stringify(logged);
    expectNoSecret([everything], ['p4ssw0rd-secret']);
    expect(everything).not.toMatch(/Bearer|Basic|authorization/i);
    const fieldNames = new Set(logged.flatMap(([, , fields]) => Object.keys(fields ?? {})));
    expect([...fieldNames].sort()).toEqual(
      ['attempt', 'code', 'delayMs', 'durationMs', 'expiresInSeconds', 'method', 'path', 'retry', 'status'].sort(),
    );
  });
});
