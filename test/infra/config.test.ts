import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CONFIG_KEYS,
  ConfigError,
  GENESYS_AWS_ACCOUNT_ID,
  GENESYS_FEDRAMP_AWS_ACCOUNT_ID,
  loadConfig,
  type ConfigSource,
} from '../../infra/config.js';
import { CONFIG_DEFAULTS } from '../../lambda/runtime/config.js';
import { OAUTH_SECRET_ARN, ORG_ID } from './fixture.js';

const source = (context: Record<string, unknown>, env: Record<string, string> = {}): ConfigSource => ({
  context: (key) => context[key],
  contextKeys: Object.keys(context),
  env,
});
const minimal = { downstreamBaseUrl: 'https://business.example.com' };

function problemsOf(context: Record<string, unknown>, env: Record<string, string> = {}): string[] {
  try {
    loadConfig(source(context, env));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('deploy configuration', () => {
  it('has documented defaults for everything but the downstream URL', () => {
    const config = loadConfig(source(minimal));
    expect(config).toMatchObject({
      stackName: 'GenesysDataActions',
      integrationMode: 'api-gateway',
      registerActions: false,
      genesysAwsAccountId: GENESYS_AWS_ACCOUNT_ID,
      allowedGenesysOrgIds: [],
      lambdaMemoryMb: 1024,
      lambdaTimeoutSeconds: undefined,
      deadlineSafetyMarginMs: CONFIG_DEFAULTS.deadlineSafetyMarginMs,
      maxBodyBytes: CONFIG_DEFAULTS.maxBodyBytes,
      secretsMaxAgeSeconds: CONFIG_DEFAULTS.secretsMaxAgeSeconds,
      downstreamMaxRetries: CONFIG_DEFAULTS.downstreamMaxRetries,
      serviceName: CONFIG_DEFAULTS.serviceName,
      metricsNamespace: CONFIG_DEFAULTS.metricsNamespace,
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      sourceIpAllowlist: [],
      apiGatewayCloudWatchRole: true,
      logRetentionDays: RetentionDays.THIRTEEN_MONTHS,
      errorRateAlarmPercent: 5,
      latencyAlarmFraction: 0.8,
      bundleDir: 'dist',
    });
    expect(RetentionDays.THIRTEEN_MONTHS).toBe(400);
  });

  it('documents every key with its environment variable', () => {
    const documented = CONFIG_KEYS.map((k) => k.key).sort();
    expect(documented).toEqual(Object.keys(loadConfig(source(minimal))).sort());
    for (const key of CONFIG_KEYS) {
      expect(key.env).toMatch(/^GDA_[A-Z0-9_]+$/);
      expect(key.description.length).toBeGreaterThan(10);
    }
    expect(CONFIG_KEYS.find((k) => k.key === 'genesysOAuthSecretArn')?.env).toBe('GDA_GENESYS_OAUTH_SECRET_ARN');
  });

  it('documents the defaults it applies, and infra/README.md lists every key', () => {
    const config = loadConfig(source(minimal)) as unknown as Record<string, unknown>;
    const literal = CONFIG_KEYS.filter((k) => !/^[(<]/.test(k.default) && !k.default.includes(' '));
    expect(literal.length).toBeGreaterThan(15);
    for (const { key, default: documented } of literal) expect({ key, value: String(config[key]) }).toEqual({ key, value: documented });
    const readme = readFileSync(join(import.meta.dirname, '../../infra/README.md'), 'utf8');
    for (const { key, env } of CONFIG_KEYS) expect(readme).toMatch(new RegExp(`^\\| \`${key}\` \\| \`${env}\` \\|`, 'm'));
  });

  it('reads the environment, and context wins over it', () => {
    const env = { GDA_DOWNSTREAM_BASE_URL: 'https://from-env.example.com', GDA_GENESYS_REGION: 'mypurecloud.ie', GDA_LAMBDA_MEMORY_MB: '2048' };
    expect(loadConfig(source({}, env))).toMatchObject({ downstreamBaseUrl: 'https://from-env.example.com', genesysRegion: 'mypurecloud.ie', lambdaMemoryMb: 2048 });
    expect(loadConfig(source({ lambdaMemoryMb: '512' }, env)).lambdaMemoryMb).toBe(512);
    // cdk.json context may hold typed values and lists.
    expect(loadConfig(source({ ...minimal, lambdaMemoryMb: 256, sourceIpAllowlist: ['203.0.113.0/24', '2001:db8::/32'] }))).toMatchObject({
      lambdaMemoryMb: 256,
      sourceIpAllowlist: ['203.0.113.0/24', '2001:db8::/32'],
    });
  });

  it('registers with Genesys by default once an OAuth client secret is given, and then needs the region', () => {
    expect(loadConfig(source({ ...minimal, genesysOAuthSecretArn: OAUTH_SECRET_ARN, genesysRegion: 'eu-west-1' })).registerActions).toBe(true);
    expect(problemsOf({ ...minimal, genesysOAuthSecretArn: OAUTH_SECRET_ARN })).toEqual([
      expect.stringMatching(/^genesysRegion \(GDA_GENESYS_REGION\): is required to register/),
    ]);
    expect(loadConfig(source({ ...minimal, genesysOAuthSecretArn: OAUTH_SECRET_ARN, registerActions: 'false' })).registerActions).toBe(false);
  });

  it('trusts the FedRAMP Genesys account for the FedRAMP region, unless told otherwise', () => {
    const base = { ...minimal, integrationMode: 'lambda', genesysOrgId: ORG_ID };
    expect(loadConfig(source({ ...base, genesysRegion: 'us-east-2' })).genesysAwsAccountId).toBe(GENESYS_FEDRAMP_AWS_ACCOUNT_ID);
    expect(loadConfig(source({ ...base, genesysRegion: 'use2.us-gov-pure.cloud' })).genesysAwsAccountId).toBe(GENESYS_FEDRAMP_AWS_ACCOUNT_ID);
    expect(loadConfig(source({ ...base, genesysRegion: 'eu-west-1' })).genesysAwsAccountId).toBe(GENESYS_AWS_ACCOUNT_ID);
    expect(loadConfig(source({ ...base, genesysRegion: 'us-east-2', genesysAwsAccountId: '123456789012' })).genesysAwsAccountId).toBe('123456789012');
  });

  it('defaults the org allowlist to the configured org', () => {
    expect(loadConfig(source({ ...minimal, genesysOrgId: ORG_ID })).allowedGenesysOrgIds).toEqual([ORG_ID]);
    const other = '11111111-2222-4333-8444-555555555555';
    expect(loadConfig(source({ ...minimal, genesysOrgId: ORG_ID, allowedGenesysOrgIds: `${ORG_ID}, ${other}` })).allowedGenesysOrgIds).toEqual([ORG_ID, other]);
  });

  it('reports every problem at once, each naming its key and environment variable', () => {
    const problems = problemsOf({
      integrationMode: 'sqs',
      lambdaMemoryMb: '64',
      logRetentionDays: '100',
      sourceIpAllowlist: '10.0.0.0/8,not-a-cidr',
      genesysRegion: 'mars-north-1',
      genesysOAuthSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:genesys_oauth',
      throttlingRateLimit: '500',
      throttlingBurstLimit: '10',
      latencyAlarmFraction: '1.5',
    });
    const expected: RegExp[] = [
      /^integrationMode \(GDA_INTEGRATION_MODE\): 'sqs' must be 'api-gateway' or 'lambda'$/,
      /^downstreamBaseUrl \(GDA_DOWNSTREAM_BASE_URL\): is required/,
      /^genesysRegion \(GDA_GENESYS_REGION\): 'mars-north-1' is not a Genesys Cloud region; use one of us-east-1, eu-west-1/,
      /^genesysOAuthSecretArn \(GDA_GENESYS_OAUTH_SECRET_ARN\): .* is not a complete Secrets Manager secret ARN/,
      /^logRetentionDays \(GDA_LOG_RETENTION_DAYS\): 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, .*400/,
      /^throttlingBurstLimit \(GDA_THROTTLING_BURST_LIMIT\): 10 must be at least throttlingRateLimit \(500\)$/,
      /^lambdaMemoryMb \(GDA_LAMBDA_MEMORY_MB\): '64' must be an integer from 128 to 10240$/,
      /^sourceIpAllowlist \(GDA_SOURCE_IP_ALLOWLIST\): 'not-a-cidr' is not an IPv4 or IPv6 CIDR/,
      /^latencyAlarmFraction \(GDA_LATENCY_ALARM_FRACTION\): '1.5' must be a number above 0 and up to 1$/,
    ];
    for (const pattern of expected) expect(problems).toContainEqual(expect.stringMatching(pattern));
    expect(problems).toHaveLength(expected.length);
  });

  it("requires the org id in lambda mode: it is the invoke role's external id", () => {
    expect(problemsOf({ ...minimal, integrationMode: 'lambda' })).toEqual([
      expect.stringMatching(/^genesysOrgId \(GDA_GENESYS_ORG_ID\): is required when integrationMode is 'lambda'/),
    ]);
  });

  it('rejects misspelt keys and secrets passed as configuration, without echoing the value', () => {
    const canary = 'CANARY-sk-live-5f2b9c1d';
    const problems = problemsOf(
      { ...minimal, genesysRegoin: 'eu-west-1', downstreamApiKey: canary, '@aws-cdk/core:someFlag': true, 'aws:cdk:enable-path-metadata': true },
      { GDA_GENESYS_CLIENT_SECRET: canary, DOWNSTREAM_API_KEY: canary },
    );
    expect(problems).toEqual([
      expect.stringMatching(/^unknown context key 'genesysRegoin'; known keys: /),
      expect.stringMatching(/^unknown context key 'downstreamApiKey' \(secrets are never configuration: put the value in Secrets Manager and pass the secret's ARN\)/),
      'unknown environment variable GDA_GENESYS_CLIENT_SECRET (secrets are never configuration: put the value in Secrets Manager and pass the secret\'s ARN)',
    ]);
    expect(problems.join('\n')).not.toContain(canary);
  });

  it('refuses a downstream URL that is not https or carries credentials, without echoing it', () => {
    const canary = 'CANARY-p4ssw0rd';
    const problems = problemsOf({ downstreamBaseUrl: `http://user:${canary}@business.example.com/?key=${canary}` });
    expect(problems).toEqual([
      'downstreamBaseUrl (GDA_DOWNSTREAM_BASE_URL): must use https (got http:)',
      'downstreamBaseUrl (GDA_DOWNSTREAM_BASE_URL): must not carry credentials: put the API key in the downstream API key secret',
      'downstreamBaseUrl (GDA_DOWNSTREAM_BASE_URL): must not have a query or fragment',
    ]);
    expect(new ConfigError(problems).message).not.toContain(canary);
  });
});
