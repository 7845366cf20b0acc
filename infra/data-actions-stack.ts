/**
 * The whole deployment: secrets, the function, its front door (API Gateway, or Genesys's direct Lambda
 * invoke), auditors' queries, alarms and dashboard, and the registration of every action with Genesys.
 */
import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { DiscoveredAction } from '../scripts/build.js';
import { bundleCode } from './bundles.js';
import type { DataActionsConfig } from './config.js';
import { AuditQueries } from './constructs/audit-queries.js';
import { DataActionAlarms } from './constructs/data-action-alarms.js';
import { DataActionApi } from './constructs/data-action-api.js';
import { DataActionDashboard } from './constructs/data-action-dashboard.js';
import { DataActionFunction } from './constructs/data-action-function.js';
import { DataActionMetrics } from './constructs/data-action-metrics.js';
import { DataActionSecrets } from './constructs/data-action-secrets.js';
import { GenesysInvokeRole } from './constructs/genesys-invoke-role.js';
import { GenesysRegistration, type GenesysIntegrationSpec } from './constructs/genesys-registration.js';
import { IdempotencyTable } from './constructs/idempotency-table.js';
import { planTimeouts, type TimeoutPlan } from './plan/timeout-chain.js';

export interface GenesysDataActionsStackProps extends StackProps {
  config: DataActionsConfig;
  /** The actions and their contracts (`discoverActions()` of scripts/build.ts). */
  actions: readonly DiscoveredAction[];
  /** Absolute path of the directory holding handler.mjs and registration.mjs. */
  bundleDir: string;
}

export class GenesysDataActionsStack extends Stack {
  readonly timeoutPlan: TimeoutPlan;
  readonly secrets: DataActionSecrets;
  readonly dataActions: DataActionFunction;
  /** The exactly-once records of the mutating actions; none when no action is mutating. */
  readonly idempotency: IdempotencyTable | undefined;
  readonly api: DataActionApi | undefined;
  readonly invokeRole: GenesysInvokeRole | undefined;
  readonly registration: GenesysRegistration | undefined;

