/**
 * The registration handler's test world: the local Genesys Cloud started in-process on 127.0.0.1
 * (optionally behind the fault proxy), Secrets Manager faked with aws-sdk-client-mock (it alone cannot
 * run here), real CloudFormation custom-resource events, and every log line the handler writes captured.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import { createRegistrationHandler, type RegistrationHandler, type RegistrationResult } from '../../lambda/registration/handler.js';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE,
  GENESYS_INTEGRATION_RESOURCE_TYPE,
  type GenesysDataActionProperties,
  type GenesysIntegrationProperties,
} from '../../lambda/registration/resource-properties.js';
import { canonicalJson } from '../../lambda/runtime/canonical-json.js';
import { createLogger } from '../../lambda/runtime/logger.js';
import { LocalGenesysCloud, type LocalGenesysCloudOptions, type StoredAction } from '../../tools/genesys-cloud-local/index.js';
import { SECRET_CANARIES } from '../support/canaries.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { lambdaContext } from '../support/lambda-context.js';
import { recordRuntimeLog } from '../support/runtime-log-sink.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

/** Planted secret values: none may ever reach a log line, an error or `Data`. */
export const CANARY = {
  oauthClientSecret: SECRET_CANARIES.genesysOAuthClientSecret,
  inboundPassword: SECRET_CANARIES.registrationInboundPassword,
  rotatedPassword: SECRET_CANARIES.registrationRotatedPassword,
} as const;

export const OAUTH_CLIENT = { clientId: 'registration-oauth-client', clientSecret: CANARY.oauthClientSecret } as const;
export const INBOUND = { username: 'genesys-data-actions', password: CANARY.inboundPassword } as const;

