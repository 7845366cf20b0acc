/**
 * `/test`, `/draft/test` and `/execute` run the action in the execution emulator against a real HTTP
 * endpoint on 127.0.0.1, with the credential of the action's integration and the request's correlation id;
 * `aws-lambda-data-actions` actions go to the pluggable Lambda invoker.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalGenesysCloud } from '../../tools/genesys-cloud-local/index.js';
import { actionBody, api, expectErrorBody, login, startGenesys } from './support.js';

const ACTIONS = '/api/v2/integrations/actions';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('action execution', () => {
  let endpoint: Server;
  let endpointUrl: string;
  const received: Received[] = [];
  let genesys: LocalGenesysCloud;
  let token: string;
  let integrationId: string;

  beforeAll(async () => {
    endpoint = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url?.startsWith('/fail')) {
          res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"boom"}');
          return;
        }
        const id = req.url!.split('/').pop();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id, name: 'Ada Lovelace', tier: 'gold' }));
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
    genesys = await startGenesys();
    token = await login(genesys.url);
    integrationId = genesys.provisionIntegration({
      name: 'Customer API',
      credential: { type: 'basicAuth', fields: { userName: 'genesys', password: 'not-in-any-output' } },
    }).integrationId;
  });
  afterAll(async () => {
    await genesys.stop();
    await new Promise<void>((resolve) => endpoint.close(() => resolve()));
  });

  const createAction = async (integration: string, path = '/customers/${input.customerId}') => {
    const body = actionBody(integration);
    body.config.request.requestUrlTemplate = `${endpointUrl}${path}`;
    const created = await api(genesys.url, token, 'POST', ACTIONS, body);
    expect(created.status).toBe(200);
    return created.body.id as string;
  };

  it('executes a published action: the endpoint gets the rendered request, Genesys headers and the basic-auth credential', async () => {
    const id = await createAction(integrationId);
    received.length = 0;
    const result = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/execute`, { customerId: 'c-42' });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ name: 'Ada Lovelace' });
    expect(received).toHaveLength(1);
    const call = received[0]!;
    expect(call).toMatchObject({ method: 'POST', url: '/customers/c-42', body: '{"id": "c-42"}' });
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from('genesys:not-in-any-output').toString('base64')}`);
    expect(call.headers['inin-organization-id']).toBe(genesys.organizationId);
    expect(call.headers['inin-correlation-id']).toBe(result.headers.get('inin-correlation-id'));
  });

  it('tests a published action step by step (TestExecutionResult) without showing the credential', async () => {
    const id = await createAction(integrationId);
    const result = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/test`, { customerId: 'c-7' });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ success: true, finalResult: { name: 'Ada Lovelace' } });
    expect(result.body.operations.map((o: any) => o.step)).toEqual(result.body.operations.map((_: unknown, i: number) => i + 1));
    expect(result.body.operations.every((o: any) => o.success === true && typeof o.name === 'string')).toBe(true);
    expect(result.text).not.toContain('not-in-any-output');
  });

  it('reports a failing endpoint: /test is a 200 with success false, /execute is an ErrorBody with the execution contextId', async () => {
    const id = await createAction(integrationId, '/fail/${input.customerId}');
    const tested = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/test`, { customerId: 'c-1' });
    expect(tested.status).toBe(200);
    expect(tested.body.success).toBe(false);
    expect(tested.body.error.code).toBe('ACTION.REMOTE_ENDPOINT');
    expect(tested.body.operations.at(-1)).toMatchObject({ success: false });

    const executed = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/execute`, { customerId: 'c-1' });
    expect(executed.status).toBeGreaterThanOrEqual(400);
    expect(executed.body).toMatchObject({ code: 'ACTION.REMOTE_ENDPOINT', status: executed.status });
    expect(executed.body.contextId).toBe(executed.headers.get('inin-correlation-id'));
    expect(executed.body.details).toContainEqual(expect.objectContaining({ errorCode: 'ACTION.REMOTE_ENDPOINT' }));
  });

  it('tests a draft, and refuses to test an invalid one', async () => {
    const body = actionBody(integrationId);
    body.config.request.requestUrlTemplate = `${endpointUrl}/customers/\${input.customerId}`;
    const draft = (await api(genesys.url, token, 'POST', `${ACTIONS}/drafts`, body)).body.id as string;
    const tested = await api(genesys.url, token, 'POST', `${ACTIONS}/${draft}/draft/test`, { customerId: 'd-1' });
    expect(tested.body).toMatchObject({ success: true, finalResult: { name: 'Ada Lovelace' } });
    await api(genesys.url, token, 'PATCH', `${ACTIONS}/${draft}/draft`, { version: 1, config: { ...body.config, timeoutSeconds: 0 } });
    expectErrorBody(await api(genesys.url, token, 'POST', `${ACTIONS}/${draft}/draft/test`, { customerId: 'd-1' }), 400, 'bad.request');
    expectErrorBody(await api(genesys.url, token, 'POST', `${ACTIONS}/${draft}/test`, { customerId: 'd-1' }), 404, 'not.found');
  });

  it('passes ?flatten=true to the emulator, which flattens the output for Architect', async () => {
    const body = actionBody(integrationId, {
      contract: {
        input: actionBody(integrationId).contract.input,
        output: { successSchema: { type: 'object', properties: { customer: { type: 'object', properties: { name: { type: 'string' } } } } } },
      },
    });
    body.config.request.requestUrlTemplate = `${endpointUrl}/customers/\${input.customerId}`;
    body.config.response = { translationMap: {}, translationMapDefaults: {}, successTemplate: '{"customer": {"name": "Ada"}}' };
    const id = (await api(genesys.url, token, 'POST', ACTIONS, body)).body.id as string;
    const nested = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/execute`, { customerId: 'x' });
    const flat = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/execute?flatten=true`, { customerId: 'x' });
    expect(nested.body).toEqual({ customer: { name: 'Ada' } });
    expect(flat.status).toBe(200);
    expect(flat.body).toEqual({ 'customer.name': 'Ada' });
  });

  it('refuses to run an action of a disabled integration, or an input that is not an object', async () => {
    const disabled = genesys.provisionIntegration({ name: 'Off', enabled: false }).integrationId;
    const id = await createAction(disabled);
    const result = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/execute`, { customerId: 'c-1' });
    expectErrorBody(result, 400, 'bad.request');
    expect(result.body.details).toEqual([{ errorCode: 'integration.disabled', fieldName: 'integrationId' }]);
    const enabledId = await createAction(integrationId);
    expectErrorBody(await api(genesys.url, token, 'POST', `${ACTIONS}/${enabledId}/execute`, ['c-1']), 400, 'bad.request');
  });

  it('refuses plain-http endpoints when allowInsecureHttpEndpoints is false, as Genesys does', async () => {
    const strict = await startGenesys({ allowInsecureHttpEndpoints: false });
    try {
      const t = await login(strict.url);
      const integration = strict.provisionIntegration({ name: 'Strict' }).integrationId;
      const body = actionBody(integration);
      body.config.request.requestUrlTemplate = `${endpointUrl}/customers/\${input.customerId}`;
      const id = (await api(strict.url, t, 'POST', ACTIONS, body)).body.id as string;
      const result = await api(strict.url, t, 'POST', `${ACTIONS}/${id}/test`, { customerId: 'c-1' });
      expect(result.body).toMatchObject({ success: false, error: { code: 'ACTION.CONFIGURATION' } });
    } finally {
      await strict.stop();
    }
  });
});

describe('aws-lambda-data-actions execution', () => {
  const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:customer-lookup';
  const lambdaBody = (integrationId: string) => {
    const body = actionBody(integrationId);
    body.config.request = { requestUrlTemplate: ARN, requestType: 'POST', headers: {}, requestTemplate: '{"customerId": "${input.customerId}"}' };
    return body;
  };

  it('answers a clear 400 when no lambdaInvoker is configured', async () => {
    const genesys = await startGenesys();
    try {
      const token = await login(genesys.url);
      const integration = genesys.provisionIntegration({ name: 'Lambda', typeId: 'aws-lambda-data-actions' }).integrationId;
      const id = (await api(genesys.url, token, 'POST', ACTIONS, lambdaBody(integration))).body.id as string;
      const result = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/execute`, { customerId: 'c-1' });
      expectErrorBody(result, 400, 'lambda.invoker.not.configured');
      expect(result.body.message).toContain('lambdaInvoker');
    } finally {
      await genesys.stop();
    }
  });

  it('hands the function ARN and the rendered event to lambdaInvoker, and maps its result', async () => {
    const calls: { arn: string; event: unknown }[] = [];
    const genesys = await startGenesys({
      allowInsecureHttpEndpoints: false,
      lambdaInvoker: async (arn, event) => {
        calls.push({ arn, event });
        if ((event as { customerId: string }).customerId === 'explode') throw new Error('function crashed');
        return { name: 'Grace Hopper' };
      },
    });
    try {
      const token = await login(genesys.url);
      const integration = genesys.provisionIntegration({
        name: 'Lambda',
        typeId: 'aws-lambda-data-actions',
        credential: { type: 'amazonWebServicesARN', fields: { ARN: 'arn:aws:iam::123456789012:role/genesys' } },
      }).integrationId;
      const id = (await api(genesys.url, token, 'POST', ACTIONS, lambdaBody(integration))).body.id as string;
      const result = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/execute`, { customerId: 'c-9' });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ name: 'Grace Hopper' });
      expect(calls).toEqual([{ arn: ARN, event: { customerId: 'c-9' } }]);
      const failed = await api(genesys.url, token, 'POST', `${ACTIONS}/${id}/execute`, { customerId: 'explode' });
      expect(failed.body.code).toBe('ACTION.REMOTE_ENDPOINT');
    } finally {
      await genesys.stop();
    }
  });
});
