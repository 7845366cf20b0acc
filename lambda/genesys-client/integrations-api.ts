import type {
  CreateIntegrationRequest,
  Integration,
  IntegrationConfiguration,
  IntegrationEntityListing,
  IntegrationPatch,
} from './models.js';
import { iteratePages } from './paging.js';
import type { PlatformTransport } from './transport.js';

/** Query of `GET /api/v2/integrations` (SDK `getIntegrationsOptions`). */
export interface ListIntegrationsQuery {
  pageSize?: number;
  pageNumber?: number;
  sortBy?: string;
  expand?: string[];
  nextPage?: string;
  previousPage?: string;
  /** At most 100 ids. */
  ids?: string[];
  /** e.g. `custom-rest-actions`. */
  integrationType?: string;
  reportedState?: string;
  credentialId?: string;
}

const INTEGRATIONS = '/api/v2/integrations';
const INTEGRATION = '/api/v2/integrations/{integrationId}';
const INTEGRATION_CONFIG = '/api/v2/integrations/{integrationId}/config/current';

/** Integrations (`/api/v2/integrations`): the Web Services or AWS Lambda data-actions integration. */
export class IntegrationsApi {
  constructor(private readonly transport: PlatformTransport) {}

  /** One page of integrations. */
  list(query: ListIntegrationsQuery = {}): Promise<IntegrationEntityListing> {
    return this.transport.request({ method: 'GET', path: INTEGRATIONS, query: { ...query } });
  }

  /** Every integration matching `query`, page by page. */
  iterate(query: Omit<ListIntegrationsQuery, 'pageNumber'> = {}): AsyncGenerator<Integration, void, undefined> {
    return iteratePages((pageNumber) => this.list({ ...query, pageNumber }));
  }

  get(integrationId: string, query: { expand?: string[] } = {}): Promise<Integration> {
    return this.transport.request({ method: 'GET', path: INTEGRATION, pathParams: { integrationId }, query });
  }

  /** Creates an integration: `{ name, integrationType: { id: 'custom-rest-actions' } }`. */
  create(body: CreateIntegrationRequest): Promise<Integration> {
    return this.transport.request({ method: 'POST', path: INTEGRATIONS, body });
  }

  /** Changes `intendedState` (`ENABLED`/`DISABLED`), name, notes or attributes. */
  patch(integrationId: string, body: IntegrationPatch): Promise<Integration> {
    return this.transport.request({ method: 'PATCH', path: INTEGRATION, pathParams: { integrationId }, body });
  }

  async delete(integrationId: string): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: INTEGRATION, pathParams: { integrationId } });
  }

  getConfig(integrationId: string): Promise<IntegrationConfiguration> {
    return this.transport.request({ method: 'GET', path: INTEGRATION_CONFIG, pathParams: { integrationId } });
  }

  /** Replaces the current configuration (its `version` must be the current one), e.g. to attach a credential. */
  updateConfig(integrationId: string, body: IntegrationConfiguration): Promise<IntegrationConfiguration> {
    return this.transport.request({ method: 'PUT', path: INTEGRATION_CONFIG, pathParams: { integrationId }, body });
  }
}
