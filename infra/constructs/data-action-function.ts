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
import { DATA_ACTION_HANDLER, DEFAULT_MEMORY_MB, functionEnvironment, type DataActionRuntimeSettings } from '../plan/data-action-function.js';
import type { IdempotencyTable } from './idempotency-table.js';

/** The runtime's configuration as it reads it (pinned environment variables): infra/plan/data-action-function.ts. */
export type { DataActionRuntimeSettings } from '../plan/data-action-function.js';

export interface DataActionFunctionProps {
  /** The bundle: `handler.mjs` exporting `handler` (see bundles.ts). */
  code: lambda.Code;
  runtimeSettings: DataActionRuntimeSettings;
  secrets: {
    inboundCredential: secretsmanager.ISecret;
    downstreamApiKey: secretsmanager.ISecret;
    auditHmacKey: secretsmanager.ISecret;
  };
  /** From the timeout plan (infra/plan/timeout-chain.ts). */
  timeout: Duration;
  /** @default DEFAULT_MEMORY_MB (1024) */
  memorySize?: number;
  /** Retention of the function's (audit) log group. @default THIRTEEN_MONTHS (400 days) */
  logRetention?: logs.RetentionDays;
  /**
   * Action names to publish as aliases of the current version (direct invoke: the runtime reads the action
   * from the alias qualifier of the invoked ARN). @default none
   */
  aliasActions?: readonly string[];
  /**
   * The store of the mutating actions' exactly-once records: the function gets IDEMPOTENCY_TABLE_NAME and
   * IDEMPOTENCY_TTL_SECONDS, and the record operations on that table only. @default none (no mutating action)
   */
  idempotency?: { table: IdempotencyTable; ttlSeconds: number };
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
      description: 'Genesys data-action function: its log group, the three secrets it reads, its idempotency records.',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));

    const { inboundCredential, downstreamApiKey, auditHmacKey } = props.secrets;
    // The runtime's variables are the deployment plan's (the local stack sets the same ones).
    const environment: Record<string, string> = {
      ...functionEnvironment(
        {
          ...settings,
          serviceName: this.serviceName,
          metricsNamespace: this.metricsNamespace,
          ...(props.idempotency ? { idempotency: { tableName: props.idempotency.table.table.tableName, ttlSeconds: props.idempotency.ttlSeconds } } : {}),
        },
        { inboundCredential: inboundCredential.secretArn, downstreamApiKey: downstreamApiKey.secretArn, auditHmacKey: auditHmacKey.secretArn },
      ),
      NODE_OPTIONS: '--enable-source-maps',
    };

    this.function = new lambda.Function(this, 'Function', {
      description: 'Genesys Cloud data actions: validates, calls the business system within the deadline, audits.',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: DATA_ACTION_HANDLER,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout,
      role,
      logGroup: this.logGroup,
      environment,
    });
    for (const secret of [inboundCredential, downstreamApiKey, auditHmacKey]) secret.grantRead(this.function);
    props.idempotency?.table.grantRecords(this.function);

    const aliases: Record<string, lambda.Alias> = {};
    for (const action of props.aliasActions ?? []) {
      aliases[action] = new lambda.Alias(this, `Alias-${action}`, { aliasName: action, version: this.function.currentVersion });
    }
    this.aliases = aliases;
  }
}
