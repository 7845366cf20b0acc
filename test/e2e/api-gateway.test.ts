/**
 * The local API Gateway and Lambda emulation on their own, with small functions written for the test
 * (the real bundle is exercised by the other end-to-end tests): the proxy event and context the function
 * gets, request validation at the edge, the gateway responses (API Gateway's own defaults, and the stack's),
 * Lambda's timeout (502, and a new execution environment afterwards), the integration timeout (504),
 * malformed proxy responses, throttling, and the proxy response mapping.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessLogRecord } from '../../tools/local-stack/api-gateway/access-log.js';
import { LocalRestApi, type LocalRestApiOptions } from '../../tools/local-stack/api-gateway/rest-api.js';
import { LocalLambdaFunction } from '../../tools/local-stack/lambda/local-lambda-function.js';

/** A function that answers as told by its input: echo the event and context, fail, hang, or answer malformed. */
const FUNCTION_CODE = `
let invocations = 0;
export const handler = async (event, context) => {
  invocations += 1;
  const input = event.body ? JSON.parse(event.body) : {};
  const remainingMs = context.getRemainingTimeInMillis();
  if (input.mode === 'sleep') await new Promise((r) => setTimeout(r, input.ms));
  if (input.mode === 'throw') throw new TypeError('the function failed');
  if (input.mode === 'malformed') return { statusCode: 200, body: { not: 'a string' } };
  if (input.mode === 'proxy') return input.result;
  const { getRemainingTimeInMillis, ...contextFields } = context;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ event, context: contextFields, remainingMs, invocations, pid: process.pid }),
  };
};
`;

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  properties: { mode: { type: 'string', enum: ['echo', 'sleep', 'throw', 'malformed', 'proxy'] }, ms: { type: 'integer' }, result: { type: 'object' } },
  required: ['mode'],
  additionalProperties: false,
};

/** Parsed JSON, read loosely: the assertions check its shape. */
type Json = Record<string, any>;

