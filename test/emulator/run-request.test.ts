/**
 * The emulator end to end against a real HTTP endpoint on 127.0.0.1, request side: the steps of a run,
 * step 1 (templates) and step 2 (the call), each rule and each failure mode at its step with its code.
 */
import { ActionErrorCode, executeAction, redirectToOrigin, runAction, StepName } from '../../tools/emulator/index.js';
import { action as buildAction, context, failedStep, names, type ActionOverrides } from './support/actions.js';
import { json, startLocalEndpoint, text, withLocalEndpoint, type LocalEndpoint } from './support/local-endpoint.js';

let endpoint!: LocalEndpoint;
withLocalEndpoint((started) => (endpoint = started));

const action = (overrides: ActionOverrides = {}) => buildAction(endpoint.origin, overrides);

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
    expect(result.error?.message).toMatch(/^The requestUrlTemplate template does not parse: Velocity syntax error at line 1, column \d+: unexpected end of template/);

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

  // The reply would arrive after 3 s and succeed: failing with TIMEOUT shows the 0.3 s budget was enforced.
  it('a reply slower than the timeout fails with ACTION.TIMEOUT (504): the flow takes the Timeout exit', async () => {
    endpoint.respondWith((_req, res) => {
      setTimeout(() => res.writable && json({ late: true })(_req, res), 3000).unref();
    });
    const result = await runAction(action(), { customerId: 'c' }, context({ timeoutSeconds: 0.3 }));
    expect(failedStep(result)?.name).toBe(StepName.EXECUTE);
    expect(result.error).toMatchObject({ code: ActionErrorCode.TIMEOUT, status: 504 });
    expect(result.error?.message).toBe('The remote endpoint did not answer within 0.3 seconds');
  });

  it('the whole exchange must fit the budget: a body trickling in past the timeout also times out', async () => {
    endpoint.respondWith((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items": [');
      const drip = setInterval(() => (res.writable ? res.write('1,') : clearInterval(drip)), 50);
      drip.unref();
    });
    const result = await runAction(action(), { customerId: 'c' }, context({ timeoutSeconds: 0.5 }));
    expect(result.error).toMatchObject({ code: ActionErrorCode.TIMEOUT, status: 504 });
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
