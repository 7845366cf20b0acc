/**
 * Integrations (created DISABLED, enabled by PATCH, versioned configuration naming credentials),
 * integration types, and credentials whose fields are write-only.
 */
import type { LocalGenesysCloud } from '../../tools/genesys-cloud-local/index.js';
import { UUID, actionBody, api, expectErrorBody, login, startGenesys } from './support.js';

const INTEGRATIONS = '/api/v2/integrations';
const CREDENTIALS = '/api/v2/integrations/credentials';

describe('integrations and credentials', () => {
  let genesys: LocalGenesysCloud;
  let token: string;
  beforeAll(async () => {
    genesys = await startGenesys();
    token = await login(genesys.url);
  });
  afterAll(() => genesys.stop());

  const call = (method: string, path: string, body?: unknown) => api(genesys.url, token, method, path, body);

  it('lists the data-action integration types', async () => {
    const types = await call('GET', `${INTEGRATIONS}/types`);
    expect(types.body.entities.map((t: any) => t.id)).toEqual(expect.arrayContaining(['custom-rest-actions', 'aws-lambda-data-actions']));
    expect((await call('GET', `${INTEGRATIONS}/types/custom-rest-actions`)).body.name).toBe('Web Services Data Actions');
    expectErrorBody(await call('GET', `${INTEGRATIONS}/types/nope`), 404, 'not.found');
  });

  it('creates an integration DISABLED, enables it by PATCH, lists and filters it', async () => {
    const created = await call('POST', INTEGRATIONS, { name: 'Billing API', integrationType: { id: 'custom-rest-actions' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Billing API', intendedState: 'DISABLED', integrationType: { id: 'custom-rest-actions' } });
    expect(created.body.id).toMatch(UUID);
    const id = created.body.id as string;
    const enabled = await call('PATCH', `${INTEGRATIONS}/${id}`, { intendedState: 'ENABLED' });
    expect(enabled.body).toMatchObject({ intendedState: 'ENABLED', reportedState: { code: 'ACTIVE' } });
    expectErrorBody(await call('PATCH', `${INTEGRATIONS}/${id}`, { intendedState: 'ON' }), 400, 'bad.request');
    const listed = await call('GET', `${INTEGRATIONS}?integrationType=custom-rest-actions&expand=config`);
    const mine = listed.body.entities.find((i: any) => i.id === id);
    expect(mine.config.current).toMatchObject({ name: 'Billing API', version: 1, credentials: {} });
    expect((await call('GET', `${INTEGRATIONS}?integrationType=aws-lambda-data-actions`)).body.entities.some((i: any) => i.id === id)).toBe(false);
  });

  it('refuses an unknown integration type or a missing name with 400', async () => {
    const type = await call('POST', INTEGRATIONS, { name: 'x', integrationType: { id: 'salesforce' } });
    expectErrorBody(type, 400, 'bad.request');
    expect(type.body.details).toEqual([{ errorCode: 'invalid.value', fieldName: 'integrationType.id' }]);
    expectErrorBody(await call('POST', INTEGRATIONS, { integrationType: { id: 'custom-rest-actions' } }), 400, 'bad.request');
  });

  it('stores credentials write-only: no field value ever comes back', async () => {
    const created = await call('POST', CREDENTIALS, { name: 'Billing basic auth', type: { name: 'basicAuth' }, credentialFields: { userName: 'svc', password: 'p@ss-w0rd-123' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Billing basic auth', type: { name: 'basicAuth' }, createdDate: expect.any(String) });
    const id = created.body.id as string;
    const read = await call('GET', `${CREDENTIALS}/${id}`);
    expect(read.body).toEqual({ id, name: 'Billing basic auth', type: { name: 'basicAuth' }, selfUri: `${CREDENTIALS}/${id}` });
    const listed = await call('GET', CREDENTIALS);
    for (const text of [created.text, read.text, listed.text, (await call('GET', `${CREDENTIALS}/listing`)).text]) {
      expect(text).not.toContain('p@ss-w0rd-123');
      expect(text).not.toContain('credentialFields');
    }
    const updated = await call('PUT', `${CREDENTIALS}/${id}`, { name: 'Renamed', type: { name: 'basicAuth' }, credentialFields: { userName: 'svc', password: 'new-one' } });
    expect(updated.body.name).toBe('Renamed');
    expect(genesys.state().credentials.find((c) => c.id === id)?.fields.password).toBe('new-one');
    expect((await call('DELETE', `${CREDENTIALS}/${id}`)).status).toBe(204);
    expectErrorBody(await call('GET', `${CREDENTIALS}/${id}`), 404, 'not.found');
  });

  it('checks credential types and their required fields', async () => {
    const missing = await call('POST', CREDENTIALS, { name: 'x', type: { name: 'basicAuth' }, credentialFields: { userName: 'svc' } });
    expect(missing.body.details).toEqual([{ errorCode: 'required.field', fieldName: 'credentialFields.password' }]);
    expectErrorBody(await call('POST', CREDENTIALS, { name: 'x', type: { name: 'kerberos' }, credentialFields: {} }), 400, 'bad.request');
    expect((await call('POST', CREDENTIALS, { name: 'x', type: { name: 'amazonWebServicesARN' }, credentialFields: {} })).status).toBe(400);
    expect((await call('POST', CREDENTIALS, { name: 'u', type: { name: 'userDefined' }, credentialFields: { apiKey: 'k' } })).status).toBe(200);
    const types = await call('GET', `${CREDENTIALS}/types`);
    expect(types.body.map((t: any) => t.name)).toEqual(['basicAuth', 'userDefined', 'userDefinedOAuth', 'amazonWebServicesARN']);
  });

  it('versions the configuration: PUT with the current version attaches credentials, a stale one is 409', async () => {
    const integration = (await call('POST', INTEGRATIONS, { name: 'Configured', integrationType: { id: 'custom-rest-actions' } })).body.id as string;
    const credential = (await call('POST', CREDENTIALS, { name: 'c', type: { name: 'basicAuth' }, credentialFields: { userName: 'u', password: 'p' } })).body.id as string;
    const current = await call('GET', `${INTEGRATIONS}/${integration}/config/current`);
    expect(current.body).toMatchObject({ name: 'Configured', version: 1, properties: {}, advanced: {}, notes: '', credentials: {} });
    const put = await call('PUT', `${INTEGRATIONS}/${integration}/config/current`, { ...current.body, credentials: { basicAuth: { id: credential } } });
    expect(put.body).toMatchObject({ version: 2, credentials: { basicAuth: { id: credential, name: 'c', type: { name: 'basicAuth' } } } });
    expectErrorBody(await call('PUT', `${INTEGRATIONS}/${integration}/config/current`, { ...current.body }), 409, 'conflict');
    const unknown = await call('PUT', `${INTEGRATIONS}/${integration}/config/current`, { ...put.body, credentials: { basicAuth: { id: 'nope' } } });
    expect(unknown.body.details).toEqual([{ errorCode: 'credential.not.found', fieldName: 'credentials.basicAuth.id' }]);
  });

  it('deletes an integration with its actions, answering with the integration', async () => {
    const integration = (await call('POST', INTEGRATIONS, { name: 'Short-lived', integrationType: { id: 'custom-rest-actions' } })).body.id as string;
    const action = (await call('POST', '/api/v2/integrations/actions', actionBody(integration))).body.id as string;
    const deleted = await call('DELETE', `${INTEGRATIONS}/${integration}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: integration, name: 'Short-lived' });
    expectErrorBody(await call('GET', `${INTEGRATIONS}/${integration}`), 404, 'not.found');
    expectErrorBody(await call('GET', `/api/v2/integrations/actions/${action}`), 404, 'not.found');
  });
});
