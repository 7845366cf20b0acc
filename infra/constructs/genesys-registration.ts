/**
 * Registers the integration and one published action per contract with Genesys Cloud during deploy, and
 * removes them on destroy: CloudFormation custom resources served by one `custom_resources.Provider`
 * whose handler (lambda/registration/handler.ts, bundled to registration.mjs) speaks the Platform API.
 * Property shapes: lambda/registration/resource-properties.ts (shared with the handler).
 */
import { createHash } from 'node:crypto';
import { CfnElement, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import { canonicalJson } from '../../lambda/runtime/canonical-json.js';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE,
  GENESYS_INTEGRATION_RESOURCE_TYPE,
  type GenesysDataActionProperties,
  type GenesysIntegrationProperties,
} from '../../lambda/registration/resource-properties.js';

export interface RegisteredActionSpec {
  contract: ActionContract;
  /** sha256 of the canonical contract (scripts/build.ts `discoverActions`). */
  contractHash: string;
  /** The URL Genesys calls (api-gateway mode) or the alias ARN it invokes (lambda mode). */
  actionUrl: string;
}

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
  integrationMode: 'api-gateway' | 'lambda';
  integration: GenesysIntegrationSpec;
  actions: readonly RegisteredActionSpec[];
  /** Category of actions whose contract has none. @default the integration's name, else 'Data Actions' */
  defaultCategory?: string;
  /** @default THIRTEEN_MONTHS */
  logRetention?: logs.RetentionDays;
  /** How long CloudFormation waits for one resource. @default 10 minutes */
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
    const serviceTimeout = props.serviceTimeout ?? Duration.minutes(10);

    const handlerLogging = loggingRole(this, 'Handler', retention, 'Genesys registration handler: its log group and the secrets it is granted.');
    this.handler = new lambda.Function(this, 'Handler', {
      description: 'CloudFormation custom resources Custom::GenesysIntegration and Custom::GenesysDataAction (Genesys Platform API).',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: 'registration.handler',
      memorySize: 256,
      // Room for a 429 storm (Retry-After) and token renewal; CloudFormation's serviceTimeout bounds the whole.
      timeout: Duration.minutes(5),
      role: handlerLogging.role,
      logGroup: handlerLogging.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'genesys-registration' },
    });
    props.oauthClient.grantRead(this.handler);

    const framework = loggingRole(this, 'Framework', retention, 'CDK custom-resource provider framework: its log group and invoking the registration handler.');
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      frameworkOnEventRole: framework.role,
      logGroup: framework.logGroup,
    });
    this.acknowledgeProviderFindings(framework.role);

    const connection = { genesysRegion: props.genesysRegion, genesysOAuthSecretArn: props.oauthClient.secretArn };
    if ('existingIntegrationId' in props.integration) {
      this.integrationResource = undefined;
      this.integrationId = props.integration.existingIntegrationId;
    } else {
      this.integrationResource = this.createIntegration(connection, props.integration, serviceTimeout);
      this.integrationId = this.integrationResource.ref;
    }

    const defaultCategory = props.defaultCategory ?? ('name' in props.integration ? props.integration.name : 'Data Actions');
    const actions: Record<string, CustomResource> = {};
    for (const { contract, contractHash, actionUrl } of props.actions) {
      const properties: GenesysDataActionProperties = {
        ...connection,
        actionName: contract.name,
        category: contract.category ?? defaultCategory,
        integrationId: this.integrationId,
        integrationMode: props.integrationMode,
        actionUrl,
        timeoutSeconds: String(contract.timeoutSeconds),
        secure: contract.secure ? 'true' : 'false',
        contractJson: JSON.stringify(contract),
        contractHash,
        schemaHash: sha256(canonicalJson({ input: contract.input, output: contract.output })),
      };
      actions[contract.name] = new CustomResource(this, `Action-${contract.name}`, {
        serviceToken: this.provider.serviceToken,
        resourceType: GENESYS_DATA_ACTION_RESOURCE_TYPE,
        properties: { ...properties },
        serviceTimeout,
      });
    }
    this.actionResources = actions;
  }

  private createIntegration(
    connection: Pick<GenesysIntegrationProperties, 'genesysRegion' | 'genesysOAuthSecretArn'>,
    { name, credential }: Extract<GenesysIntegrationSpec, { name: string }>,
    serviceTimeout: Duration,
  ): CustomResource {
    const properties: GenesysIntegrationProperties =
      credential.type === 'basicAuth'
        ? { ...connection, integrationName: name, integrationType: 'custom-rest-actions', credentialType: 'basicAuth', credentialSecretArn: credential.secret.secretArn }
        : { ...connection, integrationName: name, integrationType: 'aws-lambda-data-actions', credentialType: 'amazonWebServicesARN', invokeRoleArn: credential.role.roleArn };
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

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
