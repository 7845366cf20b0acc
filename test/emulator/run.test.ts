/**
 * The emulator end to end against a real HTTP endpoint on 127.0.0.1: each Genesys rule, and each failure
 * mode at its step with its code.
 */
import {
  ActionErrorCode,
  executeAction,
  redirectToOrigin,
  runAction,
  StepName,
  type ActionDefinition,
  type ExecutionContext,
  type TestExecutionResult,
} from '../../tools/emulator/index.js';
import { json, startLocalEndpoint, text, type LocalEndpoint } from './support/local-endpoint.js';

let endpoint: LocalEndpoint;
beforeAll(async () => {
  endpoint = await startLocalEndpoint();
});
afterAll(() => endpoint.close());
beforeEach(() => {
  endpoint.received.length = 0;
  endpoint.respondWith(json({}));
});

const context = (extra: Partial<ExecutionContext> = {}): ExecutionContext => ({ organizationId: 'org-1', allowInsecureHttp: true, ...extra });

function action(overrides: { request?: Partial<ActionDefinition['config']['request']>; response?: ActionDefinition['config']['response']; successSchema?: object; timeoutSeconds?: number } = {}): ActionDefinition {
  return {
    name: 'Lookup customer',
    config: {
      ...(overrides.timeoutSeconds === undefined ? {} : { timeoutSeconds: overrides.timeoutSeconds }),
      request: { requestUrlTemplate: `${endpoint.origin}/customers/$!{input.customerId}`, requestType: 'GET', headers: {}, ...overrides.request },
      response: overrides.response ?? { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
    },
    contract: {
      input: { inputSchema: { type: 'object', properties: { customerId: { type: 'string' } } } },
      output: { successSchema: overrides.successSchema ?? { type: 'object' } },
    },
  };
}

const names = (result: TestExecutionResult) => result.operations.map((op) => `${op.step}. ${op.name}${op.success ? '' : ' ✗'}`);
const failedStep = (result: TestExecutionResult) => result.operations.find((op) => !op.success);

describe('a successful run', () => {
  it('reports the numbered steps of the test pane and the final result', async () => {
    endpoint.respondWith(json({ customer: { name: 'Ada', tier: 'gold' } }));
    const definition = action({
      response: { translationMap: { name: '$.customer.name' }, successTemplate: '{"name": ${name}, "tier": "gold"}' },
      successSchema: { type: 'object', properties: { name: { type: 'string' }, tier: { type: 'string' } }, required: ['name'] },
    });
    const result = await runAction(definition, { customerId: 'c-1' }, context());
    expect(result.success).toBe(true);
    expect(result.error).toBeUndefined();
    expect(names(result)).toEqual([
      `1. ${StepName.URL}`,
      `2. ${StepName.HEADERS}`,
      `3. ${StepName.BODY}`,
      `4. ${StepName.EXECUTE}`,
      `5. ${StepName.TRANSLATION_MAP}`,
      `6. ${StepName.SUCCESS_TEMPLATE}`,
      `7. ${StepName.VALIDATE}`,
    ]);
    expect(result.operations[0]?.result).toBe(`${endpoint.origin}/customers/c-1`);
    expect(result.operations[3]?.result).toEqual({ customer: { name: 'Ada', tier: 'gold' } });
    expect(result.operations[4]?.result).toEqual({ name: 'Ada' });
    expect(result.finalResult).toEqual({ name: 'Ada', tier: 'gold' });
  });
});

describe('step 1: the request side', () => {
  it('renders input.*, input.rawRequest and credentials.* into the URL, headers and body', async () => {
    const definition = action({
      request: {
        requestType: 'POST',
        requestUrlTemplate: `${endpoint.origin}/c/\${input.customerId}?key=\${credentials.apiKey}`,
        headers: { 'X-Tenant': '${credentials.tenant}' },
        requestTemplate: '{"raw": ${input.rawRequest}, "note": "$esc.jsonString(${input.note})"}',
      },
    });
    const input = { customerId: 'c-1', note: 'say "hi"', missing: null };
    await runAction(definition, input, context({ credentials: { type: 'userDefined', fields: { apiKey: 'k-123456', tenant: 't-9' } } }));
    const [received] = endpoint.received;
    expect(received?.url).toBe('/c/c-1?key=k-123456');
    expect(received?.headers['x-tenant']).toBe('t-9');
    expect(JSON.parse(received?.body ?? '')).toEqual({ raw: input, note: 'say "hi"' });
  });

  it('prints a null input as the reference text and a silent reference as nothing', async () => {
    const definition = action({ request: { requestType: 'PUT', requestTemplate: '{"a": "${input.customerId}", "b": "$!{input.customerId}"}' } });
    await runAction(definition, { customerId: null }, context({}));
    expect(JSON.parse(endpoint.received[0]?.body ?? '')).toEqual({ a: '${input.customerId}', b: '' });
  });

  it('fails a template that does not parse at its step with ACTION.TEMPLATE, before any request', async () => {
    const result = await runAction(action({ request: { requestUrlTemplate: `${endpoint.origin}/\${input.customerId` } }), { customerId: 'c' }, context());
    expect(names(result)).toEqual([`1. ${StepName.URL} ✗`]);
    expect(result.error).toMatchObject({ code: ActionErrorCode.TEMPLATE, status: 400, details: [{ errorCode: ActionErrorCode.TEMPLATE, fieldName: 'requestUrlTemplate' }] });
    expect(result.error?.message).toMatch(/requestUrlTemplate template does not parse: Parse error/);

    const body = await runAction(action({ request: { requestType: 'POST', requestTemplate: '#if(' } }), { customerId: 'c' }, context());
    expect(failedStep(body)?.name).toBe(StepName.BODY);
    expect(body.error?.code).toBe(ActionErrorCode.TEMPLATE);
    expect(endpoint.received).toHaveLength(0);
  });

  it('refuses an Accept header that is not a JSON type (ACTION.CONFIGURATION at the headers step)', async () => {
    const result = await runAction(action({ request: { headers: { Accept: 'text/html' } } }), { customerId: 'c' }, context());
    expect(failedStep(result)?.name).toBe(StepName.HEADERS);
    expect(result.error).toMatchObject({ code: ActionErrorCode.CONFIGURATION, status: 400 });
    expect(endpoint.received).toHaveLength(0);

    const ok = await runAction(action({ request: { headers: { Accept: 'application/vnd.api+json; charset=utf-8' } } }), { customerId: 'c' }, context());
    expect(ok.success).toBe(true);
  });
});

describe('step 2: the call', () => {
  it('sends the configured method, GET without a body, and the ININ-* headers', async () => {
    await runAction(action(), { customerId: 'c' }, context({ correlationId: 'corr-1', homeOrganizationId: 'home-1', userId: 'user-1' }));
    const [get] = endpoint.received;
    expect(get?.method).toBe('GET');
    expect(get?.body).toBe('');
    expect(get?.headers).toMatchObject({
      'inin-correlation-id': 'corr-1',
      'inin-organization-id': 'org-1',
      'inin-home-organization-id': 'home-1',
      'inin-user-id': 'user-1',
    });
  });

  it('defaults the home organization to the organization and sends no user id when there is none', async () => {
    await runAction(action(), { customerId: 'c' }, context());
    const headers = endpoint.received[0]?.headers ?? {};
    expect(headers['inin-home-organization-id']).toBe('org-1');
    expect(headers['inin-user-id']).toBeUndefined();
    expect(headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends basicAuth credentials as Authorization: Basic on every call, over a configured Authorization', async () => {
    const credentials = { type: 'basicAuth', fields: { userName: 'genesys', password: 's3cret-pw' } };
    const definition = action({ request: { headers: { Authorization: 'Bearer nope' } } });
    await runAction(definition, { customerId: 'a' }, context({ credentials }));
    await executeAction(definition, { customerId: 'b' }, context({ credentials }));
    const expected = `Basic ${Buffer.from('genesys:s3cret-pw').toString('base64')}`;
    expect(endpoint.received.map((r) => r.headers.authorization)).toEqual([expected, expected]);
  });

  it('sends POST bodies as JSON by default and keeps a configured Content-Type', async () => {
    await runAction(action({ request: { requestType: 'POST', requestTemplate: '{"id": "${input.customerId}"}' } }), { customerId: 'c' }, context());
    await runAction(
      action({ request: { requestType: 'PATCH', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, requestTemplate: 'note=$esc.url(${input.note})' } }),
      { customerId: 'c', note: 'a b' },
      context(),
    );
    expect(endpoint.received.map((r) => [r.method, r.headers['content-type'], r.body])).toEqual([
      ['POST', 'application/json', '{"id": "c"}'],
      ['PATCH', 'application/x-www-form-urlencoded', 'note=a+b'],
    ]);
  });

  it('a non-2xx reply fails the call with ACTION.REMOTE_ENDPOINT, the remote status and the body summarised', async () => {
    endpoint.respondWith(json({ message: 'no such customer' }, 404));
    const result = await runAction(action(), { customerId: 'c' }, context({ correlationId: 'corr-404' }));
    expect(names(result).at(-1)).toBe(`4. ${StepName.EXECUTE} ✗`);
    expect(result.error).toMatchObject({ code: ActionErrorCode.REMOTE_ENDPOINT, status: 404, contextId: 'corr-404' });
    expect(result.error?.message).toBe('The remote endpoint replied with status 404. Response from web service: {"message":"no such customer"}');
  });

  it('a 2xx body that is not JSON fails with ACTION.REMOTE_ENDPOINT', async () => {
    endpoint.respondWith(text('<html>hello</html>', 200, 'text/html'));
    const result = await runAction(action(), { customerId: 'c' }, context());
    expect(failedStep(result)?.name).toBe(StepName.EXECUTE);
    expect(result.error).toMatchObject({ code: ActionErrorCode.REMOTE_ENDPOINT, status: 502 });
    expect(result.error?.message).toMatch(/is not JSON: <html>hello<\/html>/);
  });

  it('an empty 2xx body counts as {}', async () => {
    endpoint.respondWith((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const result = await runAction(action(), { customerId: 'c' }, context());
    expect(result.finalResult).toEqual({});
  });

  it('a reply slower than the timeout fails with ACTION.TIMEOUT (504): the flow takes the Timeout exit', async () => {
    endpoint.respondWith((_req, res) => {
      setTimeout(() => res.writable && json({ late: true })(_req, res), 3000).unref();
    });
    const started = Date.now();
    const result = await runAction(action(), { customerId: 'c' }, context({ timeoutSeconds: 0.3 }));
    expect(failedStep(result)?.name).toBe(StepName.EXECUTE);
    expect(result.error).toMatchObject({ code: ActionErrorCode.TIMEOUT, status: 504 });
    expect(result.error?.message).toBe('The remote endpoint did not answer within 0.3 seconds');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('refuses a configured timeoutSeconds outside 1..60', async () => {
    for (const timeoutSeconds of [0, 61, 1.5]) {
      const result = await runAction(action({ timeoutSeconds }), { customerId: 'c' }, context());
      expect(result.error).toMatchObject({ code: ActionErrorCode.CONFIGURATION, details: [{ fieldName: 'timeoutSeconds' }] });
    }
    expect(endpoint.received).toHaveLength(0);
  });

  it('a connection that fails is ACTION.REMOTE_ENDPOINT (502)', async () => {
    const closed = await startLocalEndpoint();
    await closed.close();
    const result = await runAction(action({ request: { requestUrlTemplate: `${closed.origin}/x` } }), {}, context());
    expect(result.error).toMatchObject({ code: ActionErrorCode.REMOTE_ENDPOINT, status: 502 });
    expect(result.error?.message).toMatch(/^Request to the remote endpoint failed: .*ECONNREFUSED/);
  });

  it('calls https public endpoints only, unless the test allows plain http and loopback', async () => {
    const plain = await runAction(action(), { customerId: 'c' }, context({ allowInsecureHttp: false }));
    expect(plain.error?.message).toBe('Genesys Cloud calls https endpoints only (got http://)');
    const loopback = await runAction(action({ request: { requestUrlTemplate: 'https://127.0.0.1:1/x' } }), {}, context({ allowInsecureHttp: false }));
    expect(loopback.error?.message).toBe('Genesys Cloud cannot reach the private or loopback host 127.0.0.1');
    expect([plain.error?.code, loopback.error?.code]).toEqual([ActionErrorCode.CONFIGURATION, ActionErrorCode.CONFIGURATION]);
    expect(endpoint.received).toHaveLength(0);
  });

  it('refuses a URL with characters a URI does not allow (an unrendered ${...})', async () => {
    const result = await runAction(action({ request: { requestUrlTemplate: `${endpoint.origin}/c/\${input.CustomerId}` } }), { customerId: 'c' }, context());
    expect(failedStep(result)?.name).toBe(StepName.EXECUTE);
    expect(result.error?.code).toBe(ActionErrorCode.CONFIGURATION);
    expect(result.error?.message).toMatch(/illegal character "\{"/);
  });

  it('resolves a relative (Platform API) URL only through rewriteUrl', async () => {
    const definition = action({ request: { requestUrlTemplate: '/api/v2/conversations/${input.customerId}?expand=x' } });
    const without = await runAction(definition, { customerId: 'c' }, context());
    expect(without.error?.message).toMatch(/is not an absolute URL \(a relative URL: pass options.rewriteUrl/);
    const redirected = await runAction(definition, { customerId: 'c' }, context(), { rewriteUrl: redirectToOrigin(endpoint.origin) });
    expect(redirected.success).toBe(true);
    expect(endpoint.received.map((r) => r.url)).toEqual(['/api/v2/conversations/c?expand=x']);
  });
});

describe('step 3: the translation map', () => {
  const body = { id: 'c-1', nothing: null, items: [{ kind: 'a', n: 1 }, { kind: 'b', n: 2 }] };
  const translate = (translationMap: Record<string, string>, successTemplate: string, translationMapDefaults: Record<string, string> = {}) =>
    action({ response: { translationMap, translationMapDefaults, successTemplate } });
  beforeEach(() => endpoint.respondWith(json(body)));

  it('hands values to the success template as JSON text: strings keep their quotes', async () => {
    const result = await runAction(translate({ id: '$.id', n: '$.items[0].n' }, '{"text": "$esc.jsonString(${id})", "json": ${id}, "n": ${n}}'), {}, context());
    expect(result.finalResult).toEqual({ text: '"c-1"', json: 'c-1', n: 1 });
  });

  it('wildcards and filters yield arrays', async () => {
    const result = await runAction(translate({ all: '$.items[*].n', b: "$.items[?(@.kind=='b')].n" }, '{"all": ${all}, "b": ${b}}'), {}, context());
    expect(result.finalResult).toEqual({ all: [1, 2], b: [2] });
  });

  it('a path that does not resolve takes its default, inserted as written', async () => {
    const result = await runAction(translate({ gone: '$.absent', tag: '$.alsoAbsent' }, '{"gone": ${gone}, "tag": ${tag}}', { gone: '"fallback"', tag: '[]' }), {}, context());
    expect(result.operations[4]?.result).toEqual({ gone: 'fallback', tag: [] });
    expect(result.finalResult).toEqual({ gone: 'fallback', tag: [] });
  });

  it('a null value does not fall back to the default', async () => {
    const result = await runAction(translate({ value: '$.nothing' }, '{"value": ${value}}', { value: '"fallback"' }), {}, context());
    expect(result.finalResult).toEqual({ value: null });
  });

  it('a path that does not resolve and has no default fails with ACTION.PROCESSING', async () => {
    const result = await runAction(translate({ gone: '$.absent' }, '{"gone": ${gone}}'), {}, context());
    expect(names(result).at(-1)).toBe(`5. ${StepName.TRANSLATION_MAP} ✗`);
    expect(result.error).toMatchObject({ code: ActionErrorCode.PROCESSING, details: [{ fieldName: 'translationMap.gone' }] });
    expect(result.error?.message).toBe(
      "Failed while processing the translation map. Could not resolve value for the key: 'gone' ($.absent) and no default value was configured.",
    );
  });

  it('a path that cannot be evaluated fails with ACTION.PROCESSING', async () => {
    const result = await runAction(translate({ bad: '$.items[' }, '{}'), {}, context());
    expect(failedStep(result)?.name).toBe(StepName.TRANSLATION_MAP);
    expect(result.error?.code).toBe(ActionErrorCode.PROCESSING);
  });
});

describe('step 4: the success template', () => {
  beforeEach(() => endpoint.respondWith(json({ id: 'c-1', tags: ['x'] })));

  it('defaults to ${rawResult}, the whole body', async () => {
    const definition = action({ response: {} });
    expect((await runAction(definition, {}, context())).finalResult).toEqual({ id: 'c-1', tags: ['x'] });
  });

  it('sees the input and the tools', async () => {
    const definition = action({ response: { translationMap: { tags: '$.tags' }, successTemplate: '{"asked": "${input.customerId}", "first": ${successTemplateUtils.firstFromArray("${tags}")}}' } });
    expect((await runAction(definition, { customerId: 'c' }, context())).finalResult).toEqual({ asked: 'c', first: 'x' });
  });

  it('a tool refusing its argument fails with ACTION.PROCESSING', async () => {
    const result = await runAction(action({ response: { successTemplate: '{"first": ${successTemplateUtils.firstFromArray("not json")}}' } }), {}, context());
    expect(failedStep(result)?.name).toBe(StepName.SUCCESS_TEMPLATE);
    expect(result.error?.code).toBe(ActionErrorCode.PROCESSING);
    expect(result.error?.message).toMatch(/firstFromArray: the argument is not JSON text/);
  });

  it('an unset variable fails with ACTION.PROCESSING', async () => {
    const result = await runAction(action({ response: { translationMap: { id: '$.id' }, successTemplate: '{"id": ${id}, "name": ${name}}' } }), {}, context());
    expect(names(result).at(-1)).toBe(`6. ${StepName.SUCCESS_TEMPLATE} ✗`);
    expect(result.error).toMatchObject({ code: ActionErrorCode.PROCESSING, details: [{ fieldName: 'successTemplate' }] });
    expect(result.error?.message).toBe("Failed while processing the success template: Variable not defined: '${name}'");
  });

  it('a rendering that is not JSON fails with ACTION.PROCESSING', async () => {
    const result = await runAction(action({ response: { translationMap: { id: '$.id' }, successTemplate: '{"id": ${id}}}' } }), {}, context());
    expect(failedStep(result)?.name).toBe(StepName.SUCCESS_TEMPLATE);
    expect(result.error?.message).toMatch(/^Failed while processing the success template: the result is not JSON .*: \{"id": "c-1"\}\}$/);
  });

  it('a success template that does not parse fails with ACTION.PROCESSING', async () => {
    const result = await runAction(action({ response: { successTemplate: '{"id": ${id' } }), {}, context());
    expect(result.error?.code).toBe(ActionErrorCode.PROCESSING);
    expect(result.error?.message).toMatch(/it does not parse: Parse error/);
  });
});

describe('step 5: the output', () => {
  const schema = { type: 'object', properties: { id: { type: 'integer' }, customer: { type: 'object', properties: { name: { type: 'string' } } } }, required: ['id'] };

  it('an output that does not match the success schema fails with ACTION.SCHEMA_VALIDATION, every violation listed', async () => {
    endpoint.respondWith(json({ id: 'not-a-number', customer: { name: 5 } }));
    const result = await runAction(action({ successSchema: schema }), {}, context());
    expect(names(result).at(-1)).toBe(`7. ${StepName.VALIDATE} ✗`);
    expect(result.error).toMatchObject({ code: ActionErrorCode.SCHEMA_VALIDATION, status: 400 });
    expect(result.error?.message).toBe('JSON failed output schema validation for the following reasons: /id must be integer; /customer/name must be string');
    expect(result.error?.errors).toHaveLength(2);
  });

  it('flatten=true adds the flatten step and flattens the final result', async () => {
    endpoint.respondWith(json({ id: 7, customer: { name: 'Ada' }, orders: [{ ref: 'o1' }, { ref: 'o2', total: 3 }], tags: ['x', 'y'] }));
    const result = await runAction(action({ successSchema: schema }), {}, context(), { flatten: true });
    expect(names(result).at(-1)).toBe(`8. ${StepName.FLATTEN}`);
    expect(result.finalResult).toEqual({ id: 7, 'customer.name': 'Ada', 'orders.ref': ['o1', 'o2'], 'orders.total': [null, 3], tags: ['x', 'y'] });
  });
});

describe('executeAction (what /execute returns)', () => {
  it('gives the output on success, flattened on request', async () => {
    endpoint.respondWith(json({ customer: { name: 'Ada' } }));
    expect(await executeAction(action(), {}, context())).toEqual({ ok: true, output: { customer: { name: 'Ada' } } });
    expect(await executeAction(action(), {}, context(), { flatten: true })).toEqual({ ok: true, output: { 'customer.name': 'Ada' } });
  });

  it('gives the status and ErrorBody on failure, without throwing', async () => {
    endpoint.respondWith(json({ message: 'down' }, 503));
    const outcome = await executeAction(action(), {}, context({ correlationId: 'corr-x' }));
    expect(outcome).toMatchObject({ ok: false, status: 503, error: { code: ActionErrorCode.REMOTE_ENDPOINT, status: 503, contextId: 'corr-x' } });
  });
});

describe('credentials never appear in what the emulator reports', () => {
  it('redacts the password and Basic token from step results and errors; the wire carries them', async () => {
    const credentials = { type: 'basicAuth', fields: { userName: 'genesys', password: 'pa55-word' } };
    endpoint.respondWith(json({ echoed: 'pa55-word' }, 500));
    const definition = action({ request: { requestUrlTemplate: `${endpoint.origin}/x?p=\${credentials.password}` } });
    const result = await runAction(definition, {}, context({ credentials }));
    const reported = JSON.stringify(result);
    expect(reported).not.toContain('pa55-word');
    expect(reported).not.toContain(Buffer.from('genesys:pa55-word').toString('base64'));
    expect(result.operations[0]?.result).toBe(`${endpoint.origin}/x?p=********`);
    expect(result.operations[1]?.result).toMatchObject({ Authorization: 'Basic ********' });
    expect(result.error?.message).toContain('"echoed":"********"');
    expect(endpoint.received[0]?.url).toBe('/x?p=pa55-word');
  });
});