const SECRET_ARN = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}`;
export const ARNS = {
  oauth: SECRET_ARN('genesys/oauth-client-AbCdEf'),
  inbound: SECRET_ARN('genesys/inbound-credential-GhIjKl'),
  rotatedInbound: SECRET_ARN('genesys/inbound-credential-v2-MnOpQr'),
  missing: SECRET_ARN('genesys/does-not-exist-StUvWx'),
  invokeRole: 'arn:aws:iam::123456789012:role/GenesysDataActionsInvoke',
  serviceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:DataActions-GenesysRegistrationProviderframew-Xy12Ab34',
  stack: `arn:aws:cloudformation:eu-west-1:123456789012:stack/DataActions/${randomUUID()}`,
} as const;

export const API_BASE = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod';
export const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:genesys-data-actions';

export function loadContract(name: string): ActionContract {
  return JSON.parse(readFileSync(join(root, 'lambda/actions', name, 'contract.json'), 'utf8')) as ActionContract;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The properties the stack gives an integration (infra/constructs/genesys-registration.ts). */
export function integrationProperties(overrides: Partial<GenesysIntegrationProperties> = {}): GenesysIntegrationProperties {
  return {
    genesysRegion: 'eu-west-1',
    genesysOAuthSecretArn: ARNS.oauth,
    integrationName: 'Data Actions on AWS',
    integrationType: 'custom-rest-actions',
    credentialType: 'basicAuth',
    credentialSecretArn: ARNS.inbound,
    ...overrides,
  };
}

export function lambdaIntegrationProperties(overrides: Partial<GenesysIntegrationProperties> = {}): GenesysIntegrationProperties {
  const { credentialSecretArn: _unused, ...base } = integrationProperties();
  return { ...base, integrationType: 'aws-lambda-data-actions', credentialType: 'amazonWebServicesARN', invokeRoleArn: ARNS.invokeRole, ...overrides };
}

/** The properties the stack gives an action, hashes computed as the stack computes them. */
export function actionProperties(
  contract: ActionContract,
  integrationId: string,
  overrides: Partial<GenesysDataActionProperties> = {},
): GenesysDataActionProperties {
  return {
    genesysRegion: 'eu-west-1',
    genesysOAuthSecretArn: ARNS.oauth,
    actionName: contract.name,
    category: contract.category ?? 'Data Actions on AWS',
    integrationId,
    integrationMode: 'api-gateway',
    actionUrl: `${API_BASE}/actions/${contract.name}`,
    timeoutSeconds: String(contract.timeoutSeconds),
    secure: contract.secure ? 'true' : 'false',
    contractJson: JSON.stringify(contract),
    contractHash: sha256(canonicalJson(contract)),
    schemaHash: sha256(canonicalJson({ input: contract.input, output: contract.output })),
    ...overrides,
  };
}

type ResourceType = typeof GENESYS_INTEGRATION_RESOURCE_TYPE | typeof GENESYS_DATA_ACTION_RESOURCE_TYPE;
type Properties = GenesysIntegrationProperties | GenesysDataActionProperties;

/** `ResourceProperties` as CloudFormation sends them: the ServiceToken and ServiceTimeout included. */
function withServiceToken(properties: Properties): { ServiceToken: string } & Record<string, unknown> {
  return { ServiceToken: ARNS.serviceToken, ServiceTimeout: '600', ...properties };
}

function common(resourceType: ResourceType, logicalResourceId: string) {
  const requestId = randomUUID();
  return {
    ServiceToken: ARNS.serviceToken,
    ResponseURL: `https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/${encodeURIComponent(ARNS.stack)}%7C${logicalResourceId}%7C${requestId}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=7200`,
    StackId: ARNS.stack,
    RequestId: requestId,
    LogicalResourceId: logicalResourceId,
    ResourceType: resourceType,
  };
}

export const events = {
  create(resourceType: ResourceType, logicalResourceId: string, properties: Properties): CloudFormationCustomResourceEvent {
    return { RequestType: 'Create', ...common(resourceType, logicalResourceId), ResourceProperties: withServiceToken(properties) };
  },
  update(
    resourceType: ResourceType,
    logicalResourceId: string,
    physicalResourceId: string,
    properties: Properties,
    oldProperties: Properties,
  ): CloudFormationCustomResourceEvent {
    return {
      RequestType: 'Update',
      ...common(resourceType, logicalResourceId),
      PhysicalResourceId: physicalResourceId,
      ResourceProperties: withServiceToken(properties),
      OldResourceProperties: withServiceToken(oldProperties),
    };
  },
  delete(resourceType: ResourceType, logicalResourceId: string, physicalResourceId: string, properties: Properties): CloudFormationCustomResourceEvent {
    return {
      RequestType: 'Delete',
      ...common(resourceType, logicalResourceId),
      PhysicalResourceId: physicalResourceId,
      ResourceProperties: withServiceToken(properties),
    };
  },
};

export interface Outcome {
  result?: RegistrationResult;
  error?: Error;
}

export interface WorldOptions {
  genesys?: LocalGenesysCloudOptions;
  /** Put the fault proxy between the handler and the local Genesys Cloud. */
  proxy?: boolean;
  /** The Lambda timeout each invocation starts with (the handler sizes its retries from it). Default 60 s. */
  lambdaTimeoutMs?: number;
}

export class RegistrationWorld {
  readonly lines: string[] = [];
  readonly thrown: Error[] = [];
  secretsManager!: AwsClientStub<SecretsManagerClient>;
  handler!: RegistrationHandler;
  private restoreOutput: (() => void) | undefined;

  private constructor(
    readonly genesys: LocalGenesysCloud,
    readonly proxy: FaultProxy | undefined,
    private readonly lambdaTimeoutMs: number,
  ) {}

  static async start(options: WorldOptions = {}): Promise<RegistrationWorld> {
    const genesys = new LocalGenesysCloud({ clients: [{ ...OAUTH_CLIENT }], ...options.genesys });
    const { url } = await genesys.start();
    const proxy = options.proxy ? await FaultProxy.start(url) : undefined;
    const world = new RegistrationWorld(genesys, proxy, options.lambdaTimeoutMs ?? 60_000);
    world.secretsManager = mockClient(SecretsManagerClient);
    world.plantSecrets();
    world.captureOutput();
    const logger = createLogger({ serviceName: 'genesys-registration' });
    logger.setLogLevel('DEBUG');
    world.handler = createRegistrationHandler({ logger, genesysBaseUrl: proxy?.url ?? url });
    return world;
  }

  /** The secrets the stack would hold; `missing` does not exist. */
  plantSecrets(): void {
    const sm = this.secretsManager;
    sm.reset();
    sm.on(GetSecretValueCommand, { SecretId: ARNS.oauth }).resolves({ SecretString: JSON.stringify(OAUTH_CLIENT) });
    sm.on(GetSecretValueCommand, { SecretId: ARNS.inbound }).resolves({ SecretString: JSON.stringify(INBOUND) });
    sm.on(GetSecretValueCommand, { SecretId: ARNS.rotatedInbound }).resolves({
      SecretString: JSON.stringify({ username: 'genesys-data-actions-v2', password: CANARY.rotatedPassword }),
    });
    sm.on(GetSecretValueCommand, { SecretId: ARNS.missing }).rejects(
      new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }),
    );
  }

  /** Runs the handler as the Provider framework does; a throw is returned, not raised. */
  async send(event: CloudFormationCustomResourceEvent): Promise<Outcome> {
    try {
      return { result: await this.handler(event, lambdaContext({ timeoutMs: this.lambdaTimeoutMs })) };
    } catch (error) {
      this.thrown.push(error as Error);
      return { error: error as Error };
    }
  }

  /** Like `send`, but a failure fails the test with the handler's message. */
  async succeed(event: CloudFormationCustomResourceEvent): Promise<RegistrationResult> {
    const outcome = await this.send(event);
    if (outcome.error) throw new Error(`handler failed: ${outcome.error.message}`);
    return outcome.result!;
  }

  /** Published actions in the org, by id. */
  actions(): Map<string, StoredAction> {
    return new Map(this.genesys.state().actions.map((a) => [a.id, a]));
  }

  /** Integration and credential ids created for the tests' actions, straight into the org. */
  provisionIntegration(name = 'Data Actions on AWS', typeId = 'custom-rest-actions'): string {
    return this.genesys.provisionIntegration({ name, typeId }).integrationId;
  }

  /** Everything the handler made visible: log lines (stdout and stderr), thrown messages and causes. */
  everythingWritten(): string {
    return [...this.lines, ...this.thrown.map((e) => `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}`)].join('\n');
  }

  async stop(): Promise<void> {
    this.restoreOutput?.();
    this.secretsManager.restore();
    await this.proxy?.close();
    await this.genesys.stop();
  }

  /** Powertools writes INFO and DEBUG to stdout, WARN and ERROR to stderr: both are captured. */
  private captureOutput(): void {
    const restores = [process.stdout, process.stderr].map((stream) => {
      const original = stream.write;
      stream.write = ((chunk: unknown) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
        this.lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
        recordRuntimeLog('registration handler', text); // for the suite-wide canary scan
        return true;
      }) as typeof stream.write;
      return () => {
        stream.write = original;
      };
    });
    this.restoreOutput = () => restores.forEach((restore) => restore());
  }
}

/** The size CloudFormation allows for a response's `Data`. */
export function dataSize(result: RegistrationResult): number {
  return Buffer.byteLength(JSON.stringify(result.Data ?? {}));
}
