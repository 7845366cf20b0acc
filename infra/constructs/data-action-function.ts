/**
 * The one function serving every action: Node.js 24 on arm64, the locally built bundle with source maps,
 * its own least-privilege role, and a retained log group holding the audit trail.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CONFIG_DEFAULTS as RUNTIME_DEFAULTS } from '../../lambda/runtime/config.js';

/** The runtime's configuration as it reads it (pinned environment variables). */
export interface DataActionRuntimeSettings {
  downstreamBaseUrl: string;
  /** Org ids accepted in ININ-Organization-Id; empty = any. */
  allowedGenesysOrgIds?: readonly string[];
  maxBodyBytes: number;
  deadlineSafetyMarginMs: number;
  secretsMaxAgeSeconds: number;
  downstreamMaxRetries: number;
  /** @default 'genesys-data-actions' */
  serviceName?: string;
  /** @default 'GenesysDataActions' */
  metricsNamespace?: string;
}

export interface DataActionFunctionProps {
  /** The bundle: `handler.mjs` exporting `handler` (see bundles.ts). */
  code: lambda.Code;
  runtimeSettings: DataActionRuntimeSettings;
  secrets: {
    inboundCredential: secretsmanager.ISecret;
    downstreamApiKey: secretsmanager.ISecret;
    auditHmacKey: secretsmanager.ISecret;
  };
  /** From the timeout plan (timeout-chain.ts). */
  timeout: Duration;
  /** @default 1024 */
  memorySize?: number;
  /** Retention of the function's (audit) log group. @default THIRTEEN_MONTHS (400 days) */
  logRetention?: logs.RetentionDays;
  /**
   * Action names to publish as aliases of the current version (direct invoke: the runtime reads the action
   * from the alias qualifier of the invoked ARN). @default none
   */
  aliasActions?: readonly string[];
}


export class DataActionFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  /** One alias per action in `aliasActions`, named exactly as the action. */
  readonly aliases: Readonly<Record<string, lambda.Alias>>;
  readonly serviceName: string;
  readonly metricsNamespace: string;

  constructor(scope: Construct, id: string, props: DataActionFunctionProps) {
    super(scope, id);
    const settings = props.runtimeSettings;
    this.serviceName = settings.serviceName ?? RUNTIME_DEFAULTS.serviceName;
    this.metricsNamespace = settings.metricsNamespace ?? RUNTIME_DEFAULTS.metricsNamespace;

    // Retained on stack deletion: the audit trail must outlive the stack for its whole retention.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THIRTEEN_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Own role with an inline policy on this log group only (instead of AWSLambdaBasicExecutionRole's logs:* on *).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Genesys data-action function: its log group and the three secrets it reads.',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));

    const { inboundCredential, downstreamApiKey, auditHmacKey } = props.secrets;
    const environment: Record<string, string> = {
      DOWNSTREAM_BASE_URL: settings.downstreamBaseUrl,
      DOWNSTREAM_API_KEY_SECRET_ARN: downstreamApiKey.secretArn,
      INBOUND_CREDENTIAL_SECRET_ARN: inboundCredential.secretArn,
      AUDIT_HMAC_SECRET_ARN: auditHmacKey.secretArn,
      MAX_BODY_BYTES: String(settings.maxBodyBytes),
      DEADLINE_SAFETY_MARGIN_MS: String(settings.deadlineSafetyMarginMs),
      SECRETS_MAX_AGE_SECONDS: String(settings.secretsMaxAgeSeconds),
      DOWNSTREAM_MAX_RETRIES: String(settings.downstreamMaxRetries),
      POWERTOOLS_SERVICE_NAME: this.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: this.metricsNamespace,
      NODE_OPTIONS: '--enable-source-maps',
    };
    if (settings.allowedGenesysOrgIds && settings.allowedGenesysOrgIds.length > 0) {
      environment.ALLOWED_GENESYS_ORG_IDS = settings.allowedGenesysOrgIds.join(',');
    }

    this.function = new lambda.Function(this, 'Function', {
      description: 'Genesys Cloud data actions: validates, calls the business system within the deadline, audits.',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: 'handler.handler',
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout,
      role,
      logGroup: this.logGroup,
      environment,
    });
    for (const secret of [inboundCredential, downstreamApiKey, auditHmacKey]) secret.grantRead(this.function);

    const aliases: Record<string, lambda.Alias> = {};
    for (const action of props.aliasActions ?? []) {
      aliases[action] = new lambda.Alias(this, `Alias-${action}`, { aliasName: action, version: this.function.currentVersion });
    }
    this.aliases = aliases;
  }
}
