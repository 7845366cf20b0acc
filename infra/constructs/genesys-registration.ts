/**
 * Registers the integration and one published action per contract with Genesys Cloud during deploy, and
 * removes them on destroy: CloudFormation custom resources served by one `custom_resources.Provider`
 * whose handler (lambda/registration/handler.ts, bundled to registration.mjs) speaks the Platform API.
 * Property shapes: lambda/registration/resource-properties.ts (shared with the handler); their values and the
 * handler's settings: infra/plan/registration.ts (shared with the local stack).
 */
import { CfnElement, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE,
  GENESYS_INTEGRATION_RESOURCE_TYPE,
  type GenesysConnectionProperties,
} from '../../lambda/registration/resource-properties.js';
import type { IntegrationMode } from '../plan/deployment.js';
import {
  dataActionProperties,
  integrationProperties,
  REGISTRATION_FUNCTION,
  REGISTRATION_SERVICE_TIMEOUT_SECONDS,
  type RegisteredAction,
} from '../plan/registration.js';

export type RegisteredActionSpec = RegisteredAction;

export type GenesysIntegrationSpec =
  | { existingIntegrationId: string }
  | { name: string; credential: { type: 'basicAuth'; secret: secretsmanager.ISecret } | { type: 'amazonWebServicesARN'; role: iam.IRole } };

export interface GenesysRegistrationProps {
  /** The registration bundle: `registration.mjs` exporting `handler`. */
  code: lambda.Code;
  /** The org's Genesys region (name or domain). */
  genesysRegion: string;
  /** `{"clientId","clientSecret"}` of the Genesys OAuth client; the handler alone may read it. */
  oauthClient: secretsmanager.ISecret;
  integrationMode: IntegrationMode;
  integration: GenesysIntegrationSpec;
  actions: readonly RegisteredActionSpec[];
  /** Category of actions whose contract has none. @default the integration's name, else 'Data Actions' */
  defaultCategory?: string;
  /** @default THIRTEEN_MONTHS */
  logRetention?: logs.RetentionDays;
  /** How long CloudFormation waits for one resource. @default REGISTRATION_SERVICE_TIMEOUT_SECONDS (10 minutes) */
  serviceTimeout?: Duration;
}

export class GenesysRegistration extends Construct {
  readonly handler: lambda.Function;
  readonly provider: cr.Provider;
  /** Undefined when an existing integration id was given. */
  readonly integrationResource: CustomResource | undefined;
  /** The integration id the actions use: the resource's `Ref`, or the given id. */
  readonly integrationId: string;
  readonly actionResources: Readonly<Record<string, CustomResource>>;

  constructor(scope: Construct, id: string, props: GenesysRegistrationProps) {
    super(scope, id);
    const retention = props.logRetention ?? logs.RetentionDays.THIRTEEN_MONTHS;
    const serviceTimeout = props.serviceTimeout ?? Duration.seconds(REGISTRATION_SERVICE_TIMEOUT_SECONDS);

    const handlerLogging = loggingRole(this, 'Handler', retention, 'Genesys registration handler: its log group and the secrets it is granted.');
    this.handler = new lambda.Function(this, 'Handler', {
      description: 'CloudFormation custom resources Custom::GenesysIntegration and Custom::GenesysDataAction (Genesys Platform API).',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: REGISTRATION_FUNCTION.handler,
      memorySize: REGISTRATION_FUNCTION.memoryMb,
      timeout: Duration.seconds(REGISTRATION_FUNCTION.timeoutSeconds),
      role: handlerLogging.role,
      logGroup: handlerLogging.logGroup,
      environment: { ...REGISTRATION_FUNCTION.environment },
    });
    props.oauthClient.grantRead(this.handler);

    const framework = loggingRole(this, 'Framework', retention, 'CDK custom-resource provider framework: its log group and invoking the registration handler.');
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      frameworkOnEventRole: framework.role,
      logGroup: framework.logGroup,
    });
    this.acknowledgeProviderFindings(framework.role);

    const connection: GenesysConnectionProperties = { genesysRegion: props.genesysRegion, genesysOAuthSecretArn: props.oauthClient.secretArn };
    if ('existingIntegrationId' in props.integration) {
      this.integrationResource = undefined;
      this.integrationId = props.integration.existingIntegrationId;
    } else {
      this.integrationResource = this.createIntegration(connection, props.integration, serviceTimeout);
      this.integrationId = this.integrationResource.ref;
    }

    const defaultCategory = props.defaultCategory ?? ('name' in props.integration ? props.integration.name : 'Data Actions');
    const actions: Record<string, CustomResource> = {};
    for (const action of props.actions) {
      const properties = dataActionProperties(connection, action, { integrationId: this.integrationId, integrationMode: props.integrationMode, defaultCategory });
      actions[action.contract.name] = new CustomResource(this, `Action-${action.contract.name}`, {
        serviceToken: this.provider.serviceToken,
        resourceType: GENESYS_DATA_ACTION_RESOURCE_TYPE,
        properties: { ...properties },
        serviceTimeout,
      });
    }
    this.actionResources = actions;
  }

  private createIntegration(
    connection: GenesysConnectionProperties,
    { name, credential }: Extract<GenesysIntegrationSpec, { name: string }>,
    serviceTimeout: Duration,
  ): CustomResource {
    const properties = integrationProperties(
      connection,
      name,
      credential.type === 'basicAuth' ? { type: 'basicAuth', secretArn: credential.secret.secretArn } : { type: 'amazonWebServicesARN', roleArn: credential.role.roleArn },
    );
    // The handler copies the inbound credential into the Genesys credential, so nobody copies it by hand.
    if (credential.type === 'basicAuth') credential.secret.grantRead(this.handler);
    return new CustomResource(this, 'Integration', {
      serviceToken: this.provider.serviceToken,
      resourceType: GENESYS_INTEGRATION_RESOURCE_TYPE,
      properties: { ...properties },
      serviceTimeout,
    });
  }

  private acknowledgeProviderFindings(frameworkRole: iam.Role): void {
    const stack = Stack.of(this);
    const handlerLogicalId = stack.resolve(stack.getLogicalId(this.handler.node.defaultChild as CfnElement)) as string;
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`,
      reason: 'Written by aws-cdk-lib\'s Provider framework: it may invoke the registration handler\'s versions and aliases (`<handler ARN>:*`); the wildcard covers qualifiers of that one function only.',
    });
  }
}

/** A Lambda role allowed to write to its own new log group only (no AWSLambdaBasicExecutionRole). */
function loggingRole(scope: Construct, id: string, retention: logs.RetentionDays, description: string): { role: iam.Role; logGroup: logs.LogGroup } {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  return { role, logGroup };
}
