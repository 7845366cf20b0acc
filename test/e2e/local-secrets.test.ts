/**
 * Where the local stack's secrets come from: the git-ignored secrets file (generated on the first run,
 * private to its owner), the environment's overrides, and the local endpoint speaking the Secrets Manager
 * protocol that the deployed code reads them from — driven here by the real AWS SDK client and by
 * Powertools' SecretsProvider, as the bundle uses them.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { LocalSecretsError, loadLocalSecrets } from '../../tools/local-stack/local-secrets.js';
import { LocalSecretsManager } from '../../tools/local-stack/secrets-manager-endpoint.js';

const CANARY = 'CanaryLocalSecret-7f31c2';

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('the local secrets file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated on the first run with random values, private to its owner, and kept on later runs', async () => {
    const file = join(dir, '.local', 'secrets.json');
    const first = await loadLocalSecrets(file, {});
    expect(first.created).toBe(true);
    expect(first.secrets.inboundCredential.username).toBe('genesys');
    for (const value of [first.secrets.inboundCredential.password, first.secrets.downstreamApiKey, first.secrets.auditHmacKey]) {
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.local')).mode & 0o777).toBe(0o700);
    expect(readFileSync(first.credentialFile, 'utf8')).toBe(`genesys:${first.secrets.inboundCredential.password}`);
    expect(statSync(first.credentialFile).mode & 0o777).toBe(0o600);

    const second = await loadLocalSecrets(file, {});
    expect(second.created).toBe(false);
    expect(second.secrets).toEqual(first.secrets);
    const elsewhere = await loadLocalSecrets(join(dir, 'other', 'secrets.json'), {});
    expect(elsewhere.secrets.inboundCredential.password).not.toBe(first.secrets.inboundCredential.password);
  });

  it('takes LOCAL_INBOUND_CREDENTIAL and DOWNSTREAM_API_KEY from the environment for one run, without writing them', async () => {
    const file = join(dir, 'secrets.json');
    const stored = await loadLocalSecrets(file, {});
    const overridden = await loadLocalSecrets(file, { LOCAL_INBOUND_CREDENTIAL: 'flow:pa:ss', DOWNSTREAM_API_KEY: 'real-key' });
    expect(overridden.secrets).toEqual({ ...stored.secrets, inboundCredential: { username: 'flow', password: 'pa:ss' }, downstreamApiKey: 'real-key' });
    expect(overridden.overriddenBy).toEqual(['LOCAL_INBOUND_CREDENTIAL', 'DOWNSTREAM_API_KEY']);
    expect(readFileSync(overridden.credentialFile, 'utf8')).toBe('flow:pa:ss');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(stored.secrets);
    await expect(loadLocalSecrets(file, { LOCAL_INBOUND_CREDENTIAL: 'no-colon' })).rejects.toThrow('LOCAL_INBOUND_CREDENTIAL must look like user:password');
  });

  it('refuses a broken file by naming it and the field at fault, never quoting a value', async () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(file, `{"inboundCredential": {"username": "genesys", "password": "${CANARY}"`);
    const notJson = await rejectionOf(loadLocalSecrets(file, {}));
    expect(notJson).toBeInstanceOf(LocalSecretsError);
    expect(notJson.message).toBe(`${file} is not valid JSON (fix it, or delete it to generate new secrets)`);

    writeFileSync(file, JSON.stringify({ inboundCredential: { username: 'a:b', password: CANARY }, downstreamApiKey: '', auditHmacKey: CANARY }));
    const invalid = await rejectionOf(loadLocalSecrets(file, {}));
    expect(invalid.message).toContain('inboundCredential.username must be a non-empty string without ":"');
    expect(invalid.message).toContain('downstreamApiKey must be a non-empty string');
    expect(invalid.message).not.toContain(CANARY);
  });
});

describe('the local Secrets Manager endpoint', () => {
  let endpoint: LocalSecretsManager;
  let client: SecretsManagerClient;
  const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench/key-AbCdEf';

  beforeAll(async () => {
    endpoint = await LocalSecretsManager.start({ secrets: { 'app/credential': `{"username":"genesys","password":"${CANARY}"}`, [ARN]: 'by-arn' } });
    client = new SecretsManagerClient({
      endpoint: endpoint.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await endpoint.close();
  });

  it('answers GetSecretValue to the AWS SDK by name, complete ARN or ARN without its suffix', async () => {
    const arn = endpoint.arnOf('app/credential');
    expect(arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:000000000000:secret:app\/credential-[A-Za-z0-9]{6}$/);
    for (const secretId of ['app/credential', arn, arn.slice(0, -7)]) {
      const reply = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      expect(reply).toMatchObject({ ARN: arn, Name: 'app/credential', SecretString: `{"username":"genesys","password":"${CANARY}"}`, VersionStages: ['AWSCURRENT'] });
      expect(reply.CreatedDate).toBeInstanceOf(Date);
    }
    expect((await client.send(new GetSecretValueCommand({ SecretId: ARN }))).SecretString).toBe('by-arn');
    expect(endpoint.arnOf(ARN)).toBe(ARN);
  });

  it('answers an unknown secret as Secrets Manager does, and logs requests without values', async () => {
    const error = await client.send(new GetSecretValueCommand({ SecretId: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toBe("Secrets Manager can't find the specified secret.");
    expect(JSON.stringify(endpoint.requestLog())).not.toContain(CANARY);
    expect(endpoint.requestLog().at(-1)).toEqual({ operation: 'GetSecretValue', secretName: undefined, status: 400 });
  });

  it('serves Powertools SecretsProvider, which the bundle reads its secrets with, and counts the reads (a cache hit makes none)', async () => {
    const provider = new SecretsProvider({ awsSdkV3Client: client });
    const before = endpoint.getSecretValueCalls;
    expect(await provider.get('app/credential', { transform: 'json', maxAge: 60 })).toEqual({ username: 'genesys', password: CANARY });
    expect(await provider.get('app/credential', { transform: 'json', maxAge: 60 })).toEqual({ username: 'genesys', password: CANARY });
    expect(endpoint.getSecretValueCalls).toBe(before + 1);
  });

  it('refuses an unsigned request and other operations', async () => {
    const unsigned = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'secretsmanager.GetSecretValue', 'Content-Type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ SecretId: 'app/credential' }),
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    const other = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'secretsmanager.PutSecretValue', Authorization: 'AWS4-HMAC-SHA256 Credential=local' },
      body: '{}',
    });
    expect(other.status).toBe(400);
    expect(other.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});
