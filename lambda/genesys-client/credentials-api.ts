import type { Credential, CredentialInfo, EntityListing } from './models.js';
import { iteratePages } from './paging.js';
import type { PlatformTransport } from './transport.js';

/** Query of `GET /api/v2/integrations/credentials` (SDK `getIntegrationsCredentialsOptions`). */
export interface ListCredentialsQuery {
  pageNumber?: number;
  pageSize?: number;
}

const CREDENTIALS = '/api/v2/integrations/credentials';
const CREDENTIAL = '/api/v2/integrations/credentials/{credentialId}';

/**
 * Integration credentials (`/api/v2/integrations/credentials`). The field values sent are secrets:
 * they are never logged, and redacted from any error Genesys answers with.
 */
export class CredentialsApi {
  constructor(private readonly transport: PlatformTransport) {}

  /** e.g. `{ name, type: { name: 'basicAuth' }, credentialFields: { userName, password } }`. */
  create(body: Credential): Promise<CredentialInfo> {
    return this.transport.request({
      method: 'POST',
      path: CREDENTIALS,
      body,
      sensitiveValues: fieldValues(body),
    });
  }

  /** One page of credentials: names and types, never their fields. */
  list(query: ListCredentialsQuery = {}): Promise<EntityListing<CredentialInfo>> {
    return this.transport.request({ method: 'GET', path: CREDENTIALS, query: { ...query } });
  }

  /** Every credential, page by page. */
  iterate(query: Omit<ListCredentialsQuery, 'pageNumber'> = {}): AsyncGenerator<CredentialInfo, void, undefined> {
    return iteratePages((pageNumber) => this.list({ ...query, pageNumber }));
  }

  /** The credential with its sensitive fields redacted by Genesys. */
  get(credentialId: string): Promise<Credential> {
    return this.transport.request({ method: 'GET', path: CREDENTIAL, pathParams: { credentialId } });
  }

  update(credentialId: string, body: Credential): Promise<CredentialInfo> {
    return this.transport.request({
      method: 'PUT',
      path: CREDENTIAL,
      pathParams: { credentialId },
      body,
      sensitiveValues: fieldValues(body),
    });
  }

  async delete(credentialId: string): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: CREDENTIAL, pathParams: { credentialId } });
  }
}

function fieldValues(body: Credential): string[] {
  return Object.values(body.credentialFields ?? {}).filter((value) => typeof value === 'string');
}
