/**
 * Published actions: create with Genesys's rules (contract linter, timeout range, request type, name and
 * category length, integration), read back as Genesys does (contract with expand, config with
 * includeConfig, templates behind URIs), PATCH with version checks and immutable contract/secure,
 * delete, paging.
 */
import type { LocalGenesysCloud } from '../../tools/genesys-cloud-local/index.js';
import { actionBody, api, expectErrorBody, login, startGenesys } from './support.js';

const ACTIONS = '/api/v2/integrations/actions';

describe('actions', () => {
  let genesys: LocalGenesysCloud;
  let token: string;
  let integrationId: string;
  beforeAll(async () => {
    genesys = await startGenesys();
    token = await login(genesys.url);
    integrationId = genesys.provisionIntegration({ name: 'Local web services' }).integrationId;
  });
  afterAll(() => genesys.stop());

  const create = (overrides: Record<string, unknown> = {}) => api(genesys.url, token, 'POST', ACTIONS, actionBody(integrationId, overrides));
  const withConfig = (change: (config: any) => void) => {
    const body = actionBody(integrationId);
    change(body.config);
    return api(genesys.url, token, 'POST', ACTIONS, body);
  };
  const withInput = (properties: Record<string, unknown>) =>
    create({ contract: { ...actionBody(integrationId).contract, input: { inputSchema: { type: 'object', properties } } } });

  describe('create', () => {
    it('creates a published action (id custom_-_<uuid>, version 1) and answers with contract and config', async () => {
      const result = await create();
      expect(result.status).toBe(200);
      expect(result.body.id).toMatch(/^custom_-_[0-9a-f-]{36}$/);
      expect(result.body).toMatchObject({ name: 'Customer lookup', category: 'Local web services', integrationId, version: 1, secure: false });
      expect(result.body.contract.input.inputSchema.properties.customerId).toEqual({ type: 'string' });
      expect(result.body.selfUri).toBe(`${ACTIONS}/${result.body.id}`);
    });

    it('refuses a nested input object with 400 naming the rule and the field', async () => {
      const result = await withInput({ address: { type: 'object', properties: { city: { type: 'string' } } } });
      expectErrorBody(result, 400, 'bad.request');
      expect(result.body.message).toContain('[flat-primitive-input]');
      expect(result.body.details).toContainEqual({ errorCode: 'flat-primitive-input', fieldName: 'contract.input.inputSchema.properties.address' });
      expect(result.body.errors[0]).toMatchObject({ code: 'flat-primitive-input', status: 400 });
    });

    it('refuses array inputs, $ref, reserved and badly formed input names, arrays of arrays in the output', async () => {
      expect((await withInput({ tags: { type: 'array', items: { type: 'string' } } })).body.details[0].errorCode).toBe('flat-primitive-input');
      expect((await withInput({ rawRequest: { type: 'string' } })).body.details[0].errorCode).toBe('reserved-name');
      expect((await withInput({ '1st': { type: 'string' } })).body.details[0].errorCode).toBe('property-name');
      expect((await withInput({ id: { $ref: '#/definitions/id' } })).body.details.map((d: any) => d.errorCode)).toContain('no-ref');
      const nestedArrays = await create({
        contract: {
          ...actionBody(integrationId).contract,
          output: { successSchema: { type: 'object', properties: { grid: { type: 'array', items: { type: 'array', items: { type: 'string' } } } } } },
        },
      });
      expect(nestedArrays.body.details[0]).toEqual({ errorCode: 'no-nested-arrays', fieldName: 'contract.output.successSchema.properties.grid.items' });
    });

    it('enforces timeoutSeconds 1–60 (0, 61 and 2.5 refused; 1 and 60 accepted)', async () => {
      for (const timeoutSeconds of [0, 61, 2.5]) {
        const result = await withConfig((c) => (c.timeoutSeconds = timeoutSeconds));
        expectErrorBody(result, 400, 'bad.request');
        expect(result.body.details).toContainEqual({ errorCode: 'timeout-range', fieldName: 'config.timeoutSeconds' });
      }
      for (const timeoutSeconds of [1, 60]) expect((await withConfig((c) => (c.timeoutSeconds = timeoutSeconds))).status).toBe(200);
    });

    it('refuses an unknown requestType and a non-JSON Accept header', async () => {
      const type = await withConfig((c) => (c.request.requestType = 'FETCH'));
      expect(type.body.details).toContainEqual({ errorCode: 'request-type', fieldName: 'config.request.requestType' });
      const accept = await withConfig((c) => (c.request.headers = { Accept: 'text/xml' }));
      expect(accept.body.details).toContainEqual({ errorCode: 'accept-header', fieldName: 'config.request.headers.Accept' });
    });

    it('requires name and category of 1–256 characters', async () => {
      for (const overrides of [{ name: '' }, { name: 'n'.repeat(257) }, { category: '' }, { category: 'c'.repeat(257) }]) {
        const result = await create(overrides);
        expectErrorBody(result, 400, 'bad.request');
        expect(result.body.details[0].errorCode).toBe('name-length');
      }
      expect((await create({ name: 'n'.repeat(256) })).status).toBe(200);
    });

    it('requires integrationId (400) naming an existing integration (404)', async () => {
      const missing = await create({ integrationId: undefined });
      expectErrorBody(missing, 400, 'bad.request');
      expect(missing.body.details).toContainEqual({ errorCode: 'required-field', fieldName: 'integrationId' });
      expectErrorBody(await create({ integrationId: 'f0a3b2c4-0000-4000-8000-000000000000' }), 404, 'not.found');
    });

    it('fills Genesys defaults: request template ${input.rawRequest}, success template ${rawResult}', async () => {
      const body = actionBody(integrationId);
      delete body.config.request.requestTemplate;
      delete body.config.response;
      const created = await api(genesys.url, token, 'POST', ACTIONS, body);
      const id = created.body.id as string;
      expect((await api(genesys.url, token, 'GET', `${ACTIONS}/${id}/templates/requesttemplate.vm`)).text).toBe('${input.rawRequest}');
      expect((await api(genesys.url, token, 'GET', `${ACTIONS}/${id}/templates/successtemplate.vm`)).text).toBe('${rawResult}');
    });
  });

  describe('read', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create({ name: 'Read me' })).body.id;
    });

    it('returns contract only with expand=contract and config only with includeConfig=true', async () => {
      const bare = await api(genesys.url, token, 'GET', `${ACTIONS}/${id}`);
      expect(bare.body).toEqual({ id, name: 'Read me', integrationId, category: 'Local web services', version: 1, secure: false, selfUri: `${ACTIONS}/${id}` });
      const full = await api(genesys.url, token, 'GET', `${ACTIONS}/${id}?expand=contract&includeConfig=true`);
      expect(full.body.contract.output.successSchema.properties).toEqual({ name: { type: 'string' } });
      expect(full.body.config).toEqual({
        timeoutSeconds: 10,
        request: {
          requestUrlTemplate: 'http://127.0.0.1:9/customers/${input.customerId}',
          requestTemplateUri: `${ACTIONS}/${id}/templates/requesttemplate.vm`,
          requestType: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        },
        response: {
          translationMap: { name: '$.name' },
          translationMapDefaults: { name: '"unknown"' },
          successTemplateUri: `${ACTIONS}/${id}/templates/successtemplate.vm`,
        },
      });
    });

    it('serves the templates behind the URIs as text/plain', async () => {
      const request = await api(genesys.url, token, 'GET', `${ACTIONS}/${id}/templates/requesttemplate.vm`);
      expect(request.status).toBe(200);
      expect(request.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(request.text).toBe('{"id": "${input.customerId}"}');
      expectErrorBody(await api(genesys.url, token, 'GET', `${ACTIONS}/${id}/templates/other.vm`), 404, 'not.found');
    });

    it('gives the template text inline instead with inlineTemplates: true', async () => {
      const inline = await startGenesys({ inlineTemplates: true });
      try {
        const t = await login(inline.url);
        const integration = inline.provisionIntegration({ name: 'x' }).integrationId;
        const created = await api(inline.url, t, 'POST', ACTIONS, actionBody(integration));
        expect(created.body.config.request.requestTemplate).toBe('{"id": "${input.customerId}"}');
        expect(created.body.config.request.requestTemplateUri).toBeUndefined();
        expect(created.body.config.response.successTemplate).toBe('{"name": ${name}}');
      } finally {
        await inline.stop();
      }
    });

    it('answers an unknown action with 404 on GET, PATCH and DELETE', async () => {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        expectErrorBody(await api(genesys.url, token, method, `${ACTIONS}/custom_-_missing`, method === 'PATCH' ? { version: 1 } : undefined), 404, 'not.found');
      }
    });
  });

  describe('PATCH', () => {
    it('updates name, category and config with the current version, which then increments', async () => {
      const { id } = (await create({ name: 'Patch me' })).body;
      const config = actionBody(integrationId).config;
      config.timeoutSeconds = 30;
      const patched = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { name: 'Patched', version: 1, config });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Patched', version: 2, config: { timeoutSeconds: 30 } });
      const again = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { category: 'Other', version: 2 });
      expect(again.body).toMatchObject({ name: 'Patched', category: 'Other', version: 3, config: { timeoutSeconds: 30 } });
    });

    it('keeps the templates when the config sent back carries only their URIs', async () => {
      const { id } = (await create({ name: 'Round trip' })).body;
      const read = await api(genesys.url, token, 'GET', `${ACTIONS}/${id}?expand=contract&includeConfig=true`);
      const patched = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { version: 1, config: read.body.config });
      expect(patched.status).toBe(200);
      expect((await api(genesys.url, token, 'GET', `${ACTIONS}/${id}/templates/requesttemplate.vm`)).text).toBe('{"id": "${input.customerId}"}');
    });

    it('requires version (400) and refuses a stale one with 409', async () => {
      const { id } = (await create({ name: 'Versioned' })).body;
      const missing = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { name: 'x' });
      expectErrorBody(missing, 400, 'bad.request');
      expect(missing.body.details).toContainEqual({ errorCode: 'required-field', fieldName: 'version' });
      expect((await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { name: 'v2', version: 1 })).status).toBe(200);
      const stale = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { name: 'v3', version: 1 });
      expectErrorBody(stale, 409, 'conflict');
      expect(stale.body.message).toBe('Version 1 does not match the current version 2.');
    });

    it('refuses to change the contract, secure or integrationId once published (400), but accepts them unchanged', async () => {
      const body = actionBody(integrationId, { name: 'Immutable' });
      const { id } = (await api(genesys.url, token, 'POST', ACTIONS, body)).body;
      const changedContract = structuredClone(body.contract);
      changedContract.input.inputSchema.properties.extra = { type: 'string' };
      const contract = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { version: 1, contract: changedContract });
      expectErrorBody(contract, 400, 'bad.request');
      expect(contract.body.details).toEqual([{ errorCode: 'immutable.after.publish', fieldName: 'contract' }]);
      const secure = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { version: 1, secure: true });
      expect(secure.body.details).toEqual([{ errorCode: 'immutable.after.publish', fieldName: 'secure' }]);
      const other = genesys.provisionIntegration({ name: 'Other' }).integrationId;
      expect((await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { version: 1, integrationId: other })).status).toBe(400);
      const same = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { version: 1, contract: body.contract, secure: false, name: 'Same' });
      expect(same.status).toBe(200);
      expect(genesys.state().actions.find((a) => a.id === id)?.published?.contract).toEqual(body.contract);
    });

    it('applies the publish rules to the new config (timeoutSeconds 61 → 400)', async () => {
      const { id } = (await create({ name: 'Rules on patch' })).body;
      const config = actionBody(integrationId).config;
      config.timeoutSeconds = 61;
      const result = await api(genesys.url, token, 'PATCH', `${ACTIONS}/${id}`, { version: 1, config });
      expect(result.body.details).toContainEqual({ errorCode: 'timeout-range', fieldName: 'config.timeoutSeconds' });
    });
  });

  describe('delete and list', () => {
    it('deletes with 204; the action is then 404', async () => {
      const { id } = (await create({ name: 'Delete me' })).body;
      const deleted = await api(genesys.url, token, 'DELETE', `${ACTIONS}/${id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectErrorBody(await api(genesys.url, token, 'GET', `${ACTIONS}/${id}`), 404, 'not.found');
    });

    it('pages with pageSize/pageNumber and filters by name, without contract or config unless asked', async () => {
      const fresh = await startGenesys();
      try {
        const t = await login(fresh.url);
        const integration = fresh.provisionIntegration({ name: 'Paging' }).integrationId;
        for (const name of ['Alpha', 'Beta', 'Gamma']) await api(fresh.url, t, 'POST', ACTIONS, actionBody(integration, { name }));
        const first = await api(fresh.url, t, 'GET', `${ACTIONS}?pageSize=2&pageNumber=1`);
        expect(first.body).toMatchObject({ pageSize: 2, pageNumber: 1, total: 3, pageCount: 2 });
        expect(first.body.entities.map((a: any) => a.name)).toEqual(['Alpha', 'Beta']);
        expect(first.body.nextUri).toBe(`${ACTIONS}?pageSize=2&pageNumber=2`);
        expect(first.body.previousUri).toBeUndefined();
        expect(first.body.entities[0].contract).toBeUndefined();
        expect(first.body.entities[0].config).toBeUndefined();
        const second = await api(fresh.url, t, 'GET', `${ACTIONS}?pageSize=2&pageNumber=2&includeConfig=true`);
        expect(second.body.entities.map((a: any) => a.name)).toEqual(['Gamma']);
        expect(second.body.previousUri).toBe(`${ACTIONS}?pageSize=2&pageNumber=1&includeConfig=true`);
        expect(second.body.entities[0].config.request.requestType).toBe('POST');
        const byName = await api(fresh.url, t, 'GET', `${ACTIONS}?name=amm`);
        expect(byName.body.entities.map((a: any) => a.name)).toEqual(['Gamma']);
        expectErrorBody(await api(fresh.url, t, 'GET', `${ACTIONS}?pageSize=0`), 400, 'bad.request');
      } finally {
        await fresh.stop();
      }
    });
  });
});
