/**
 * The function's configuration: environment variables read once, at init, into one typed, validated
 * object. A bad or missing variable fails the init with an error naming the variable (and never echoing
 * a value that might be a secret), so a misconfigured deploy never answers a single request.
 *
 * The variable names are pinned: the CDK stack sets them and its Logs Insights queries and the local
 * stack depend on them. The Secrets Manager and DynamoDB endpoints, for local runs, come from the SDK's
 * standard `AWS_ENDPOINT_URL_SECRETS_MANAGER` and `AWS_ENDPOINT_URL_DYNAMODB`, not from here.
 */
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS } from './idempotency.js';

export interface RuntimeConfig {
  /** DOWNSTREAM_BASE_URL (required): the business system, e.g. `https://crm.example.com`. */
  readonly downstreamBaseUrl: string;
  /** DOWNSTREAM_API_KEY_SECRET_ARN (required): secret string = the bearer key for the business system. */
  readonly downstreamApiKeySecretArn: string;
  /** INBOUND_CREDENTIAL_SECRET_ARN (required): JSON, Basic `{username,password}` or `{headerName,headerValue}`. */
  readonly inboundCredentialSecretArn: string;
  /** AUDIT_HMAC_SECRET_ARN (required): secret string = the key of the audit `input_hash`. */
  readonly auditHmacSecretArn: string;
  /** ALLOWED_GENESYS_ORG_IDS (optional, comma-separated, kept lower-cased): null when every org is allowed. */
  readonly allowedGenesysOrgIds: ReadonlySet<string> | null;
  /** MAX_BODY_BYTES (default 65536): larger request bodies get 413. */
  readonly maxBodyBytes: number;
  /** DEADLINE_SAFETY_MARGIN_MS (default 250): kept back from the budget to answer in time. */
  readonly deadlineSafetyMarginMs: number;
  /** SECRETS_MAX_AGE_SECONDS (default 300): how long a secret read is cached. */
  readonly secretsMaxAgeSeconds: number;
  /** DOWNSTREAM_MAX_RETRIES (default 2). */
  readonly downstreamMaxRetries: number;
  /**
   * IDEMPOTENCY_TABLE_NAME (optional): the DynamoDB table of the mutating actions' exactly-once records
   * (runtime/idempotency.ts). Unset: idempotency is off, said once at init; the stack always sets it.
   */
  readonly idempotencyTableName: string | null;
  /** IDEMPOTENCY_TTL_SECONDS (default 3600): how long an answer is replayed to an identical call. */
  readonly idempotencyTtlSeconds: number;
  /** POWERTOOLS_SERVICE_NAME (default 'genesys-data-actions'): log `service` and the metrics dimension. */
  readonly serviceName: string;
  /** POWERTOOLS_METRICS_NAMESPACE (default 'GenesysDataActions'). */
  readonly metricsNamespace: string;
}

export const CONFIG_DEFAULTS = {
  maxBodyBytes: 65_536,
  deadlineSafetyMarginMs: 250,
  secretsMaxAgeSeconds: 300,
  downstreamMaxRetries: 2,
  idempotencyTtlSeconds: DEFAULT_IDEMPOTENCY_TTL_SECONDS,
  serviceName: 'genesys-data-actions',
  metricsNamespace: 'GenesysDataActions',
} as const;

/** A configuration problem, naming the environment variable at fault. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** DynamoDB table names: 3–255 of letters, digits, `_`, `-`, `.`. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
/** Genesys org ids are UUIDs; anything else in the allowlist is a typo that would lock everyone out. */
const ORG_ID = /^[A-Za-z0-9-]{1,64}$/;
/** Lambda's synchronous payload limit: a larger cap could never be reached. */
const MAX_BODY_BYTES_LIMIT = 6 * 1024 * 1024;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigurationError(name, 'is required but not set');
  return value;
}

function secretArn(env: Env, name: string): string {
  const value = required(env, name);
  if (!SECRET_ARN.test(value)) throw new ConfigurationError(name, 'must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)');
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigurationError(name, `must be a whole number from ${min} to ${max}`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigurationError(name, `must be a whole number from ${min} to ${max}`);
  return value;
}

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function baseUrl(env: Env, name: string): string {
  const value = required(env, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(name, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigurationError(name, 'must be an absolute http(s) URL');
  if (url.username || url.password) throw new ConfigurationError(name, 'must not carry credentials (the API key comes from DOWNSTREAM_API_KEY_SECRET_ARN)');
  if (url.search || url.hash) throw new ConfigurationError(name, 'must not have a query string or fragment');
  return value.replace(/\/+$/, '');
}

function tableName(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  if (!value) return null;
  if (!TABLE_NAME.test(value)) throw new ConfigurationError(name, 'must be a DynamoDB table name (3-255 letters, digits, _ - .)');
  return value;
}

function orgAllowlist(env: Env, name: string): ReadonlySet<string> | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  const ids = raw.split(',').map((id) => id.trim());
  if (ids.some((id) => !ORG_ID.test(id))) {
    throw new ConfigurationError(name, 'must be a comma-separated list of Genesys organization ids (no empty entries)');
  }
  return new Set(ids.map((id) => id.toLowerCase()));
}

/** Reads and validates the whole configuration; throws the first problem found, naming its variable. */
export function loadConfig(env: Env = process.env): RuntimeConfig {
  return Object.freeze({
    downstreamBaseUrl: baseUrl(env, 'DOWNSTREAM_BASE_URL'),
    downstreamApiKeySecretArn: secretArn(env, 'DOWNSTREAM_API_KEY_SECRET_ARN'),
    inboundCredentialSecretArn: secretArn(env, 'INBOUND_CREDENTIAL_SECRET_ARN'),
    auditHmacSecretArn: secretArn(env, 'AUDIT_HMAC_SECRET_ARN'),
    allowedGenesysOrgIds: orgAllowlist(env, 'ALLOWED_GENESYS_ORG_IDS'),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', CONFIG_DEFAULTS.maxBodyBytes, 1, MAX_BODY_BYTES_LIMIT),
    deadlineSafetyMarginMs: integer(env, 'DEADLINE_SAFETY_MARGIN_MS', CONFIG_DEFAULTS.deadlineSafetyMarginMs, 0, 10_000),
    secretsMaxAgeSeconds: integer(env, 'SECRETS_MAX_AGE_SECONDS', CONFIG_DEFAULTS.secretsMaxAgeSeconds, 1, 86_400),
    downstreamMaxRetries: integer(env, 'DOWNSTREAM_MAX_RETRIES', CONFIG_DEFAULTS.downstreamMaxRetries, 0, 10),
    idempotencyTableName: tableName(env, 'IDEMPOTENCY_TABLE_NAME'),
    idempotencyTtlSeconds: integer(env, 'IDEMPOTENCY_TTL_SECONDS', CONFIG_DEFAULTS.idempotencyTtlSeconds, 1, 604_800),
    serviceName: text(env, 'POWERTOOLS_SERVICE_NAME', CONFIG_DEFAULTS.serviceName),
    metricsNamespace: text(env, 'POWERTOOLS_METRICS_NAMESPACE', CONFIG_DEFAULTS.metricsNamespace),
  });
}
