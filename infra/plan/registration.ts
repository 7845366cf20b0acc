/**
 * The registration as deployed: the properties each custom resource receives (their shapes are
 * lambda/registration/resource-properties.ts, shared with the handler) and the function serving them. The
 * construct (infra/constructs/genesys-registration.ts) deploys exactly these; the local stack sends the
 * registration bundle CloudFormation events carrying the same properties.
 */
import { createHash } from 'node:crypto';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import type {
  GenesysConnectionProperties,
  GenesysDataActionProperties,
  GenesysIntegrationProperties,
} from '../../lambda/registration/resource-properties.js';
import { canonicalJson } from '../../lambda/runtime/canonical-json.js';
import type { IntegrationMode } from './deployment.js';

/** The registration function (bundle `dist/registration.mjs`). */
export const REGISTRATION_FUNCTION = Object.freeze({
  handler: 'registration.handler',
  memoryMb: 256,
  // Room for a 429 storm (Retry-After) and token renewal; CloudFormation's service timeout bounds the whole.
  timeoutSeconds: 300,
  environment: Object.freeze({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'genesys-registration' }),
});

/** How long CloudFormation waits for one custom resource (the `ServiceTimeout` property): minutes, not the default hour. */
export const REGISTRATION_SERVICE_TIMEOUT_SECONDS = 600;

/** The credential Genesys presents: the stack's inbound Basic credential, or the invoke role (lambda mode). */
export type IntegrationCredential = { type: 'basicAuth'; secretArn: string } | { type: 'amazonWebServicesARN'; roleArn: string };

/** `Custom::GenesysIntegration`'s properties. */
export function integrationProperties(connection: GenesysConnectionProperties, name: string, credential: IntegrationCredential): GenesysIntegrationProperties {
  return credential.type === 'basicAuth'
    ? { ...connection, integrationName: name, integrationType: 'custom-rest-actions', credentialType: 'basicAuth', credentialSecretArn: credential.secretArn }
    : { ...connection, integrationName: name, integrationType: 'aws-lambda-data-actions', credentialType: 'amazonWebServicesARN', invokeRoleArn: credential.roleArn };
}

export interface RegisteredAction {
  contract: ActionContract;
  /** sha256 of the canonical contract (scripts/build.ts `discoverActions`). */
  contractHash: string;
  /** The URL Genesys calls (api-gateway mode) or the alias ARN it invokes (lambda mode). */
  actionUrl: string;
}

/** `Custom::GenesysDataAction`'s properties for one action. */
export function dataActionProperties(
  connection: GenesysConnectionProperties,
  action: RegisteredAction,
  where: { integrationId: string; integrationMode: IntegrationMode; defaultCategory: string },
): GenesysDataActionProperties {
  const { contract } = action;
  return {
    ...connection,
    actionName: contract.name,
    category: contract.category ?? where.defaultCategory,
    integrationId: where.integrationId,
    integrationMode: where.integrationMode,
    actionUrl: action.actionUrl,
    timeoutSeconds: String(contract.timeoutSeconds),
    secure: contract.secure ? 'true' : 'false',
    contractJson: JSON.stringify(contract),
    contractHash: action.contractHash,
    schemaHash: createHash('sha256').update(canonicalJson({ input: contract.input, output: contract.output })).digest('hex'),
  };
}
