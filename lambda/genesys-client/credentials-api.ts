import type { Credential, CredentialInfo } from './models.js';
import type { PlatformTransport } from './transport.js';

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
