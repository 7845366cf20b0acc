/**
 * Drafts: created new or from a published action, editable (contract included) with version checks,
 * validated by GET .../validation, published with {version} (stale → 400), gone once published.
 */
import type { LocalGenesysCloud } from '../../tools/genesys-cloud-local/index.js';
import { actionBody, api, expectErrorBody, login, startGenesys } from './support.js';

const ACTIONS = '/api/v2/integrations/actions';

describe('drafts', () => {
  let genesys: LocalGenesysCloud;
  let token: string;
  let integrationId: string;
  beforeAll(async () => {
    genesys = await startGenesys();
    token = await login(genesys.url);
    integrationId = genesys.provisionIntegration({ name: 'Drafts' }).integrationId;
  });
  afterAll(() => genesys.stop());

  const call = (method: string, path: string, body?: unknown) => api(genesys.url, token, method, path, body);
  const nestedContract = () => {
    const contract = actionBody(integrationId).contract;
    contract.input.inputSchema.properties.address = { type: 'object', properties: { city: { type: 'string' } } };
    return contract;
  };

  it('keeps an invalid draft, reports it in validation, refuses to publish it, then publishes it once fixed', async () => {
    const draft = await call('POST', `${ACTIONS}/drafts`, actionBody(integrationId, { name: 'Drafted', contract: nestedContract() }));
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ name: 'Drafted', version: 1, selfUri: `${ACTIONS}/${draft.body.id}/draft` });
    const id = draft.body.id as string;
    expectErrorBody(await call('GET', `${ACTIONS}/${id}`), 404, 'not.found');

    const invalid = await call('GET', `${ACTIONS}/${id}/draft/validation`);
    expect(invalid.body.valid).toBe(false);
    expect(invalid.body.errors[0]).toMatchObject({ code: 'flat-primitive-input', details: [{ errorCode: 'flat-primitive-input', fieldName: 'contract.input.inputSchema.properties.address' }] });
    const refused = await call('POST', `${ACTIONS}/${id}/draft/publish`, { version: 1 });
    expectErrorBody(refused, 400, 'bad.request');
    expect(refused.body.message).toContain('[flat-primitive-input]');

    const fixed = await call('PATCH', `${ACTIONS}/${id}/draft`, { version: 1, contract: actionBody(integrationId).contract });
    expect(fixed.body.version).toBe(2);
    expect((await call('GET', `${ACTIONS}/${id}/draft/validation`)).body).toEqual({ valid: true, errors: [] });

    const stale = await call('POST', `${ACTIONS}/${id}/draft/publish`, { version: 1 });
    expectErrorBody(stale, 400, 'bad.request');
    expect(stale.body.details).toEqual([{ errorCode: 'version.mismatch', fieldName: 'version' }]);
    expectErrorBody(await call('POST', `${ACTIONS}/${id}/draft/publish`, {}), 400, 'bad.request');

    const published = await call('POST', `${ACTIONS}/${id}/draft/publish`, { version: 2 });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id, name: 'Drafted', version: 1, selfUri: `${ACTIONS}/${id}` });
    expect((await call('GET', `${ACTIONS}/${id}?expand=contract`)).body.contract).toEqual(actionBody(integrationId).contract);
    expectErrorBody(await call('GET', `${ACTIONS}/${id}/draft`), 404, 'not.found');
  });

  it('drafts from a published action, changes its contract and secure flag, and publishes a new version', async () => {
    const id = (await call('POST', ACTIONS, actionBody(integrationId, { name: 'Evolving' }))).body.id as string;
    const draft = await call('POST', `${ACTIONS}/${id}/draft`);
    expect(draft.body).toMatchObject({ id, version: 1, name: 'Evolving' });
    expectErrorBody(await call('POST', `${ACTIONS}/${id}/draft`), 409, 'conflict');
    const contract = actionBody(integrationId).contract;
    contract.input.inputSchema.properties.locale = { type: 'string' };
    const stale = await call('PATCH', `${ACTIONS}/${id}/draft`, { version: 7, secure: true });
    expectErrorBody(stale, 409, 'conflict');
    const patched = await call('PATCH', `${ACTIONS}/${id}/draft`, { version: 1, contract, secure: true });
    expect(patched.body).toMatchObject({ version: 2, secure: true });
    const published = await call('POST', `${ACTIONS}/${id}/draft/publish`, { version: 2 });
    expect(published.body).toMatchObject({ version: 2, secure: true });
    expect(published.body.contract.input.inputSchema.properties.locale).toEqual({ type: 'string' });
  });

  it('reads a draft with its template URIs, serves the draft templates, lists and deletes drafts', async () => {
    const id = (await call('POST', `${ACTIONS}/drafts`, actionBody(integrationId, { name: 'Listed draft' }))).body.id as string;
    const read = await call('GET', `${ACTIONS}/${id}/draft?expand=contract&includeConfig=true`);
    expect(read.body.config.request.requestTemplateUri).toBe(`${ACTIONS}/${id}/draft/templates/requesttemplate.vm`);
    expect((await call('GET', `${ACTIONS}/${id}/draft/templates/requesttemplate.vm`)).text).toBe('{"id": "${input.customerId}"}');
    const listed = await call('GET', `${ACTIONS}/drafts?name=Listed`);
    expect(listed.body.entities.map((a: any) => a.id)).toEqual([id]);
    expect((await call('DELETE', `${ACTIONS}/${id}/draft`)).status).toBe(204);
    expectErrorBody(await call('GET', `${ACTIONS}/${id}/draft`), 404, 'not.found');
  });

  it('refuses a draft for an unknown integration (404) and a draft body that is not an action (400)', async () => {
    expectErrorBody(await call('POST', `${ACTIONS}/drafts`, actionBody('9b1f7c2e-0000-4000-8000-000000000000')), 404, 'not.found');
    expectErrorBody(await call('POST', `${ACTIONS}/drafts`, { name: 42 }), 400, 'bad.request');
  });
});
