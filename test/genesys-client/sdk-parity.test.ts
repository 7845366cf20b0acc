/**
 * Every endpoint of the client sends exactly what the official SDK (purecloud-platform-client-v2, its
 * IntegrationsApi.js) sends for the same call: method, path, query, body, Accept. Both drive the same
 * recording stub; the SDK is the yardstick, so a local Genesys built to the real API understands us.
 */
import platformClientModule from 'purecloud-platform-client-v2';
import { GenesysClient } from '../../lambda/genesys-client/index.js';
import type { Credential, IntegrationConfiguration, PostActionInput } from '../../lambda/genesys-client/index.js';
import { GenesysApiStub, type RecordedRequest } from '../support/genesys-api-stub.js';

type SdkMethod = (...args: unknown[]) => Promise<unknown>;
interface Sdk {
  ApiClient: {
    instance: {
      config: { live_reload_config: boolean };
      setGateway(gateway: { host: string; protocol: string; port: number }): void;
      loginClientCredentialsGrant(clientId: string, clientSecret: string): Promise<unknown>;
    };
  };
  IntegrationsApi: new (apiClient: unknown) => Record<string, SdkMethod>;
}
const platformClient = platformClientModule as unknown as Sdk;

const NEW_ACTION: PostActionInput = {
  name: 'customer-lookup',
  category: 'Data Actions on AWS',
  integrationId: 'int-1',
  secure: true,
  config: {
    timeoutSeconds: 8,
    request: {
      requestUrlTemplate: 'https://api.example.com/prod/actions/customer-lookup',
      requestType: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Basic ${credentials.encoded}' },
      requestTemplate: '${input.rawRequest}',
    },
    response: { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
  },
  contract: {
    input: { inputSchema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: { customer_id: { type: 'string' } }, additionalProperties: false } },
    output: { successSchema: { type: 'object', properties: { data: { type: 'object' } } } },
  },
};
const CONFIG_PATCH = { timeoutSeconds: 10, request: NEW_ACTION.config.request, response: NEW_ACTION.config.response };
const INPUT = { customer_id: 'cust_1' };
const INTEGRATION_CONFIG: IntegrationConfiguration = {
  name: 'Data Actions on AWS',
  version: 2,
  properties: {},
  advanced: {},
  notes: '',
  credentials: { basicAuth: { id: 'cred-1' } },
};
const CREDENTIAL: Credential = {
  name: 'data-actions-inbound',
  type: { name: 'basicAuth' },
  credentialFields: { userName: 'genesys', password: 'not-a-real-password' },
};
const ODD_ID = 'a b/c?d';

