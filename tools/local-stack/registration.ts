/**
 * Registration, as `cdk deploy` does it: the stack's registration function (the same code, normally
 * dist/registration.mjs) receives the CloudFormation custom-resource Create events of
 * `Custom::GenesysIntegration` and of one `Custom::GenesysDataAction` per action, with the properties the
 * stack gives them (the deployment plan's, infra/plan/registration.ts), and registers everything in the
 * local Genesys Cloud, reading the OAuth client and the inbound credential from (the local) Secrets Manager.
 *
 * The events are sent in CloudFormation's order — the integration first, the actions once its physical id
 * (the integration id) is known — one at a time.
 */
import { randomUUID } from 'node:crypto';
import type { CloudFormationCustomResourceCreateEvent } from 'aws-lambda';
import {
  dataActionProperties,
  integrationProperties,
  REGISTRATION_SERVICE_TIMEOUT_SECONDS,
  type RegisteredAction,
} from '../../infra/plan/registration.js';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE,
  GENESYS_INTEGRATION_RESOURCE_TYPE,
  type GenesysDataActionData,
  type GenesysIntegrationData,
} from '../../lambda/registration/resource-properties.js';
import type { LocalLambdaFunction } from './lambda/local-lambda-function.js';

/** An action to register; its URL is the local API Gateway's `/actions/<name>`. */
export type RegisteredActionInput = RegisteredAction;

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

const pascal = (name: string) => name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

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
      ResourceProperties: { ServiceToken: serviceToken, ServiceTimeout: String(REGISTRATION_SERVICE_TIMEOUT_SECONDS), ...properties },
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
    integrationProperties(connection, request.integrationName, { type: 'basicAuth', secretArn: request.inboundCredentialSecretArn }),
  );

  const actions: Registration['actions'] = [];
  for (const action of request.actions) {
    const { contract } = action;
    const properties = dataActionProperties(connection, action, {
      integrationId: integration.physicalId,
      integrationMode: 'api-gateway',
      defaultCategory: request.integrationName,
    });
    const created = await create<GenesysDataActionData>(GENESYS_DATA_ACTION_RESOURCE_TYPE, `GenesysRegistrationAction${pascal(contract.name)}`, properties);
    actions.push({ name: contract.name, id: created.physicalId, version: created.data?.Version ?? '' });
  }
  return { integrationId: integration.physicalId, credentialId: integration.data?.CredentialId ?? '', actions };
}
