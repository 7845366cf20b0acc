import { ActionErrorCode, ActionExecutionError, renderRequest, type ActionDefinition } from '../../tools/emulator/index.js';

const definition = (request: Partial<ActionDefinition['config']['request']>): ActionDefinition => ({
  name: 'Render me',
  config: { request: { requestUrlTemplate: 'https://api.example.com/items/${input.id}', requestType: 'POST', ...request } },
  contract: { input: { inputSchema: { type: 'object' } }, output: { successSchema: { type: 'object' } } },
});

describe('renderRequest (step 1 alone)', () => {
  it('returns the request as it would go on the wire', () => {
    const rendered = renderRequest(
      definition({ headers: { 'X-Key': '${credentials.key}' }, requestTemplate: '{"id": "${input.id}"}' }),
      { id: 'i-1' },
      { organizationId: 'org-1', correlationId: 'corr-1', credentials: { type: 'userDefined', fields: { key: 'k-1' } } },
    );
    expect(rendered).toEqual({
      url: 'https://api.example.com/items/i-1',
      method: 'POST',
      headers: {
        'X-Key': 'k-1',
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'ININ-Correlation-Id': 'corr-1',
        'ININ-Organization-Id': 'org-1',
        'ININ-Home-Organization-Id': 'org-1',
      },
      body: '{"id": "i-1"}',
    });
  });

  it('has no body for GET and DELETE, whatever the request template says', () => {
    for (const requestType of ['GET', 'DELETE'] as const) {
      const rendered = renderRequest(definition({ requestType, requestTemplate: '${input.rawRequest}' }), { id: 'i-1' }, { organizationId: 'o' });
      expect(rendered.body).toBeUndefined();
      expect(rendered.headers['Content-Type']).toBeUndefined();
    }
  });

  it('defaults a missing request template to ${input.rawRequest}', () => {
    expect(renderRequest(definition({}), { id: 'i-1', n: 2 }, { organizationId: 'o' }).body).toBe('{"id":"i-1","n":2}');
  });

  it('throws ActionExecutionError with the code and field for a template error', () => {
    let thrown: unknown;
    try {
      renderRequest(definition({ headers: { 'X-Broken': '${input.id' } }), {}, { organizationId: 'o' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ActionExecutionError);
    expect(thrown).toMatchObject({ code: ActionErrorCode.TEMPLATE, fieldName: 'headers.X-Broken' });
  });

  it('refuses a request type Genesys does not have', () => {
    expect(() => renderRequest(definition({ requestType: 'HEAD' as 'GET' }), {}, { organizationId: 'o' })).toThrow(
      'requestType must be one of GET, PUT, POST, PATCH, DELETE (got HEAD)',
    );
  });

  it('refuses a definition without the request configuration Genesys requires', () => {
    const broken = { name: 'x', config: {}, contract: definition({}).contract } as unknown as ActionDefinition;
    expect(() => renderRequest(broken, {}, { organizationId: 'o' })).toThrow(expect.objectContaining({ code: ActionErrorCode.CONFIGURATION, fieldName: 'config.request' }));
    expect(() => renderRequest(definition({ headers: { 'X-N': 5 as unknown as string } }), {}, { organizationId: 'o' })).toThrow('headers must map header names to strings');
  });
});
