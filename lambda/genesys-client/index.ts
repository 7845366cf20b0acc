/** Public surface of the Genesys Cloud Platform API client. */
export { GenesysClient } from './client.js';
export { GENESYS_CLIENT_DEFAULTS, type GenesysClientLogger, type GenesysClientOptions } from './options.js';
export { GenesysApiError, NO_RESPONSE_STATUS } from './errors.js';
export {
  GENESYS_REGION_DOMAINS,
  resolveGenesysHosts,
  type GenesysHosts,
  type GenesysLocation,
  type GenesysRegion,
} from './regions.js';
export type { GenesysRequestEvent, GenesysRetryEvent } from './http.js';
export type { IntegrationsApi, ListIntegrationsQuery } from './integrations-api.js';
export type { CredentialsApi, ListCredentialsQuery } from './credentials-api.js';
export type { ActionsApi, ExecutionQuery, GetActionQuery, ListActionsQuery } from './actions-api.js';
export type { ActionDraftsApi } from './drafts-api.js';
export type * from './models.js';
