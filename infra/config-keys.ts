/**
 * What can be configured: the typed configuration and every key documented with its environment
 * variable and default (config.ts reads and validates them; infra/README.md lists them).
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { GENESYS_REGION_DOMAINS } from '../lambda/genesys-client/regions.js';
import { DEFAULT_THROTTLING } from './plan/api-stage.js';
import { DEFAULT_STACK_NAME, type IntegrationMode } from './plan/deployment.js';

export type { IntegrationMode } from './plan/deployment.js';

/** Genesys's AWS accounts that assume the invoke role in Lambda mode (reference §7). */
export const GENESYS_AWS_ACCOUNT_ID = '765628985471';
export const GENESYS_FEDRAMP_AWS_ACCOUNT_ID = '325654371633';
/** The FedRAMP Genesys region, by name and by domain. */
export const FEDRAMP_REGIONS: ReadonlySet<string> = new Set(['us-east-2', GENESYS_REGION_DOMAINS['us-east-2']]);

export interface DataActionsConfig {
  stackName: string;
  integrationMode: IntegrationMode;
  downstreamBaseUrl: string;
  downstreamApiKeySecretArn: string | undefined;
  genesysRegion: string | undefined;
  genesysOrgId: string | undefined;
  genesysIntegrationId: string | undefined;
  genesysIntegrationName: string;
  genesysOAuthSecretArn: string | undefined;
  registerActions: boolean;
  genesysAwsAccountId: string;
  allowedGenesysOrgIds: string[];
  lambdaMemoryMb: number;
  lambdaTimeoutSeconds: number | undefined;
  deadlineSafetyMarginMs: number;
  maxBodyBytes: number;
  secretsMaxAgeSeconds: number;
  downstreamMaxRetries: number;
  idempotencyTtlSeconds: number;
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
  sourceIpAllowlist: string[];
  apiGatewayCloudWatchRole: boolean;
  webAclArn: string | undefined;
  logRetentionDays: RetentionDays;
  alarmTopicArn: string | undefined;
  errorRateAlarmPercent: number;
  latencyAlarmFraction: number;
  serviceName: string;
  metricsNamespace: string;
  bundleDir: string;
}

export interface ConfigKey {
  key: keyof DataActionsConfig;
  env: string;
  default: string;
  description: string;
}

/** The environment variable of a key: `GDA_` + the key in upper snake case. */
export const envVarOf = (key: string): string => `GDA_${key.replace('OAuth', 'Oauth').replace(/([A-Z])/g, '_$1').toUpperCase()}`;
const k = (key: keyof DataActionsConfig, dflt: string, description: string): ConfigKey => ({
  key,
  env: envVarOf(key),
  default: dflt,
  description,
});

/** Every key, documented: what `infra/README.md` lists. */
export const CONFIG_KEYS: readonly ConfigKey[] = [
  k('stackName', DEFAULT_STACK_NAME, 'CloudFormation stack name.'),
  k('integrationMode', 'api-gateway', "'api-gateway' (Web Services Data Actions over HTTPS) or 'lambda' (Genesys's AWS Lambda data actions, direct invoke)."),
  k('downstreamBaseUrl', '(required)', 'Base URL of the business system (https).'),
  k('downstreamApiKeySecretArn', '(stack creates one)', 'ARN of an existing secret holding the downstream API key; otherwise the stack creates one for you to fill in.'),
  k('genesysRegion', '(required to register)', 'Genesys Cloud region of the org: an AWS region name (eu-west-1) or its domain (mypurecloud.ie).'),
  k('genesysOrgId', '(required in lambda mode)', 'Genesys Cloud org id (UUID): the invoke role\'s external id, and the default org allowlist.'),
  k('genesysIntegrationId', '(stack creates one)', 'Id of an existing Genesys integration to put the actions in; otherwise the stack creates the integration.'),
  k('genesysIntegrationName', '<stackName>', 'Name of the integration the stack creates; also the actions\' category.'),
  k('genesysOAuthSecretArn', '(stack creates one)', 'ARN of an existing secret {"clientId","clientSecret"} of a Genesys OAuth client (client credentials grant, `integrations` scope).'),
  k('registerActions', 'true if genesysOAuthSecretArn is set', 'Register the integration and actions with Genesys Cloud during deploy (needs a filled-in OAuth client secret).'),
  k('genesysAwsAccountId', '765628985471 (325654371633 in FedRAMP us-east-2)', 'Genesys\'s AWS account trusted by the invoke role (lambda mode).'),
  k('allowedGenesysOrgIds', '<genesysOrgId> if set, else any', 'Comma-separated org ids the function accepts (ININ-Organization-Id).'),
  k('lambdaMemoryMb', '1024', 'Function memory (128–10240 MB); CPU scales with it.'),
  k('lambdaTimeoutSeconds', '(derived)', 'Function timeout; defaults to the largest value every action\'s timeout chain allows.'),
  k('deadlineSafetyMarginMs', '250', 'Time the handler keeps back from its budget to answer 504 before anyone else times out.'),
  k('maxBodyBytes', '65536', 'Largest request body the function accepts (413 above).'),
  k('secretsMaxAgeSeconds', '300', 'How long the function caches secret values.'),
  k('downstreamMaxRetries', '2', 'Retries of a failed downstream call (within the deadline).'),
  k('idempotencyTtlSeconds', '3600', 'How long the answer of a mutating action (customer-update, customer-delete) is replayed to an identical retry instead of calling the business system again (60–604800 s; at least the function timeout).'),
  k('throttlingRateLimit', String(DEFAULT_THROTTLING.rateLimit), 'API Gateway stage steady-state requests per second.'),
  k('throttlingBurstLimit', String(DEFAULT_THROTTLING.burstLimit), 'API Gateway stage burst.'),
  k('sourceIpAllowlist', '(any)', 'Comma-separated CIDRs allowed to call the API (resource policy); Genesys publishes its egress ranges per region.'),
  k('apiGatewayCloudWatchRole', 'true', 'Create the account-level API Gateway CloudWatch role that execution logging needs (false if the account already has one).'),
  k('webAclArn', '(none)', 'ARN of an existing regional WAFv2 web ACL to associate with the API stage.'),
  k('logRetentionDays', '400', `Retention of the audit and access logs; one of ${retentionValues().join(', ')}.`),
  k('alarmTopicArn', '(none)', 'SNS topic ARN notified when an alarm changes state.'),
  k('errorRateAlarmPercent', '5', 'Server-error rate (5xx and deadline exceeded, % of calls) that raises an action\'s error-rate alarm.'),
  k('latencyAlarmFraction', '0.8', 'p99 latency alarm threshold as a fraction of the action\'s handler budget (0–1).'),
  k('serviceName', 'genesys-data-actions', 'Powertools service name: the `service` metric dimension and log field.'),
  k('metricsNamespace', 'GenesysDataActions', 'CloudWatch namespace of the EMF metrics.'),
  k('bundleDir', 'dist', 'Directory holding the built bundles handler.mjs (with handler-chunks/) and registration.mjs (relative to the project root).'),
];

/** CloudWatch Logs retentions, in days. */
export function retentionValues(): number[] {
  return Object.values(RetentionDays).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
}
