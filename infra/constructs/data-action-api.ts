/**
 * The regional REST API Genesys calls: `POST /actions/<name>` per action, each body validated at the edge
 * against a model that is the action's own input contract (draft-04, like Genesys's), JSON access logs,
 * execution logging, stage throttling, and an optional source-IP allowlist. The stage, access log format
 * and gateway responses are the deployment plan's (infra/plan/), which the local API Gateway runs too.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { JsonSchema } from '../../lambda/contracts/action-contract.js';
import { accessLogFormat } from '../plan/access-log.js';
import { DEFAULT_THROTTLING, STAGE_NAME } from '../plan/api-stage.js';
import { GATEWAY_RESPONSES } from '../plan/gateway-responses.js';

export interface DataActionRoute {
  /** The action name: the path segment `/actions/<name>`. */
  name: string;
  /** The contract's input schema (draft-04): becomes the request model as is. */
  inputSchema: JsonSchema;
  /** From the timeout plan: min(Genesys timeoutSeconds, 29 s). */
  integrationTimeout: Duration;
}

export interface DataActionApiProps {
  handler: lambda.IFunction;
  /** The API's name, also its metrics' `ApiName` dimension. @default `<stack name>-data-actions` */
  restApiName?: string;
  routes: readonly DataActionRoute[];
  /** @default STAGE_NAME ('v1') */
  stageName?: string;
  /** Stage steady-state requests per second. @default DEFAULT_THROTTLING.rateLimit (50) */
  throttlingRateLimit?: number;
  /** @default DEFAULT_THROTTLING.burstLimit (100) */
  throttlingBurstLimit?: number;
  /** CIDRs allowed to call the API; empty = any source. @default [] */
  sourceIpAllowlist?: readonly string[];
  /** Retention of the access log group. @default THIRTEEN_MONTHS */
  logRetention?: logs.RetentionDays;
  /** Create the account-level CloudWatch role execution logging needs. @default true */
  cloudWatchRole?: boolean;
  /** An existing regional WAFv2 web ACL to associate with the stage. @default none */
  webAclArn?: string | undefined;
  /** Written into every access log line (the `service` dimension of the throttle metric). */
  serviceName: string;
  /** Namespace of the `ApiThrottled` metric derived from the access log. */
  metricsNamespace: string;
}

/** Metric (from the access log) counting requests API Gateway throttled with 429. */
export const API_THROTTLED_METRIC = 'ApiThrottled';

