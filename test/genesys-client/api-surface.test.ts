import { GenesysClient, type Action } from '../../lambda/genesys-client/index.js';
import { GenesysApiStub, type RecordedRequest } from '../support/genesys-api-stub.js';

describe('Genesys client API surface', () => {
  let stub: GenesysApiStub;
  let genesys: GenesysClient;

  beforeAll(async () => {
    stub = await GenesysApiStub.start();
    genesys = new GenesysClient({ ...stub.clientOptions(), requestsPerMinute: Number.POSITIVE_INFINITY });
  });
  beforeEach(() => stub.reset());
  afterAll(() => stub.close());

  it('iterate() walks every page of actions lazily, keeping the filters', async () => {
    const pages: Action[][] = [[{ id: '1' }, { id: '2' }], [{ id: '3' }, { id: '4' }], [{ id: '5' }]];
    stub.defaultReply = (req: RecordedRequest) => {
      const pageNumber = Number(req.query.pageNumber);
      return { body: { entities: pages[pageNumber - 1], pageNumber, pageSize: 2, pageCount: 3, total: 5 } };
    };
    const ids: string[] = [];
    for await (const action of genesys.actions.iterate({ pageSize: 2, category: 'Web' })) ids.push(action.id!);
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
    expect(stub.requests.map((r) => r.query)).toEqual([1, 2, 3].map((n) => ({ pageSize: '2', category: 'Web', pageNumber: String(n) })));

    stub.reset();
    stub.defaultReply = { body: { entities: [{ id: 'x' }, { id: 'y' }], pageSize: 2, pageCount: 50 } };
    for await (const action of genesys.integrations.iterate({ integrationType: 'custom-rest-actions' })) {
      if (action.id === 'x') break;
    }
    expect(stub.requests).toHaveLength(1); // stopped early: no further page fetched
  });

  it('iterate() stops on an empty page when pageCount is missing', async () => {
    stub.defaultReply = (req: RecordedRequest) => ({
      body: { entities: req.query.pageNumber === '1' ? [{ id: 'only' }] : [], pageSize: 1 },
    });
    const all = [];
    for await (const integration of genesys.integrations.iterate()) all.push(integration);
    expect(all).toEqual([{ id: 'only' }]);
    expect(stub.requests).toHaveLength(2);
  });

  it('templates come back as the raw text, even when the text looks like JSON', async () => {
    const template = '{"customer": ${customer}, "found": true}';
    stub.script('GET', '/api/v2/integrations/actions/a1/templates/successtemplate.vm', { body: template });
    stub.script('GET', '/api/v2/integrations/actions/a1/draft/templates/requesttemplate.vm', { body: '{"a": 1}' });
    await expect(genesys.actions.getTemplate('a1', 'successtemplate.vm')).resolves.toBe(template);
    await expect(genesys.drafts.getTemplate('a1', 'requesttemplate.vm')).resolves.toBe('{"a": 1}');
  });

  it('deletes resolve to undefined on 204 No Content, and a 404 is recognisable', async () => {
    stub.script('DELETE', '/api/v2/integrations/actions/a1', { status: 204 }, { status: 404, body: { code: 'not.found', status: 404, message: 'gone' } });
    await expect(genesys.actions.delete('a1')).resolves.toBeUndefined();
    await expect(genesys.actions.delete('a1')).rejects.toMatchObject({ status: 404, isNotFound: true });
  });

  it('responses are returned as Genesys sent them', async () => {
    const result = { operations: [{ step: 1, name: 'Resolve request', success: true, result: {} }], finalResult: { ok: true }, success: true };
    stub.script('POST', '/api/v2/integrations/actions/a1/test', { body: result });
    await expect(genesys.actions.test('a1', { id: 'x' })).resolves.toEqual(result);
  });

  it('an empty id is refused before any request', async () => {
    await expect(genesys.actions.get('')).rejects.toThrow(/missing the required parameter 'actionId'/);
    expect(stub.requests).toHaveLength(0);
  });

  it('validates its options up front', () => {
    const base = stub.clientOptions();
    expect(() => new GenesysClient({ ...base, clientSecret: '' })).toThrow(/clientSecret/);
    expect(() => new GenesysClient({ ...base, clientId: ' ' })).toThrow(/clientId/);
    expect(() => new GenesysClient({ ...base, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new GenesysClient({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new GenesysClient({ ...base, retryAfterCapMs: Number.NaN })).toThrow(/retryAfterCapMs/);
  });
});