type Case = [string, (sdk: Record<string, SdkMethod>) => Promise<unknown>, (client: GenesysClient) => Promise<unknown>];
const CASES: Case[] = [
  ['create action', (s) => s.postIntegrationsActions!(NEW_ACTION), (c) => c.actions.create(NEW_ACTION)],
  [
    'list actions',
    (s) => s.getIntegrationsActions!({ pageSize: 50, pageNumber: 2, sortBy: 'name', sortOrder: 'desc', category: 'Web', name: 'look', ids: 'a1,a2', secure: 'true', includeAuthActions: 'false', includeConfig: true }),
    (c) => c.actions.list({ pageSize: 50, pageNumber: 2, sortBy: 'name', sortOrder: 'desc', category: 'Web', name: 'look', ids: 'a1,a2', secure: true, includeAuthActions: false, includeConfig: true }),
  ],
  ['get action (default expand=contract&includeConfig=true)', (s) => s.getIntegrationsAction!('a1', { expand: 'contract', includeConfig: true }), (c) => c.actions.get('a1')],
  ['get action flattened', (s) => s.getIntegrationsAction!('a1', { expand: 'contract', includeConfig: true, flatten: true }), (c) => c.actions.get('a1', { flatten: true })],
  ['get action, id needing encoding', (s) => s.getIntegrationsAction!(ODD_ID, { expand: 'contract', includeConfig: true }), (c) => c.actions.get(ODD_ID)],
  ['patch action with version', (s) => s.patchIntegrationsAction!('a1', { version: 3, name: 'renamed', category: 'Web', config: CONFIG_PATCH }), (c) => c.actions.patch('a1', { version: 3, name: 'renamed', category: 'Web', config: CONFIG_PATCH })],
  ['delete action', (s) => s.deleteIntegrationsAction!('a1'), (c) => c.actions.delete('a1')],
  ['test action flatten=true', (s) => s.postIntegrationsActionTest!('a1', INPUT, { flatten: true }), (c) => c.actions.test('a1', INPUT, { flatten: true })],
  ['test action without flatten', (s) => s.postIntegrationsActionTest!('a1', INPUT), (c) => c.actions.test('a1', INPUT)],
  ['execute action flatten=false', (s) => s.postIntegrationsActionExecute!('a1', INPUT, { flatten: false }), (c) => c.actions.execute('a1', INPUT, { flatten: false })],
  ['execute action without flatten', (s) => s.postIntegrationsActionExecute!('a1', INPUT), (c) => c.actions.execute('a1', INPUT)],
  ['request template', (s) => s.getIntegrationsActionTemplate!('a1', 'requesttemplate.vm'), (c) => c.actions.getTemplate('a1', 'requesttemplate.vm')],
  ['success template', (s) => s.getIntegrationsActionTemplate!('a1', 'successtemplate.vm'), (c) => c.actions.getTemplate('a1', 'successtemplate.vm')],
  ['create draft', (s) => s.postIntegrationsActionsDrafts!(NEW_ACTION), (c) => c.drafts.create(NEW_ACTION)],
  ['create draft from action', (s) => s.postIntegrationsActionDraft!('a1'), (c) => c.drafts.createFromAction('a1')],
  ['list drafts', (s) => s.getIntegrationsActionsDrafts!({ pageSize: 10, name: 'x' }), (c) => c.drafts.list({ pageSize: 10, name: 'x' })],
  ['get draft', (s) => s.getIntegrationsActionDraft!('a1', { expand: 'contract', includeConfig: true }), (c) => c.drafts.get('a1')],
  ['patch draft with version', (s) => s.patchIntegrationsActionDraft!('a1', { version: 4, contract: NEW_ACTION.contract, secure: false }), (c) => c.drafts.patch('a1', { version: 4, contract: NEW_ACTION.contract, secure: false })],
  ['delete draft', (s) => s.deleteIntegrationsActionDraft!('a1'), (c) => c.drafts.delete('a1')],
  ['validate draft', (s) => s.getIntegrationsActionDraftValidation!('a1'), (c) => c.drafts.validate('a1')],
  ['publish draft {version}', (s) => s.postIntegrationsActionDraftPublish!('a1', { version: 5 }), (c) => c.drafts.publish('a1', { version: 5 })],
  ['test draft flatten=true', (s) => s.postIntegrationsActionDraftTest!('a1', INPUT, { flatten: true }), (c) => c.drafts.test('a1', INPUT, { flatten: true })],
  ['draft request template', (s) => s.getIntegrationsActionDraftTemplate!('a1', 'requesttemplate.vm'), (c) => c.drafts.getTemplate('a1', 'requesttemplate.vm')],
  [
    'list integrations with paging and filters',
    (s) => s.getIntegrations!({ pageSize: 100, pageNumber: 1, expand: ['config.current'], ids: ['i1', 'i2'], integrationType: 'custom-rest-actions', reportedState: 'ACTIVE' }),
    (c) => c.integrations.list({ pageSize: 100, pageNumber: 1, expand: ['config.current'], ids: ['i1', 'i2'], integrationType: 'custom-rest-actions', reportedState: 'ACTIVE' }),
  ],
  ['get integration', (s) => s.getIntegration!('i1', { expand: ['config.current'] }), (c) => c.integrations.get('i1', { expand: ['config.current'] })],
  ['create integration', (s) => s.postIntegrations!({ body: { name: 'Data Actions on AWS', integrationType: { id: 'custom-rest-actions' } } }), (c) => c.integrations.create({ name: 'Data Actions on AWS', integrationType: { id: 'custom-rest-actions' } })],
  ['patch integration intendedState', (s) => s.patchIntegration!('i1', { body: { intendedState: 'ENABLED' } }), (c) => c.integrations.patch('i1', { intendedState: 'ENABLED' })],
  ['delete integration', (s) => s.deleteIntegration!('i1'), (c) => c.integrations.delete('i1')],
  ['get integration config', (s) => s.getIntegrationConfigCurrent!('i1'), (c) => c.integrations.getConfig('i1')],
  ['update integration config', (s) => s.putIntegrationConfigCurrent!('i1', { body: INTEGRATION_CONFIG }), (c) => c.integrations.updateConfig('i1', INTEGRATION_CONFIG)],
  ['create credential', (s) => s.postIntegrationsCredentials!({ body: CREDENTIAL }), (c) => c.credentials.create(CREDENTIAL)],
  ['list credentials', (s) => s.getIntegrationsCredentials!({ pageNumber: 2, pageSize: 25 }), (c) => c.credentials.list({ pageNumber: 2, pageSize: 25 })],
  ['get credential', (s) => s.getIntegrationsCredential!('cred-1'), (c) => c.credentials.get('cred-1')],
  ['update credential', (s) => s.putIntegrationsCredential!('cred-1', { body: CREDENTIAL }), (c) => c.credentials.update('cred-1', CREDENTIAL)],
  ['delete credential', (s) => s.deleteIntegrationsCredential!('cred-1'), (c) => c.credentials.delete('cred-1')],
];