  constructor(scope: Construct, id: string, props: GenesysDataActionsStackProps) {
    super(scope, id, { description: 'Genesys Cloud data actions on AWS Lambda', ...props });
    const { config, actions } = props;
    const names = actions.map((a) => a.contract.name);
    const lambdaMode = config.integrationMode === 'lambda';

    const plan = planTimeouts({
      mode: config.integrationMode,
      actions: actions.map((a) => ({ name: a.contract.name, timeoutSeconds: a.contract.timeoutSeconds })),
      lambdaTimeoutSeconds: config.lambdaTimeoutSeconds,
      deadlineSafetyMarginMs: config.deadlineSafetyMarginMs,
    });
    this.timeoutPlan = plan;
    const timeoutsOf = (name: string) => plan.actions[name]!;

    this.secrets = new DataActionSecrets(this, 'Secrets', {
      downstreamApiKeySecretArn: config.downstreamApiKeySecretArn,
      genesysOAuthSecretArn: config.genesysOAuthSecretArn,
    });

    const mutating = actions.some((a) => a.contract.mutating === true);
    this.idempotency = mutating ? new IdempotencyTable(this, 'Idempotency') : undefined;

    this.dataActions = new DataActionFunction(this, 'DataActions', {
      code: bundleCode(props.bundleDir, 'handler'),
      runtimeSettings: {
        downstreamBaseUrl: config.downstreamBaseUrl,
        allowedGenesysOrgIds: config.allowedGenesysOrgIds,
        maxBodyBytes: config.maxBodyBytes,
        deadlineSafetyMarginMs: plan.deadlineSafetyMarginMs,
        secretsMaxAgeSeconds: config.secretsMaxAgeSeconds,
        downstreamMaxRetries: config.downstreamMaxRetries,
        serviceName: config.serviceName,
        metricsNamespace: config.metricsNamespace,
      },
      secrets: this.secrets,
      timeout: Duration.seconds(plan.lambdaTimeoutSeconds),
      memorySize: config.lambdaMemoryMb,
      logRetention: config.logRetentionDays,
      aliasActions: lambdaMode ? names : [],
      ...(this.idempotency ? { idempotency: { table: this.idempotency, ttlSeconds: config.idempotencyTtlSeconds } } : {}),
    });
    const fn = this.dataActions.function;

    let actionUrl: (name: string) => string;
    if (lambdaMode) {
      if (config.genesysOrgId === undefined) throw new Error("genesysOrgId is required when integrationMode is 'lambda'");
      this.api = undefined;
      this.invokeRole = new GenesysInvokeRole(this, 'GenesysInvokeRole', {
        genesysOrgId: config.genesysOrgId,
        genesysAwsAccountId: config.genesysAwsAccountId,
        aliases: Object.values(this.dataActions.aliases),
      });
      actionUrl = (name) => this.dataActions.aliases[name]!.functionArn;
      new CfnOutput(this, 'GenesysInvokeRoleArn', { value: this.invokeRole.role.roleArn, description: 'Role Genesys assumes (credential type amazonWebServicesARN).' });
    } else {
      this.invokeRole = undefined;
      const api = new DataActionApi(this, 'Api', {
        handler: fn,
        routes: actions.map((a) => ({
          name: a.contract.name,
          inputSchema: a.contract.input,
          integrationTimeout: Duration.millis(timeoutsOf(a.contract.name).integrationTimeoutMs!),
        })),
        throttlingRateLimit: config.throttlingRateLimit,
        throttlingBurstLimit: config.throttlingBurstLimit,
        sourceIpAllowlist: config.sourceIpAllowlist,
        logRetention: config.logRetentionDays,
        cloudWatchRole: config.apiGatewayCloudWatchRole,
        webAclArn: config.webAclArn,
        serviceName: config.serviceName,
        metricsNamespace: config.metricsNamespace,
      });
      this.api = api;
      actionUrl = (name) => api.actionUrls[name]!;
    }

    new AuditQueries(this, 'AuditQueries', { logGroup: this.dataActions.logGroup, accessLogGroup: this.api?.accessLogGroup, folder: config.stackName });
    const metrics = new DataActionMetrics(config.metricsNamespace, config.serviceName);
    const alarms = new DataActionAlarms(this, 'Alarms', {
      metrics,
      actions: names.map((name) => ({ name, handlerBudgetMs: timeoutsOf(name).handlerBudgetMs })),
      function: fn,
      ...(this.api ? { apiThrottledMetric: this.api.throttledMetric } : {}),
      errorRatePercent: config.errorRateAlarmPercent,
      latencyFraction: config.latencyAlarmFraction,
      ...(config.alarmTopicArn ? { topic: sns.Topic.fromTopicArn(this, 'AlarmTopic', config.alarmTopicArn) } : {}),
    });
    new DataActionDashboard(this, 'Dashboard', {
      metrics,
      actions: names.map((name) => ({ name, ...timeoutsOf(name) })),
      function: fn,
      alarms: alarms.alarms,
      ...(this.api ? { api: { restApi: this.api.api, throttledMetric: this.api.throttledMetric } } : {}),
    });

    this.registration = config.registerActions ? this.register(props, actionUrl) : undefined;
    if (!config.registerActions) {
      Annotations.of(this).addInfo(
        'Genesys registration is off (registerActions=false): fill in the GenesysOAuthClient secret, then deploy with -c registerActions=true ' +
          '(or give genesysOAuthSecretArn), or register the actions yourself.',
      );
    }

    new CfnOutput(this, 'DownstreamApiKeySecretArn', { value: this.secrets.downstreamApiKey.secretArn, description: 'Put the business system API key here (put-secret-value).' });
    new CfnOutput(this, 'GenesysOAuthSecretArn', { value: this.secrets.genesysOAuthClient.secretArn, description: 'Genesys OAuth client {"clientId","clientSecret"} used by the registration.' });
    new CfnOutput(this, 'FunctionLogGroup', { value: this.dataActions.logGroup.logGroupName, description: 'Audit trail (Logs Insights queries under the stack name).' });
    if (this.api) {
      new CfnOutput(this, 'AccessLogGroup', { value: this.api.accessLogGroup.logGroupName, description: 'The record of requests API Gateway answered itself (the rest of the audit trail).' });
    }
  }

  private register(props: GenesysDataActionsStackProps, actionUrl: (name: string) => string): GenesysRegistration {
    const { config } = props;
    if (config.genesysRegion === undefined) throw new Error('genesysRegion is required to register the actions with Genesys Cloud');
    const integration: GenesysIntegrationSpec =
      config.genesysIntegrationId !== undefined
        ? { existingIntegrationId: config.genesysIntegrationId }
        : {
            name: config.genesysIntegrationName,
            credential: this.invokeRole
              ? { type: 'amazonWebServicesARN', role: this.invokeRole.role }
              : { type: 'basicAuth', secret: this.secrets.inboundCredential },
          };
    const registration = new GenesysRegistration(this, 'GenesysRegistration', {
      code: bundleCode(props.bundleDir, 'registration'),
      genesysRegion: config.genesysRegion,
      oauthClient: this.secrets.genesysOAuthClient,
      integrationMode: config.integrationMode,
      integration,
      actions: props.actions.map((a) => ({ contract: a.contract, contractHash: a.contractHash, actionUrl: actionUrl(a.contract.name) })),
      defaultCategory: config.genesysIntegrationName,
      logRetention: config.logRetentionDays,
    });
    if (registration.integrationResource) {
      new CfnOutput(this, 'GenesysIntegrationId', { value: registration.integrationId, description: 'The Genesys integration holding the actions.' });
    }
    return registration;
  }
}