export class DataActionApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly accessLogGroup: logs.LogGroup;
  /** Model (the input contract) of each action, by name. */
  readonly models: Readonly<Record<string, apigateway.Model>>;
  /** Invoke URL of each action, by name: the stage URL + `actions/<name>`. */
  readonly actionUrls: Readonly<Record<string, string>>;
  /** Requests the stage throttled (429): API Gateway has no metric of its own for them. */
  readonly throttledMetric: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: DataActionApiProps) {
    super(scope, id);
    const allowlist = props.sourceIpAllowlist ?? [];

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.THIRTEEN_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cloudWatchRole = props.cloudWatchRole ?? true;
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: props.restApiName ?? `${Stack.of(this).stackName}-data-actions`,
      description: 'Genesys Cloud Web Services Data Actions endpoint',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      cloudWatchRole,
      // Kept on deletion: the role is an account-wide setting other APIs' logging relies on.
      ...(cloudWatchRole ? { cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN } : {}),
      policy: allowlist.length > 0 ? sourceIpPolicy(allowlist) : undefined,
      deployOptions: {
        stageName: props.stageName ?? STAGE_NAME,
        throttlingRateLimit: props.throttlingRateLimit ?? DEFAULT_THROTTLING.rateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit ?? DEFAULT_THROTTLING.burstLimit,
        // ERROR, not INFO, and never data tracing: those would log request headers and bodies (credentials, raw input).
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.custom(accessLogFormat(props.serviceName)),
      },
    });

    // API Gateway only applies a changed resource policy on a new deployment.
    this.api.latestDeployment?.addToLogicalId({ sourceIpAllowlist: [...allowlist] });

    const validator = this.api.addRequestValidator('BodyValidator', {
      requestValidatorName: 'input-contract',
      validateRequestBody: true,
      // No method declares required parameters, so this costs nothing (and cdk-nag APIG2 asks for it).
      validateRequestParameters: true,
    });

    const actions = this.api.root.addResource('actions');
    const models: Record<string, apigateway.Model> = {};
    const urls: Record<string, string> = {};
    for (const route of props.routes) {
      const model = this.api.addModel(`Model-${route.name}`, {
        modelName: modelName(route.name),
        contentType: 'application/json',
        description: `Input contract of ${route.name} (lambda/actions/${route.name}/contract.json)`,
        schema: route.inputSchema as apigateway.JsonSchema,
      });
      actions.addResource(route.name).addMethod(
        'POST',
        new apigateway.LambdaIntegration(props.handler, { proxy: true, timeout: route.integrationTimeout, allowTestInvoke: false }),
        {
          // `$default` too: without it a body sent with another content type would skip edge validation.
          requestModels: { 'application/json': model, $default: model },
          requestValidator: validator,
        },
      );
      models[route.name] = model;
      urls[route.name] = this.api.urlForPath(`/actions/${route.name}`);
    }
    this.models = models;
    this.actionUrls = urls;

    this.addGatewayResponses();

    new logs.MetricFilter(this, 'ThrottledFilter', {
      logGroup: this.accessLogGroup,
      filterPattern: logs.FilterPattern.stringValue('$.errorResponseType', '=', 'THROTTLED'),
      metricNamespace: props.metricsNamespace,
      metricName: API_THROTTLED_METRIC,
      metricValue: '1',
      dimensions: { service: '$.service' },
      unit: cloudwatch.Unit.COUNT,
    });
    this.throttledMetric = new cloudwatch.Metric({
      namespace: props.metricsNamespace,
      metricName: API_THROTTLED_METRIC,
      dimensionsMap: { service: props.serviceName },
      statistic: 'Sum',
      period: Duration.minutes(1),
    });
    if (props.webAclArn !== undefined) {
      new wafv2.CfnWebACLAssociation(this, 'WebAcl', { resourceArn: this.api.deploymentStage.stageArn, webAclArn: props.webAclArn });
    }
    this.acknowledgeFindings(props.webAclArn !== undefined);
  }

  /** Answers API Gateway gives itself use the runtime's JSON error envelope, never a rejected value (infra/plan/gateway-responses.ts). */
  private addGatewayResponses(): void {
    for (const [type, { id, statusCode, template }] of Object.entries(GATEWAY_RESPONSES)) {
      this.api.addGatewayResponse(id, {
        type: apigateway.ResponseType.of(type),
        ...(statusCode !== undefined ? { statusCode: String(statusCode) } : {}),
        templates: { 'application/json': template },
      });
    }
  }

  private acknowledgeFindings(hasWebAcl: boolean): void {
    const stage = this.api.deploymentStage;
    if (!hasWebAcl) {
      Validations.of(stage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: 'No WAF by default (set webAclArn to associate an existing web ACL): the only caller is Genesys Cloud, the stage is throttled, bodies are validated against the contract at the edge and the optional sourceIpAllowlist limits callers to Genesys egress ranges.',
      });
    }
    for (const method of this.api.methods) {
      Validations.of(method).acknowledge(
        {
          id: 'AwsSolutions-APIG4',
          reason: 'Genesys authenticates with the integration\'s Basic credential, which the function checks in constant time against Secrets Manager so that every rejected call still leaves its audit record; an API Gateway authorizer would reject before the audit trail.',
        },
        {
          id: 'AwsSolutions-COG4',
          reason: 'Genesys Cloud data actions cannot present Cognito tokens; callers authenticate with the Basic credential of the Genesys integration, checked by the function.',
        },
      );
    }
    const cloudWatchRole = this.node.tryFindChild('Api')?.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account-level role API Gateway needs for execution logging; AWS\'s managed policy is the documented one for this role and is kept current by AWS.',
      });
    }
  }
}

/** API Gateway model names are alphanumeric: `customer-lookup` → `CustomerLookupInput`. */
export function modelName(action: string): string {
  return `${action.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}Input`;
}

function sourceIpPolicy(allowlist: readonly string[]): iam.PolicyDocument {
  const resource = 'execute-api:/*';
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['execute-api:Invoke'], resources: [resource] }),
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: [resource],
        conditions: { NotIpAddress: { 'aws:SourceIp': [...allowlist] } },
      }),
    ],
  });
}
