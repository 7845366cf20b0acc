/**
 * Fidelity proof: the OFFICIAL Genesys JavaScript SDK (purecloud-platform-client-v2), pointed at the
 * stand-in with `setGateway`, drives the whole action lifecycle — login, integration, credential and
 * configuration, create, get (expand=contract, includeConfig), templates, PATCH, drafts (create, update,
 * validate, publish with version), test, execute, list, errors, delete. Every call must succeed and give
 * back the SDK's models; a call the SDK cannot make against the stand-in is a stand-in bug.
 *
 * The SDK is CommonJS: loaded with createRequire (its typings give the models). Its config-file watcher
 * is switched off (`live_reload_config = false`), as the reference asks for tests.
 */
import { type Server, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type platformClient from 'purecloud-platform-client-v2';
import { DEFAULT_DEV_CLIENT, type LocalGenesysCloud } from '../../tools/genesys-cloud-local/index.js';
import { actionBody, startGenesys } from './support.js';

const sdk = createRequire(import.meta.url)('purecloud-platform-client-v2') as typeof platformClient;

/** The ErrorBody an SDK call rejected with (the SDK rejects with the response body). */
async function rejection(call: Promise<unknown>): Promise<platformClient.Models.ErrorBody> {
  try {
    await call;
  } catch (error) {
    return error as platformClient.Models.ErrorBody;
  }
  throw new Error('the SDK call was expected to fail');
}

describe('official Genesys SDK against the local Genesys Cloud', () => {
  let genesys: LocalGenesysCloud;
  let endpoint: Server;
  let endpointUrl: string;
  let integrationsApi: platformClient.IntegrationsApi;
  let client: typeof platformClient.ApiClient;

  beforeAll(async () => {
    endpoint = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: 'Ada Lovelace' })));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
    genesys = await startGenesys();
    const port = Number(new URL(genesys.url).port);

    client = sdk.ApiClient.instance;
    client.config.live_reload_config = false;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port, path_params_login: '', path_params_api: '' });
    integrationsApi = new sdk.IntegrationsApi();
  });
  afterAll(async () => {
    await genesys.stop();
    await new Promise<void>((resolve) => endpoint.close(() => resolve()));
  });

  it('runs the whole lifecycle through the SDK', async () => {
    // Login (client credentials, HTTP Basic) through the login gateway path.
    const auth = await client.loginClientCredentialsGrant(DEFAULT_DEV_CLIENT.clientId, DEFAULT_DEV_CLIENT.clientSecret);
    expect(auth.accessToken).toEqual(expect.any(String));
    expect(auth.tokenExpiryTime).toBeGreaterThan(Date.now() + 86_000_000);

    // Integration types, integration (created DISABLED, then enabled).
    const types: platformClient.Models.IntegrationTypeEntityListing = await integrationsApi.getIntegrationsTypes({ pageSize: 100 });
    expect(types.entities?.map((t) => t.id)).toEqual(expect.arrayContaining(['custom-rest-actions', 'aws-lambda-data-actions']));
    const integration: platformClient.Models.Integration = await integrationsApi.postIntegrations({
      body: { name: 'Customer API', integrationType: { id: 'custom-rest-actions' } },
    });
    expect(integration).toMatchObject({ name: 'Customer API', intendedState: 'DISABLED', integrationType: { id: 'custom-rest-actions' } });
    const integrationId = integration.id!;
    const enabled = await integrationsApi.patchIntegration(integrationId, { body: { intendedState: 'ENABLED' } });
    expect(enabled.intendedState).toBe('ENABLED');
    const integrations: platformClient.Models.IntegrationEntityListing = await integrationsApi.getIntegrations({ integrationType: 'custom-rest-actions' });
    expect(integrations.entities?.map((i) => i.id)).toEqual([integrationId]);
    const withConfig = await integrationsApi.getIntegration(integrationId, { expand: ['config'] });
    expect(withConfig.config?.current?.name).toBe('Customer API');

    // Credential (write-only fields) and the integration's configuration.
    const credential: platformClient.Models.CredentialInfo = await integrationsApi.postIntegrationsCredentials({
      body: { name: 'Customer API basic auth', type: { name: 'basicAuth' }, credentialFields: { userName: 'genesys', password: 'sdk-secret' } },
    });
    expect(credential).toMatchObject({ name: 'Customer API basic auth', type: { name: 'basicAuth' } });
    const readCredential: platformClient.Models.Credential = await integrationsApi.getIntegrationsCredential(credential.id!);
    expect(readCredential.type.name).toBe('basicAuth');
    expect(readCredential.credentialFields).toBeUndefined();
    const rotated = await integrationsApi.putIntegrationsCredential(credential.id!, {
      body: { name: 'Customer API basic auth', type: { name: 'basicAuth' }, credentialFields: { userName: 'genesys', password: 'rotated-secret' } },
    });
    expect(rotated.id).toBe(credential.id);
    const credentials: platformClient.Models.CredentialInfoListing = await integrationsApi.getIntegrationsCredentials();
    expect(credentials.entities?.map((c) => c.id)).toEqual([credential.id]);
    const config: platformClient.Models.IntegrationConfiguration = await integrationsApi.getIntegrationConfigCurrent(integrationId);
    expect(config.version).toBe(1);
    const newConfig = await integrationsApi.putIntegrationConfigCurrent(integrationId, {
      body: { ...config, credentials: { basicAuth: { id: credential.id! } } },
    });
    expect(newConfig).toMatchObject({ version: 2, credentials: { basicAuth: { id: credential.id } } });

    // Create (published), then read it back the way Terraform does.
    const body = actionBody(integrationId) as platformClient.Models.PostActionInput;
    body.config.request!.requestUrlTemplate = `${endpointUrl}/customers/\${input.customerId}`;
    // Not a JSON text: the SDK's axios would parse a JSON-looking template into an object (as against Genesys).
    body.config.request!.requestTemplate = '#set($id = $input.customerId){"id": "$id"}';
    const created: platformClient.Models.Action = await integrationsApi.postIntegrationsActions(body);
    expect(created).toMatchObject({ name: 'Customer lookup', integrationId, version: 1, secure: false });
    const actionId = created.id!;
    const read: platformClient.Models.Action = await integrationsApi.getIntegrationsAction(actionId, { expand: 'contract', includeConfig: true });
    expect(read.contract?.input?.inputSchema?.properties).toEqual({ customerId: { type: 'string' } });
    expect(read.config?.timeoutSeconds).toBe(10);
    expect(read.config?.request?.requestTemplateUri).toBe(`/api/v2/integrations/actions/${actionId}/templates/requesttemplate.vm`);
    const template: string = await integrationsApi.getIntegrationsActionTemplate(actionId, 'requesttemplate.vm');
    expect(template).toBe('#set($id = $input.customerId){"id": "$id"}');

    // PATCH with the current version; a stale version is rejected with Genesys's ErrorBody.
    const patched = await integrationsApi.patchIntegrationsAction(actionId, { name: 'Customer lookup v2', version: read.version! });
    expect(patched).toMatchObject({ name: 'Customer lookup v2', version: 2 });
    const stale = await rejection(integrationsApi.patchIntegrationsAction(actionId, { name: 'late', version: 1 }));
    expect(stale).toMatchObject({ status: 409, code: 'conflict', contextId: expect.any(String) });

    // Drafts: from the action, update, validate, publish with version.
    const draft: platformClient.Models.Action = await integrationsApi.postIntegrationsActionDraft(actionId);
    expect(draft.version).toBe(2);
    const updatedDraft = await integrationsApi.patchIntegrationsActionDraft(actionId, { category: 'Customers', version: draft.version! });
    expect(updatedDraft).toMatchObject({ category: 'Customers', version: 3 });
    const readDraft = await integrationsApi.getIntegrationsActionDraft(actionId, { expand: 'contract', includeConfig: true });
    expect(readDraft.config?.response?.successTemplateUri).toBe(`/api/v2/integrations/actions/${actionId}/draft/templates/successtemplate.vm`);
    const draftTemplate: string = await integrationsApi.getIntegrationsActionDraftTemplate(actionId, 'requesttemplate.vm');
    expect(draftTemplate).toBe(template);
    const drafts: platformClient.Models.ActionEntityListing = await integrationsApi.getIntegrationsActionsDrafts();
    expect(drafts.entities?.map((d) => d.id)).toEqual([actionId]);
    const validation: platformClient.Models.DraftValidationResult = await integrationsApi.getIntegrationsActionDraftValidation(actionId);
    expect(validation).toEqual({ valid: true, errors: [] });
    const staleDraft = await rejection(integrationsApi.postIntegrationsActionDraftPublish(actionId, { version: 2 }));
    expect(staleDraft).toMatchObject({ status: 400, code: 'bad.request' });
    const published = await integrationsApi.postIntegrationsActionDraftPublish(actionId, { version: 3 });
    expect(published).toMatchObject({ id: actionId, category: 'Customers', version: 3 });

    // A new action as a draft, then published.
    const newDraft = await integrationsApi.postIntegrationsActionsDrafts({ ...body, name: 'Drafted lookup' });
    expect(newDraft.name).toBe('Drafted lookup');
    const newPublished = await integrationsApi.postIntegrationsActionDraftPublish(newDraft.id!, { version: newDraft.version! });
    expect(newPublished.version).toBe(1);

    // Test and execute against a real endpoint on 127.0.0.1.
    const tested: platformClient.Models.TestExecutionResult = await integrationsApi.postIntegrationsActionTest(actionId, { customerId: 'c-42' });
    expect(tested.success).toBe(true);
    expect(tested.finalResult).toEqual({ name: 'Ada Lovelace' });
    expect(tested.operations?.[0]).toMatchObject({ step: 1, success: true, name: expect.any(String) });
    const draftTested = await integrationsApi.postIntegrationsActionDraftTest(
      (await integrationsApi.postIntegrationsActionDraft(newDraft.id!)).id!,
      { customerId: 'c-43' },
      { flatten: true },
    );
    expect(draftTested.success).toBe(true);
    const executed = await integrationsApi.postIntegrationsActionExecute(actionId, { customerId: 'c-42' }, { flatten: false });
    expect(executed).toEqual({ name: 'Ada Lovelace' });

    // List with paging.
    const listing: platformClient.Models.ActionEntityListing = await integrationsApi.getIntegrationsActions({ pageSize: 1, pageNumber: 1, includeConfig: true });
    expect(listing).toMatchObject({ pageSize: 1, pageNumber: 1, total: 2, pageCount: 2 });
    expect(listing.entities?.[0]?.config?.request?.requestType).toBe('POST');
    expect(listing.nextUri).toBe('/api/v2/integrations/actions?pageSize=1&pageNumber=2&includeConfig=true');

    // Delete: the action, then it is a 404 through the SDK too; the credential; the integration.
    await integrationsApi.deleteIntegrationsAction(actionId);
    const gone = await rejection(integrationsApi.getIntegrationsAction(actionId));
    expect(gone).toMatchObject({ status: 404, code: 'not.found' });
    await integrationsApi.deleteIntegrationsActionDraft(newDraft.id!);
    await integrationsApi.deleteIntegrationsCredential(credential.id!);
    const deleted: platformClient.Models.Integration = await integrationsApi.deleteIntegration(integrationId);
    expect(deleted.id).toBe(integrationId);
    expect(genesys.state().integrations).toHaveLength(0);
  });

  it('rejects SDK calls with an expired token with 401 and Genesys ErrorBody', async () => {
    await client.loginClientCredentialsGrant(DEFAULT_DEV_CLIENT.clientId, DEFAULT_DEV_CLIENT.clientSecret);
    genesys.expireAllTokens();
    const error = await rejection(integrationsApi.getIntegrationsActions());
    expect(error).toMatchObject({ status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' });
    const badLogin = await rejection(client.loginClientCredentialsGrant(DEFAULT_DEV_CLIENT.clientId, 'wrong'));
    expect(badLogin).toMatchObject({ response: { status: 401, data: { error: 'invalid_client' } } });
  });
});