describe('local API Gateway REST emulation in front of a local Lambda function', () => {
  let dir: string;
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-apigw-'));
    writeFileSync(join(dir, 'function.mjs'), FUNCTION_CODE);
  });

  async function start(options: { timeoutSeconds?: number; integrationTimeoutMs?: number } & Partial<LocalRestApiOptions> = {}) {
    const lines: string[] = [];
    const access: AccessLogRecord[] = [];
    const fn = new LocalLambdaFunction({
      functionName: 'echo',
      entryPath: join(dir, 'function.mjs'),
      environment: { CUSTOM_SETTING: 'yes' },
      timeoutSeconds: options.timeoutSeconds ?? 3,
      onLog: (line) => lines.push(line.text),
    });
    const api = await LocalRestApi.start({
      routes: [{ actionName: 'echo', inputSchema: SCHEMA, integrationTimeoutMs: options.integrationTimeoutMs ?? 3_000 }],
      integration: (event, invokeOptions) => fn.invoke(event, invokeOptions),
      serviceName: 'test-service',
      onAccessLog: (record) => access.push(record),
      ...options,
    });
    opened.push(api, fn);
    const call = async (body: unknown, init: { method?: string; path?: string; headers?: Record<string, string> } = {}) => {
      const reply = await fetch(`${api.url}${init.path ?? '/actions/echo'}`, {
        method: init.method ?? 'POST',
        headers: { 'Content-Type': 'application/json', ...init.headers },
        ...(init.method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await reply.text();
      return { status: reply.status, headers: reply.headers, text, json: (text.startsWith('{') ? JSON.parse(text) : undefined) as Json };
    };
    return { api, fn, call, lines, access };
  }

  it('gives the function a v1 proxy event and a Lambda context with a real deadline', async () => {
    const { api, call, access } = await start({ timeoutSeconds: 3 });
    // node:http, not fetch: fetch folds a repeated header into one line.
    const reply = await new Promise<{ status: number; headers: Record<string, unknown>; json: Json }>((resolve, reject) => {
      const body = JSON.stringify({ mode: 'echo' });
      const req = request(`${api.url}/actions/echo?verbose=1&tag=a&tag=b`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', authorization: 'Basic dTpw', 'X-Repeated': ['one', 'two'], 'ININ-Correlation-Id': 'corr-1' },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(reply.status).toBe(200);
    const { event, context, remainingMs } = reply.json;
    expect(event).toMatchObject({
      resource: '/actions/echo',
      path: '/actions/echo',
      httpMethod: 'POST',
      pathParameters: null,
      stageVariables: null,
      queryStringParameters: { verbose: '1', tag: 'b' },
      multiValueQueryStringParameters: { verbose: ['1'], tag: ['a', 'b'] },
      body: '{"mode":"echo"}',
      isBase64Encoded: false,
      requestContext: {
        apiId: api.apiId,
        stage: 'v1',
        httpMethod: 'POST',
        resourcePath: '/actions/echo',
        path: '/actions/echo',
        protocol: 'HTTP/1.1',
        requestId: reply.headers['x-amzn-requestid'],
        extendedRequestId: reply.headers['x-amz-apigw-id'],
        identity: { sourceIp: '127.0.0.1' },
      },
    });
    expect(event.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    // Caller's casing kept, Authorization title-cased, API Gateway's own headers added, hop-by-hop ones dropped.
    expect(event.headers).toMatchObject({ Authorization: 'Basic dTpw', 'ININ-Correlation-Id': 'corr-1', 'X-Forwarded-For': '127.0.0.1', 'X-Forwarded-Proto': 'http' });
    expect(event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(Object.keys(event.headers).map((h: string) => h.toLowerCase())).not.toContain('content-length');
    expect(event.multiValueHeaders['X-Repeated']).toEqual(['one', 'two']);
    expect(event.headers['X-Repeated']).toBe('two');

    expect(context).toMatchObject({ functionName: 'echo', functionVersion: '$LATEST', memoryLimitInMB: '1024', logGroupName: '/aws/lambda/echo' });
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-1:000000000000:function:echo');
    expect(remainingMs).toBeGreaterThan(2_000);
    expect(remainingMs).toBeLessThanOrEqual(3_000);
    // The access log ties the API request to the Lambda request id.
    expect(access.at(-1)).toMatchObject({
      service: 'test-service',
      requestId: event.requestContext.requestId,
      integrationRequestId: context.awsRequestId,
      status: 200,
      resourcePath: '/actions/echo',
    });
  });

  it('validates the body against the model at the edge: 400 without invoking the function', async () => {
    const withStackResponses = await start();
    const refused = await withStackResponses.call({ mode: 'unknown' });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      error: { code: 'INPUT_CONTRACT_VIOLATION', message: "The request body does not match the action's input contract.", traceId: refused.headers.get('x-amzn-requestid') },
    });
    expect(withStackResponses.access.at(-1)).toMatchObject({ status: 400, errorResponseType: 'BAD_REQUEST_BODY', integrationRequestId: '-' });
    // The refused request never reached the function: the next one is its first invocation.
    expect((await withStackResponses.call({ mode: 'echo' })).json.invocations).toBe(1);

    // API Gateway's own default answer, for an API without gateway responses.
    const plain = await start({ gatewayResponses: {} });
    for (const body of ['{"mode":"echo"', '', '{"mode":"echo","extra":1}']) {
      const reply = await plain.call(body);
      expect({ body, status: reply.status, json: reply.json }).toEqual({ body, status: 400, json: { message: 'Invalid request body' } });
      expect(reply.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    }
  });

  it('answers an unknown route or method as the stack does (404 UNKNOWN_ACTION), and API Gateway by default (403)', async () => {
    const stack = await start();
    for (const [path, method] of [['/actions/nope', 'POST'], ['/actions/echo', 'GET'], ['/', 'GET']] as const) {
      const reply = await stack.call({ mode: 'echo' }, { path, method });
      expect({ path, method, status: reply.status, code: reply.json.error?.code }).toEqual({ path, method, status: 404, code: 'UNKNOWN_ACTION' });
    }
    const plain = await start({ gatewayResponses: {} });
    const reply = await plain.call({ mode: 'echo' }, { path: '/actions/nope' });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({ message: 'Missing Authentication Token' });
  });

  it('turns a function error or a malformed proxy response into 502 Internal server error', async () => {
    const plain = await start({ gatewayResponses: {} });
    for (const mode of ['throw', 'malformed']) {
      const reply = await plain.call({ mode });
      expect({ mode, status: reply.status, json: reply.json }).toEqual({ mode, status: 502, json: { message: 'Internal server error' } });
    }
    expect(plain.lines.some((line) => line.includes('Invoke Error') && line.includes('the function failed'))).toBe(true);
    const stack = await start();
    const reply = await stack.call({ mode: 'throw' });
    expect(reply.status).toBe(502);
    expect(reply.json.error).toMatchObject({ code: 'INTEGRATION_FAILURE', message: 'Internal server error' });
  });

  it("enforces the Lambda timeout: 502, Lambda's log line, and a fresh execution environment afterwards", async () => {
    const { call, lines, access } = await start({ timeoutSeconds: 1, integrationTimeoutMs: 3_000, gatewayResponses: {} });
    const first = await call({ mode: 'echo' });
    const started = performance.now();
    const timedOut = await call({ mode: 'sleep', ms: 2_500 });
    const elapsed = performance.now() - started;
    expect(timedOut.status).toBe(502);
    expect(timedOut.json).toEqual({ message: 'Internal server error' });
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2_000);
    expect(lines.some((line) => / Task timed out after 1\.00 seconds$/.test(line))).toBe(true);
    expect(access.at(-1)).toMatchObject({ status: 502, errorResponseType: 'INTEGRATION_FAILURE' });
    const next = await call({ mode: 'echo' });
    expect(next.status).toBe(200);
    expect(next.json.pid).not.toBe(first.json.pid);
    expect(next.json.invocations).toBe(1);
  });

  it('enforces the integration timeout: 504 Endpoint request timed out, while the function runs on', async () => {
    const { call, access } = await start({ timeoutSeconds: 3, integrationTimeoutMs: 300, gatewayResponses: {} });
    const started = performance.now();
    const reply = await call({ mode: 'sleep', ms: 1_000 });
    expect(performance.now() - started).toBeLessThan(900);
    expect(reply.status).toBe(504);
    expect(reply.json).toEqual({ message: 'Endpoint request timed out' });
    expect(access.at(-1)).toMatchObject({ status: 504, errorResponseType: 'INTEGRATION_TIMEOUT' });
    const stack = await start({ timeoutSeconds: 3, integrationTimeoutMs: 300 });
    const stackReply = await stack.call({ mode: 'sleep', ms: 1_000 });
    expect(stackReply.json.error).toMatchObject({ code: 'INTEGRATION_TIMEOUT', message: 'Endpoint request timed out' });
  });

  it("maps the function's proxy response: status, headers, multi-value headers, base64 body", async () => {
    const { call } = await start();
    const reply = await call({
      mode: 'proxy',
      result: {
        statusCode: 201,
        headers: { 'X-Single': 'one', 'X-Flag': true },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
        body: Buffer.from('binary ✓').toString('base64'),
        isBase64Encoded: true,
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.text).toBe('binary ✓');
    expect(reply.headers.get('x-single')).toBe('one');
    expect(reply.headers.get('x-flag')).toBe('true');
    expect(reply.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.headers.get('x-amzn-trace-id')).toMatch(/^Root=1-/);
  });

  it('throttles the stage with a token bucket: 429 once the burst is spent', async () => {
    const { call } = await start({ throttle: { rateLimit: 0.001, burstLimit: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call({ mode: 'echo' })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const throttled = await call({ mode: 'echo' });
    expect(throttled.json.error).toMatchObject({ code: 'THROTTLED', message: 'Too many requests.' });
  });
});
