/**
 * The deploy configuration: every setting the stack takes, read from CDK context (`-c key=value`, or the
 * `context` block of cdk.json) or from the environment (`GDA_<KEY_IN_SNAKE_CASE>`), in that order of
 * precedence, then the default. One loader validates everything and reports every problem at once.
 *
 * The keys, their environment variables and defaults are listed in `CONFIG_KEYS` (config-keys.ts, and
 * infra/README.md). Secrets are never configuration: only the ARNs of secrets.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { GENESYS_REGION_DOMAINS, resolveGenesysHosts } from '../lambda/genesys-client/regions.js';
import { CONFIG_DEFAULTS as RUNTIME_DEFAULTS } from '../lambda/runtime/config.js';
import { DEFAULT_THROTTLING } from './plan/api-stage.js';
import { DEFAULT_STACK_NAME } from './plan/deployment.js';
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS } from '../lambda/runtime/idempotency.js';
import {
  CONFIG_KEYS,
  envVarOf as env,
  FEDRAMP_REGIONS,
  GENESYS_AWS_ACCOUNT_ID,
  GENESYS_FEDRAMP_AWS_ACCOUNT_ID,
  retentionValues,
  type DataActionsConfig,
  type IntegrationMode,
} from './config-keys.js';

export * from './config-keys.js';

/** Thrown with one line per invalid or missing key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid deploy configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface ConfigSource {
  /** CDK context lookup (`app.node.tryGetContext`). */
  context(key: string): unknown;
  /** Every context key given (`app.node.getAllContext()`), to catch misspelt keys. @default not checked */
  contextKeys?: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Complete ARNs (with the 6-character suffix Secrets Manager adds), so grants name exactly that secret.
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/;
const WAF_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/;
const NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Reads and validates the whole configuration; throws one `ConfigError` listing every problem. */
export function loadConfig(source: ConfigSource): DataActionsConfig {
  const problems: string[] = [];
  const raw = (key: keyof DataActionsConfig): string | undefined => {
    const fromContext = source.context(key);
    if (fromContext !== undefined && fromContext !== null && fromContext !== '') {
      return Array.isArray(fromContext) ? fromContext.join(',') : String(fromContext).trim();
    }
    const fromEnv = source.env[env(key)]?.trim();
    return fromEnv === '' ? undefined : fromEnv;
  };
  const fail = (key: keyof DataActionsConfig, message: string): undefined => {
    problems.push(`${key} (${env(key)}): ${message}`);
    return undefined;
  };
  const str = (key: keyof DataActionsConfig, pattern?: RegExp, what?: string): string | undefined => {
    const value = raw(key);
    if (value === undefined || pattern === undefined || pattern.test(value)) return value;
    return fail(key, `'${value}' is not ${what}`);
  };
  const int = (key: keyof DataActionsConfig, dflt: number | undefined, min: number, max: number): number | undefined => {
    const value = raw(key);
    if (value === undefined) return dflt;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) return fail(key, `'${value}' must be an integer from ${min} to ${max}`);
    return n;
  };
  const num = (key: keyof DataActionsConfig, dflt: number, min: number, max: number, exclusiveMin = false): number => {
    const value = raw(key);
    if (value === undefined) return dflt;
    const n = Number(value);
    if (!Number.isFinite(n) || n > max || n < min || (exclusiveMin && n === min)) {
      fail(key, `'${value}' must be a number ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'and up to' : 'to'} ${max}`);
      return dflt;
    }
    return n;
  };
  const bool = (key: keyof DataActionsConfig, dflt: boolean): boolean => {
    const value = raw(key)?.toLowerCase();
    if (value === undefined) return dflt;
    if (value === 'true' || value === 'false') return value === 'true';
    fail(key, `'${value}' must be true or false`);
    return dflt;
  };
  const list = (key: keyof DataActionsConfig, valid: (item: string) => boolean, what: string): string[] | undefined => {
    const value = raw(key);
    if (value === undefined) return undefined;
    const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = items.filter((item) => !valid(item));
    if (bad.length > 0) fail(key, `${bad.map((b) => `'${b}'`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${what}`);
    return items;
  };

  reportUnknownKeys(source, problems);

  const stackName = str('stackName', NAME, 'a stack name (letters, digits, hyphens; starts with a letter)') ?? DEFAULT_STACK_NAME;

  const modeValue = raw('integrationMode') ?? 'api-gateway';
  const integrationMode: IntegrationMode =
    modeValue === 'api-gateway' || modeValue === 'lambda' ? modeValue : (fail('integrationMode', `'${modeValue}' must be 'api-gateway' or 'lambda'`), 'api-gateway');

  const downstreamBaseUrl = raw('downstreamBaseUrl');
  if (downstreamBaseUrl === undefined) fail('downstreamBaseUrl', 'is required: the https base URL of the business system');
  else validateDownstreamUrl(downstreamBaseUrl, (m) => fail('downstreamBaseUrl', m));

  const genesysRegion = raw('genesysRegion');
  if (genesysRegion !== undefined) {
    try {
      resolveGenesysHosts({ region: genesysRegion });
    } catch {
      fail('genesysRegion', `'${genesysRegion}' is not a Genesys Cloud region; use one of ${Object.keys(GENESYS_REGION_DOMAINS).join(', ')} or its domain (e.g. mypurecloud.ie)`);
    }
  }
  const genesysOrgId = str('genesysOrgId', UUID, 'a Genesys org id (UUID)');
  if (integrationMode === 'lambda' && genesysOrgId === undefined && raw('genesysOrgId') === undefined) {
    fail('genesysOrgId', "is required when integrationMode is 'lambda': it is the external id Genesys presents when it assumes the invoke role");
  }
  const genesysOAuthSecretArn = str('genesysOAuthSecretArn', SECRET_ARN, 'a complete Secrets Manager secret ARN (ending in its 6-character suffix, as create-secret prints it)');
  const registerActions = bool('registerActions', raw('genesysOAuthSecretArn') !== undefined);
  if (registerActions && genesysRegion === undefined) {
    fail('genesysRegion', 'is required to register the actions with Genesys Cloud (or set registerActions=false)');
  }
  const regionKey = genesysRegion?.trim().toLowerCase().replaceAll('_', '-');
  const genesysAwsAccountId =
    str('genesysAwsAccountId', /^\d{12}$/, 'a 12-digit AWS account id') ??
    (regionKey !== undefined && FEDRAMP_REGIONS.has(regionKey) ? GENESYS_FEDRAMP_AWS_ACCOUNT_ID : GENESYS_AWS_ACCOUNT_ID);

  const logRetention = int('logRetentionDays', RetentionDays.THIRTEEN_MONTHS, 1, 9999);
  let logRetentionDays: RetentionDays = RetentionDays.THIRTEEN_MONTHS;
  if (logRetention !== undefined) {
    if (retentionValues().includes(logRetention)) logRetentionDays = logRetention as RetentionDays;
    else fail('logRetentionDays', `${logRetention} is not a CloudWatch Logs retention; use one of ${retentionValues().join(', ')}`);
  }

  const throttlingRateLimit = num('throttlingRateLimit', DEFAULT_THROTTLING.rateLimit, 0, 10_000, true);
  const throttlingBurstLimit = int('throttlingBurstLimit', DEFAULT_THROTTLING.burstLimit, 1, 5_000) ?? DEFAULT_THROTTLING.burstLimit;
  if (throttlingBurstLimit < throttlingRateLimit) {
    fail('throttlingBurstLimit', `${throttlingBurstLimit} must be at least throttlingRateLimit (${throttlingRateLimit})`);
  }

  const config: DataActionsConfig = {
    stackName,
    integrationMode,
    downstreamBaseUrl: downstreamBaseUrl ?? '',
    downstreamApiKeySecretArn: str('downstreamApiKeySecretArn', SECRET_ARN, 'a complete Secrets Manager secret ARN (ending in its 6-character suffix, as create-secret prints it)'),
    genesysRegion,
    genesysOrgId,
    genesysIntegrationId: str('genesysIntegrationId', UUID, 'a Genesys integration id (UUID)'),
    genesysIntegrationName: str('genesysIntegrationName', /^.{1,256}$/, 'a name of 1–256 characters') ?? stackName,
    genesysOAuthSecretArn,
    registerActions,
    genesysAwsAccountId,
    allowedGenesysOrgIds:
      list('allowedGenesysOrgIds', (id) => UUID.test(id), 'a Genesys org id (UUID)') ?? (genesysOrgId ? [genesysOrgId] : []),
    lambdaMemoryMb: int('lambdaMemoryMb', 1024, 128, 10_240) ?? 1024,
    lambdaTimeoutSeconds: int('lambdaTimeoutSeconds', undefined, 1, 900),
    // The runtime's own defaults and bounds (lambda/runtime/config.ts), so a deploy never sets what it would refuse.
    deadlineSafetyMarginMs: int('deadlineSafetyMarginMs', RUNTIME_DEFAULTS.deadlineSafetyMarginMs, 0, 10_000) ?? RUNTIME_DEFAULTS.deadlineSafetyMarginMs,
    maxBodyBytes: int('maxBodyBytes', RUNTIME_DEFAULTS.maxBodyBytes, 1, 6 * 1024 * 1024) ?? RUNTIME_DEFAULTS.maxBodyBytes,
    secretsMaxAgeSeconds: int('secretsMaxAgeSeconds', RUNTIME_DEFAULTS.secretsMaxAgeSeconds, 1, 86_400) ?? RUNTIME_DEFAULTS.secretsMaxAgeSeconds,
    downstreamMaxRetries: int('downstreamMaxRetries', RUNTIME_DEFAULTS.downstreamMaxRetries, 0, 10) ?? RUNTIME_DEFAULTS.downstreamMaxRetries,
    // At least a minute: longer than any function timeout (≤ 60 s in lambda mode, ≤ 29 s behind API
    // Gateway), so a running call's claim never expires under it. The runtime accepts 1 s and up.
    idempotencyTtlSeconds: int('idempotencyTtlSeconds', DEFAULT_IDEMPOTENCY_TTL_SECONDS, 60, 604_800) ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS,
    throttlingRateLimit,
    throttlingBurstLimit,
    sourceIpAllowlist: list('sourceIpAllowlist', isCidr, 'an IPv4 or IPv6 CIDR (e.g. 203.0.113.0/24)') ?? [],
    apiGatewayCloudWatchRole: bool('apiGatewayCloudWatchRole', true),
    webAclArn: str('webAclArn', WAF_ARN, 'a regional WAFv2 web ACL ARN'),
    logRetentionDays,
    alarmTopicArn: str('alarmTopicArn', SNS_ARN, 'an SNS topic ARN'),
    errorRateAlarmPercent: num('errorRateAlarmPercent', 5, 0, 100, true),
    latencyAlarmFraction: num('latencyAlarmFraction', 0.8, 0, 1, true),
    serviceName: str('serviceName', /^[A-Za-z0-9._-]{1,64}$/, 'a service name (letters, digits, . _ -)') ?? RUNTIME_DEFAULTS.serviceName,
    metricsNamespace: str('metricsNamespace', /^[A-Za-z0-9._/#:-]{1,255}$/, 'a CloudWatch namespace') ?? RUNTIME_DEFAULTS.metricsNamespace,
    bundleDir: raw('bundleDir') ?? 'dist',
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * A misspelt key would silently fall back to its default, and a secret passed as configuration would land
 * in the template: both fail here, naming the key and never its value. CDK's own context keys contain
 * ':' or '@' and are left alone.
 */
function reportUnknownKeys(source: ConfigSource, problems: string[]): void {
  const known = new Set<string>(CONFIG_KEYS.map((c) => c.key));
  const knownEnv = new Set(CONFIG_KEYS.map((c) => c.env));
  const hint = (key: string) =>
    /secret|password|token|apikey|api_key|credential/i.test(key) && !/arn$/i.test(key)
      ? ' (secrets are never configuration: put the value in Secrets Manager and pass the secret\'s ARN)'
      : '';
  for (const key of source.contextKeys ?? []) {
    if (/^[a-z][A-Za-z0-9]*$/.test(key) && !known.has(key)) problems.push(`unknown context key '${key}'${hint(key)}; known keys: ${[...known].join(', ')}`);
  }
  for (const name of Object.keys(source.env)) {
    if (name.startsWith('GDA_') && !knownEnv.has(name)) problems.push(`unknown environment variable ${name}${hint(name)}`);
  }
}

// The value is never echoed: a URL may carry credentials by mistake, and errors end up in CI logs.
function validateDownstreamUrl(value: string, fail: (message: string) => void): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('is not a URL (expected e.g. https://api.example.com)');
    return;
  }
  if (url.protocol !== 'https:') fail(`must use https (got ${url.protocol})`);
  if (url.username || url.password) fail('must not carry credentials: put the API key in the downstream API key secret');
  if (url.search || url.hash) fail('must not have a query or fragment');
}

function isCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (address === undefined || prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  if (isIPv4(address)) return bits <= 32;
  return isIPv6(address) && bits <= 128;
}
