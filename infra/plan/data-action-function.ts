/**
 * The data-action function as deployed: its handler, its default memory and the environment variables the
 * runtime reads (lambda/runtime/config.ts pins their names). The construct (infra/constructs/data-action-function.ts)
 * and the local stack's function (tools/local-stack) are given exactly this environment; only where the
 * secrets live differs (Secrets Manager ARNs, or the local endpoint's).
 */
import { CONFIG_DEFAULTS as RUNTIME_DEFAULTS } from '../../lambda/runtime/config.js';
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS } from '../../lambda/runtime/idempotency.js';

/** The bundle's entry (`dist/handler.mjs`, export `handler`): the Lambda `handler` setting. */
export const DATA_ACTION_HANDLER = 'handler.handler';
export const DEFAULT_MEMORY_MB = 1024;

/** The runtime's configuration as the stack sets it; omitted values are the runtime's own defaults. */
export interface DataActionRuntimeSettings {
  downstreamBaseUrl: string;
  /** Org ids accepted in ININ-Organization-Id; empty = any. */
  allowedGenesysOrgIds?: readonly string[];
  maxBodyBytes?: number;
  deadlineSafetyMarginMs?: number;
  secretsMaxAgeSeconds?: number;
  downstreamMaxRetries?: number;
  /** @default 'genesys-data-actions' */
  serviceName?: string;
  /** @default 'GenesysDataActions' */
  metricsNamespace?: string;
  /** The mutating actions' idempotency table and window (lambda/runtime/idempotency.ts). @default none (no mutating action) */
  idempotency?: { tableName: string; ttlSeconds?: number };
}

/** ARNs of the three secrets the function reads (CDK tokens in the stack). */
export interface DataActionSecretArns {
  inboundCredential: string;
  downstreamApiKey: string;
  auditHmacKey: string;
}

/** The function's own environment variables (Lambda adds its reserved ones). */
export function functionEnvironment(settings: DataActionRuntimeSettings, secretArns: DataActionSecretArns): Record<string, string> {
  const environment: Record<string, string> = {
    DOWNSTREAM_BASE_URL: settings.downstreamBaseUrl,
    DOWNSTREAM_API_KEY_SECRET_ARN: secretArns.downstreamApiKey,
    INBOUND_CREDENTIAL_SECRET_ARN: secretArns.inboundCredential,
    AUDIT_HMAC_SECRET_ARN: secretArns.auditHmacKey,
    MAX_BODY_BYTES: String(settings.maxBodyBytes ?? RUNTIME_DEFAULTS.maxBodyBytes),
    DEADLINE_SAFETY_MARGIN_MS: String(settings.deadlineSafetyMarginMs ?? RUNTIME_DEFAULTS.deadlineSafetyMarginMs),
    SECRETS_MAX_AGE_SECONDS: String(settings.secretsMaxAgeSeconds ?? RUNTIME_DEFAULTS.secretsMaxAgeSeconds),
    DOWNSTREAM_MAX_RETRIES: String(settings.downstreamMaxRetries ?? RUNTIME_DEFAULTS.downstreamMaxRetries),
    POWERTOOLS_SERVICE_NAME: settings.serviceName ?? RUNTIME_DEFAULTS.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: settings.metricsNamespace ?? RUNTIME_DEFAULTS.metricsNamespace,
  };
  if (settings.idempotency) {
    environment.IDEMPOTENCY_TABLE_NAME = settings.idempotency.tableName;
    environment.IDEMPOTENCY_TTL_SECONDS = String(settings.idempotency.ttlSeconds ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS);
  }
  if (settings.allowedGenesysOrgIds && settings.allowedGenesysOrgIds.length > 0) {
    environment.ALLOWED_GENESYS_ORG_IDS = settings.allowedGenesysOrgIds.join(',');
  }
  return environment;
}