/** What must agree: the request as Genesys sees it. */
function onTheWire(request: RecordedRequest) {
  return {
    method: request.method,
    path: request.path,
    query: Object.entries(request.query).sort(([a], [b]) => a.localeCompare(b)),
    body: request.body === '' ? undefined : JSON.parse(request.body),
    contentType: request.body === '' ? undefined : request.headers['content-type'],
    accept: request.headers.accept,
  };
}

describe('Genesys client sends what the official SDK sends', () => {
  let stub: GenesysApiStub;
  let sdkApi: Record<string, SdkMethod>;
  let client: GenesysClient;

  beforeAll(async () => {
    stub = await GenesysApiStub.start();
    const apiClient = platformClient.ApiClient.instance;
    apiClient.config.live_reload_config = false;
    apiClient.setGateway({ host: '127.0.0.1', protocol: 'http', port: Number(new URL(stub.baseUrl).port) });
    await apiClient.loginClientCredentialsGrant(stub.clientId, stub.clientSecret);
    sdkApi = new platformClient.IntegrationsApi(apiClient);
    client = new GenesysClient({ ...stub.clientOptions(), requestsPerMinute: Number.POSITIVE_INFINITY });
  });
  afterAll(() => stub.close());

  const exercised = new Set<string>();
  /** The client, recording which `group.method` each case calls. */
  const recording = (): GenesysClient =>
    new Proxy(client, {
      get: (target, group: string) =>
        new Proxy(Reflect.get(target, group) as object, {
          get: (api, method: string) => {
            exercised.add(`${group}.${method}`);
            const value = Reflect.get(api, method) as unknown;
            return typeof value === 'function' ? value.bind(api) : value;
          },
        }),
    });

  it.each(CASES)('%s', async (_name, viaSdk, viaClient) => {
    stub.reset();
    await viaSdk(sdkApi);
    await viaClient(recording());
    expect(stub.requests).toHaveLength(2);
    const [sdk, ours] = stub.requests as [RecordedRequest, RecordedRequest];
    expect(onTheWire(ours)).toEqual(onTheWire(sdk));
  });

  it('the cases above cover every endpoint method of the client', () => {
    const groups = { actions: client.actions, drafts: client.drafts, integrations: client.integrations, credentials: client.credentials };
    const methods = Object.entries(groups).flatMap(([group, api]) =>
      Object.getOwnPropertyNames(Object.getPrototypeOf(api))
        .filter((name) => name !== 'constructor' && name !== 'iterate') // iterate pages through `list`
        .map((name) => `${group}.${name}`),
    );
    expect(methods.length).toBeGreaterThan(25);
    expect(methods.filter((method) => !exercised.has(method))).toEqual([]);
  });
});
