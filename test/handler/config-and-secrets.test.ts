/**
 * Configuration (env → typed options, validated once, errors naming the variable) and secrets (read
 * through Powertools Parameters, cached: no Secrets Manager call per invocation; a cold start reads the
 * three in parallel; a secret that cannot be read or parsed is a 500 that names the variable, never the
 * value), plus the constant-time credential comparison.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { mockClient } from 'aws-sdk-client-mock';
import { CONFIG_DEFAULTS, ConfigurationError, loadConfig } from '../../lambda/runtime/config.js';
import { parseInboundCredential, RuntimeSecrets, type SecretReader } from '../../lambda/runtime/secrets.js';
import { credentialDigest, matchesDigest } from '../../lambda/runtime/timing-safe.js';
import { CANARY, functionEnv, LambdaHarness, proxyResult, SECRET_ARNS } from '../support/lambda-harness.js';
import { withLambdaHarness } from '../support/lambda-harness-suite.js';

const BASE_ENV = functionEnv('https://crm.example.com/');

describe('loadConfig', () => {
  it('reads the pinned variables, with the documented defaults', () => {
    expect(loadConfig(BASE_ENV)).toEqual({
      downstreamBaseUrl: 'https://crm.example.com',
      downstreamApiKeySecretArn: SECRET_ARNS.downstream,
      inboundCredentialSecretArn: SECRET_ARNS.inbound,
      auditHmacSecretArn: SECRET_ARNS.audit,
      allowedGenesysOrgIds: null,
      idempotencyTableName: null,
      ...CONFIG_DEFAULTS,
    });
    expect(CONFIG_DEFAULTS).toEqual({
      maxBodyBytes: 65_536,
      deadlineSafetyMarginMs: 250,
      secretsMaxAgeSeconds: 300,
      downstreamMaxRetries: 2,
      idempotencyTtlSeconds: 3600,
      serviceName: 'genesys-data-actions',
      metricsNamespace: 'GenesysDataActions',
    });
  });

  it('reads the optional ones', () => {
    const config = loadConfig({
      ...BASE_ENV,
      ALLOWED_GENESYS_ORG_IDS: 'ABC-1, def-2',
      MAX_BODY_BYTES: '1024',
      DEADLINE_SAFETY_MARGIN_MS: '0',
      SECRETS_MAX_AGE_SECONDS: '60',
      DOWNSTREAM_MAX_RETRIES: '0',
      POWERTOOLS_SERVICE_NAME: 'svc',
      POWERTOOLS_METRICS_NAMESPACE: 'Ns',
      IDEMPOTENCY_TABLE_NAME: 'Stack-IdempotencyTable1A2B3C-XYZ',
      IDEMPOTENCY_TTL_SECONDS: '600',
    });
    expect(config).toMatchObject({ maxBodyBytes: 1024, deadlineSafetyMarginMs: 0, secretsMaxAgeSeconds: 60, downstreamMaxRetries: 0, serviceName: 'svc', metricsNamespace: 'Ns' });
    expect(config).toMatchObject({ idempotencyTableName: 'Stack-IdempotencyTable1A2B3C-XYZ', idempotencyTtlSeconds: 600 });
    expect([...(config.allowedGenesysOrgIds ?? [])]).toEqual(['abc-1', 'def-2']);
  });

  it.each([
    ['DOWNSTREAM_BASE_URL', undefined, /is required/],
    ['DOWNSTREAM_BASE_URL', 'crm.example.com', /absolute http\(s\) URL/],
    ['DOWNSTREAM_BASE_URL', 'ftp://crm.example.com', /absolute http\(s\) URL/],
    ['DOWNSTREAM_BASE_URL', 'https://svc:CanaryUrlPassword@crm.example.com', /must not carry credentials/],
    ['DOWNSTREAM_API_KEY_SECRET_ARN', undefined, /is required/],
    ['DOWNSTREAM_API_KEY_SECRET_ARN', 'CanaryPlainKeyInsteadOfArn', /Secrets Manager secret ARN/],
    ['INBOUND_CREDENTIAL_SECRET_ARN', 'arn:aws:ssm:eu-west-1:123456789012:parameter/x', /Secrets Manager secret ARN/],
    ['AUDIT_HMAC_SECRET_ARN', '', /is required/],
    ['ALLOWED_GENESYS_ORG_IDS', 'a,,b', /comma-separated/],
    ['MAX_BODY_BYTES', '64k', /whole number/],
    ['MAX_BODY_BYTES', '0', /whole number from 1/],
    ['MAX_BODY_BYTES', '99999999', /whole number/],
    ['DEADLINE_SAFETY_MARGIN_MS', '-5', /whole number/],
    ['SECRETS_MAX_AGE_SECONDS', '0', /whole number from 1/],
    ['DOWNSTREAM_MAX_RETRIES', '2.5', /whole number/],
    ['IDEMPOTENCY_TABLE_NAME', 'arn:aws:dynamodb:eu-west-1:123456789012:table/x', /DynamoDB table name/],
    ['IDEMPOTENCY_TTL_SECONDS', '0', /whole number from 1/],
  ])('%s=%s fails naming the variable, without echoing the value', (variable, value, problem) => {
    const env: Record<string, string | undefined> = { ...BASE_ENV, [variable]: value };
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    const error = thrown as ConfigurationError;
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toMatch(problem);
    if (value && value.length > 3) expect(error.message).not.toContain(value);
  });
});

describe('parseInboundCredential', () => {
  it('Basic: keeps only the digest of the expected token', () => {
    const credential = parseInboundCredential(JSON.stringify({ username: 'u', password: 'p' }));
    expect(credential.scheme).toBe('basic');
    expect(credential.headerName).toBe('authorization');
    expect(matchesDigest(Buffer.from('u:p').toString('base64'), credential.digest)).toBe(true);
    expect(JSON.stringify(credential)).not.toContain(Buffer.from('u:p').toString('base64'));
  });

  it('a user-defined header: the name lower-cased, as the header normaliser makes it', () => {
    const credential = parseInboundCredential(JSON.stringify({ headerName: 'X-Api-Key', headerValue: 'v' }));
    expect(credential).toMatchObject({ scheme: 'header', headerName: 'x-api-key' });
  });

  it.each([
    ['not JSON', 'CanarySecretText{'],
    ['neither shape', JSON.stringify({ user: 'CanarySecretText' })],
    ['a username with a colon', JSON.stringify({ username: 'a:b', password: 'CanarySecretText' })],
    ['an invalid header name', JSON.stringify({ headerName: 'bad header', headerValue: 'CanarySecretText' })],
  ])('%s: a ConfigurationError naming the variable, never the secret', (_label, raw) => {
    expect(() => parseInboundCredential(raw)).toThrow(ConfigurationError);
    try {
      parseInboundCredential(raw);
    } catch (error) {
      expect((error as ConfigurationError).variable).toBe('INBOUND_CREDENTIAL_SECRET_ARN');
      expect((error as Error).message).not.toContain('CanarySecretText');
      expect((error as Error).cause).toBeUndefined();
    }
  });
});

describe('constant-time comparison', () => {
  it('compares digests, whatever the lengths', () => {
    const digest = credentialDigest('expected-value');
    expect(matchesDigest('expected-value', digest)).toBe(true);
    expect(matchesDigest('expected-valuE', digest)).toBe(false);
    expect(matchesDigest('', digest)).toBe(false);
    expect(matchesDigest('expected-value'.repeat(1000), digest)).toBe(false);
  });
});

describe('RuntimeSecrets over Powertools SecretsProvider and a faked Secrets Manager', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  afterAll(() => secretsManager.restore());

  let inFlight = 0;
  let maxInFlight = 0;
  function plant(delayMs = 0): void {
    secretsManager.reset();
    inFlight = maxInFlight = 0;
    const answer = (value: string) => async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight--;
      return { SecretString: value };
    };
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.inbound }).callsFake(answer(JSON.stringify({ username: 'u', password: 'p' })));
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.downstream }).callsFake(answer(CANARY.downstreamApiKey));
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.audit }).callsFake(answer(CANARY.auditHmacKey));
  }

  const secretsWith = (maxAgeSeconds: number) =>
    new RuntimeSecrets({
      provider: new SecretsProvider({ clientConfig: { region: 'eu-west-1' } }),
      maxAgeSeconds,
      inboundCredentialSecretArn: SECRET_ARNS.inbound,
      downstreamApiKeySecretArn: SECRET_ARNS.downstream,
      auditHmacSecretArn: SECRET_ARNS.audit,
    });

  it('the first read fetches all three at once; later reads hit the cache (one call per secret)', async () => {
    plant(30);
    const secrets = secretsWith(300);
    await secrets.inboundCredential();
    // The first read started all three: they were in flight together (one round trip at a cold start, not three).
    expect(maxInFlight).toBe(3);
    await secrets.downstreamApiKey();
    await secrets.auditHmacKey();
    for (let i = 0; i < 50; i++) {
      await Promise.all([secrets.inboundCredential(), secrets.downstreamApiKey(), secrets.auditHmacKey()]);
    }
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });

  it('derived values are reused while the secret is unchanged (no re-derivation per call)', async () => {
    plant();
    const secrets = secretsWith(300);
    const first = await secrets.inboundCredential();
    expect(await secrets.inboundCredential()).toBe(first);
    expect(await secrets.auditHmacKey()).toBe(await secrets.auditHmacKey());
  });

  it('after maxAge the secret is read again, and a rotated value takes effect', async () => {
    plant();
    const secrets = secretsWith(1);
    expect(await secrets.downstreamApiKey()).toBe(CANARY.downstreamApiKey);
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.downstream }).resolves({ SecretString: 'rotated-key' });
    expect(await secrets.downstreamApiKey()).toBe(CANARY.downstreamApiKey);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await secrets.downstreamApiKey()).toBe('rotated-key');
  });

  it('a failed read is reported by variable name and retried on the next call', async () => {
    secretsManager.reset();
    secretsManager.on(GetSecretValueCommand).rejects(new Error(`AccessDenied for ${CANARY.auditHmacKey}`));
    const secrets = secretsWith(300);
    await expect(secrets.auditHmacKey()).rejects.toMatchObject({ name: 'SecretUnavailableError', variable: 'AUDIT_HMAC_SECRET_ARN' });
    plant();
    await expect(secrets.auditHmacKey()).resolves.toBeDefined();
  });

  it('options are validated up front', () => {
    const provider: SecretReader = { get: async () => 'x' };
    expect(() => new RuntimeSecrets({ provider, maxAgeSeconds: 0, inboundCredentialSecretArn: 'a', downstreamApiKeySecretArn: 'b', auditHmacSecretArn: 'c' })).toThrow(RangeError);
    expect(() => new RuntimeSecrets({ provider, inboundCredentialSecretArn: '', downstreamApiKeySecretArn: 'b', auditHmacSecretArn: 'c' })).toThrow(/inboundCredentialSecretArn/);
  });
});

describe('through the handler: secrets that cannot be used', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started));

  it('Secrets Manager failing at a cold start: 500 INTERNAL_ERROR, the audit record still written, no secret logged', async () => {
    h.secretsManager.reset();
    h.secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error(`Throttled; canary ${CANARY.inboundPassword}`), { name: 'ThrottlingException' }));
    const invocation = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }));
    const answer = proxyResult(invocation.result);
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toMatchObject({ error: { code: 'INTERNAL_ERROR', message: 'An internal error occurred.' } });
    expect(invocation.audits).toHaveLength(1);
    expect(invocation.audits[0]).toMatchObject({ http_status: 500, outcome: 'server_error', input_hash: null });
    const failure = invocation.lines.find((l) => l.json?.message === 'data-action failed')?.json;
    const chain = failure?.error_chain as Record<string, unknown>[];
    expect(chain.map((e) => e.name)).toEqual(['SecretUnavailableError', 'GetParameterError', 'ThrottlingException']);
    expect(chain[0]?.message).toBe('the secret named by INBOUND_CREDENTIAL_SECRET_ARN could not be read');
    for (const line of invocation.lines) expect(line.text).not.toContain(CANARY.inboundPassword);
  });

  it('recovers on the next invocation once Secrets Manager answers', async () => {
    h.plantSecrets();
    const invocation = await h.invoke(h.apiEvent({ body: { customer_id: 'cust_12345' } }));
    expect(proxyResult(invocation.result).statusCode).toBe(200);
  });

  it('the audit key alone unavailable: the call is answered, the record written with input_hash null, the reason logged', async () => {
    // A fresh harness: its secret cache is empty.
    const fresh = await LambdaHarness.start();
    try {
      fresh.secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.audit }).rejects(new Error('AccessDeniedException'));
      const invocation = await fresh.invoke(fresh.apiEvent({ body: { customer_id: 'cust_12345' } }));
      expect(proxyResult(invocation.result).statusCode).toBe(200);
      expect(invocation.audits).toHaveLength(1);
      expect(invocation.audits[0]).toMatchObject({ outcome: 'success', input_hash: null });
      expect(invocation.lines.find((l) => l.json?.message === 'audit input_hash unavailable')?.json).toMatchObject({
        level: 'ERROR',
        error_chain: [expect.objectContaining({ name: 'SecretUnavailableError' }), expect.anything(), expect.anything()],
      });
    } finally {
      await fresh.close();
    }
  });
});
