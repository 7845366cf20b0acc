/**
 * Registration, as `cdk deploy` does it: the stack's registration function (the same code, normally
 * dist/registration.mjs) receives the CloudFormation custom-resource Create events of
 * `Custom::GenesysIntegration` and of one `Custom::GenesysDataAction` per action, with the properties the
 * stack gives them (infra/constructs/genesys-registration.ts), and registers everything in the local
 * Genesys Cloud, reading the OAuth client and the inbound credential from (the local) Secrets Manager.
 *
 * The events are sent in CloudFormation's order — the integration first, the actions once its physical id
 * (the integration id) is known — one at a time.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { CloudFormationCustomResourceCreateEvent } from 'aws-lambda';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE,
  GENESYS_INTEGRATION_RESOURCE_TYPE,
  type GenesysDataActionData,
  type GenesysDataActionProperties,
  type GenesysIntegrationData,
  type GenesysIntegrationProperties,
} from '../../lambda/registration/resource-properties.js';
import { canonicalJson } from '../../lambda/runtime/canonical-json.js';
import type { LocalLambdaFunction } from './lambda/local-lambda-function.js';

export interface RegisteredActionInput {
  contract: ActionContract;
  contractHash: string;
  /** The URL Genesys calls: the local API Gateway's `/actions/<name>`. */
  actionUrl: string;
}

export interface RegistrationRequest {
  /** The registration function (its handler answers `{PhysicalResourceId, Data}`). */
  registrationFunction: LocalLambdaFunction;
  genesysRegion: string;
  genesysOAuthSecretArn: string;
  inboundCredentialSecretArn: string;
  integrationName: string;
  actions: readonly RegisteredActionInput[];
  region: string;
  accountId: string;
}

export interface Registration {
  integrationId: string;
  credentialId: string;
  actions: { name: string; id: string; version: string }[];
}

/** A Create the registration function failed; its message is the function's, which never holds a secret. */
export class RegistrationFailedError extends Error {
  override readonly name = 'RegistrationFailedError';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const pascal = (name: string) => name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

type Connection = Pick<GenesysIntegrationProperties, 'genesysRegion' | 'genesysOAuthSecretArn'>;

/** `Custom::GenesysIntegration`'s properties, as the stack gives them for a basicAuth integration. */
export function integrationProperties(connection: Connection, integrationName: string, credentialSecretArn: string): GenesysIntegrationProperties {
  return { ...connection, integrationName, integrationType: 'custom-rest-actions', credentialType: 'basicAuth', credentialSecretArn };
}

/** `Custom::GenesysDataAction`'s properties, as the stack gives them in api-gateway mode. */
export function dataActionProperties(
  connection: Connection,
  action: RegisteredActionInput & { integrationId: string; integrationName: string },
): GenesysDataActionProperties {
  const { contract } = action;
  return {
    ...connection,
    actionName: contract.name,
    category: contract.category ?? action.integrationName,
    integrationId: action.integrationId,
    integrationMode: 'api-gateway',
    actionUrl: action.actionUrl,
    timeoutSeconds: String(contract.timeoutSeconds),
    secure: contract.secure ? 'true' : 'false',
    contractJson: JSON.stringify(contract),
    contractHash: action.contractHash,
    schemaHash: sha256(canonicalJson({ input: contract.input, output: contract.output })),
  };
}

export async function registerActions(request: RegistrationRequest): Promise<Registration> {
  const stackId = `arn:aws:cloudformation:${request.region}:${request.accountId}:stack/GenesysDataActions-local/${randomUUID()}`;
  const serviceToken = `arn:aws:lambda:${request.region}:${request.accountId}:function:GenesysDataActions-local-RegistrationProviderframework`;
  const connection = { genesysRegion: request.genesysRegion, genesysOAuthSecretArn: request.genesysOAuthSecretArn };

  const create = async <T>(resourceType: string, logicalResourceId: string, properties: object): Promise<{ physicalId: string; data: T }> => {
    const requestId = randomUUID();
    const event: CloudFormationCustomResourceCreateEvent = {
      RequestType: 'Create',
      ServiceToken: serviceToken,
      ResponseURL: `https://cloudformation-custom-resource-response-${request.region.replaceAll('-', '')}.s3.amazonaws.com/${encodeURIComponent(stackId)}%7C${logicalResourceId}%7C${requestId}`,
      StackId: stackId,
      RequestId: requestId,
      LogicalResourceId: logicalResourceId,
      ResourceType: resourceType,
      ResourceProperties: { ServiceToken: serviceToken, ServiceTimeout: '600', ...properties },
    };
    const result = await request.registrationFunction.invoke(event);
    if (!result.ok) throw new RegistrationFailedError(`${resourceType} ${logicalResourceId}: ${result.error.errorType}: ${result.error.errorMessage}`);
    const answer = result.payload as { PhysicalResourceId?: unknown; Data?: unknown } | null;
    if (typeof answer?.PhysicalResourceId !== 'string') throw new RegistrationFailedError(`${resourceType} ${logicalResourceId}: no PhysicalResourceId in the answer`);
    return { physicalId: answer.PhysicalResourceId, data: answer.Data as T };
  };

  const integration = await create<GenesysIntegrationData>(
    GENESYS_INTEGRATION_RESOURCE_TYPE,
    'GenesysRegistrationIntegration',
    integrationProperties(connection, request.integrationName, request.inboundCredentialSecretArn),
  );

  const actions: Registration['actions'] = [];
  for (const action of request.actions) {
    const { contract } = action;
    const properties = dataActionProperties(connection, { ...action, integrationId: integration.physicalId, integrationName: request.integrationName });
    const created = await create<GenesysDataActionData>(GENESYS_DATA_ACTION_RESOURCE_TYPE, `GenesysRegistrationAction${pascal(contract.name)}`, properties);
    actions.push({ name: contract.name, id: created.physicalId, version: created.data?.Version ?? '' });
  }
  return { integrationId: integration.physicalId, credentialId: integration.data?.CredentialId ?? '', actions };
}
