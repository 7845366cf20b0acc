/** The local Genesys Cloud's public surface. */
export { LocalGenesysCloud, type ProvisionIntegrationInput } from './local-genesys-cloud.js';
export {
  DEFAULT_DEV_CLIENT,
  DEFAULT_ORGANIZATION_ID,
  type LocalGenesysCloudOptions,
  LocalGenesysCloudOptionsError,
} from './options.js';
export type { OAuthClient } from './auth/token-service.js';
export type { LambdaInvoker } from './execution/lambda-bridge.js';
export type { FaultSpec } from './http/fault-injector.js';
export type { RecordedRequest } from './http/dispatcher.js';
export type { OrganizationSnapshot, StoredAction, StoredCredential, StoredIntegration, ActionRevision } from './store/state.js';
