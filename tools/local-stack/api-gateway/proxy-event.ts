/**
 * The Lambda proxy integration's input (REST API, payload format 1.0) built from an HTTP request, as API
 * Gateway builds it ("Set up Lambda proxy integrations in API Gateway: input format"), with the details
 * LocalStack verified against AWS (localstack-core/.../next_gen/execute_api/integrations/aws.py):
 * - `headers` (last value of a repeated header) and `multiValueHeaders` (all values), in the caller's
 *   casing except `Authorization` and `User-Agent`, which arrive title-cased; `Content-Length` and
 *   `Connection` are not passed; `X-Forwarded-For` (the caller's IP appended), `X-Forwarded-Port`,
 *   `X-Forwarded-Proto` and `X-Amzn-Trace-Id` are added;
 * - `queryStringParameters` / `multiValueQueryStringParameters` likewise, null when there are none;
 * - `pathParameters` null for a literal resource such as the stack's `/actions/customer-lookup`;
 * - `body` as text (null when empty); bytes that are not UTF-8 are base64 with `isBase64Encoded: true`;
 * - `requestContext` with the request id, stage, resource, identity (source IP, user agent) and times.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';

export interface ProxyEventRequest {
  method: string;
  /** The path as requested (no query string). */
  path: string;
  /** The query string without `?` ('' when none). */
  query: string;
  /** Node's `rawHeaders`: name, value, name, value... in the caller's casing. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  /** `http` or `https`, and the port the caller connected to. */
  protocol: 'http' | 'https';
  port: number;
}

export interface ProxyEventApi {
  apiId: string;
  stage: string;
  accountId: string;
  /** The host the API is reached on. */
  domainName: string;
}

export interface ProxyEventRoute {
  resourcePath: string;
  resourceId: string;
  pathParameters: Record<string, string> | null;
}

export interface ProxyEventIds {
  requestId: string;
  extendedRequestId: string;
  /** `Root=1-...` (X-Ray). */
  traceId: string;
  requestTimeEpoch: number;
}

const NOT_PASSED = new Set(['content-length', 'connection']);
const TITLE_CASED: Readonly<Record<string, string>> = { authorization: 'Authorization', 'user-agent': 'User-Agent' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$context.requestTime`: `dd/MMM/yyyy:HH:mm:ss +0000`. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/**
 * Single- and multi-value maps in one pass: the single map keeps the last value. Header names are matched
 * without regard to case (one key, in the casing first seen); query parameter names are not.
 */
function singleAndMulti(pairs: Iterable<[string, string]>, caseInsensitive = false): [Record<string, string> | null, Record<string, string[]> | null] {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  const keyOf = new Map<string, string>();
  let any = false;
  for (const [name, value] of pairs) {
    any = true;
    const folded = caseInsensitive ? name.toLowerCase() : name;
    const key = keyOf.get(folded) ?? name;
    keyOf.set(folded, key);
    single[key] = value;
    (multi[key] ??= []).push(value);
  }
  return any ? [single, multi] : [null, null];
}

function* headerPairs(request: ProxyEventRequest, traceId: string): Generator<[string, string]> {
  let forwardedFor: string | undefined;
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const raw = request.rawHeaders[i]!;
    const lower = raw.toLowerCase();
    if (NOT_PASSED.has(lower)) continue;
    // API Gateway sets these itself.
    if (lower === 'x-forwarded-port' || lower === 'x-forwarded-proto' || lower === 'x-amzn-trace-id') continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor === undefined ? request.rawHeaders[i + 1]! : `${forwardedFor}, ${request.rawHeaders[i + 1]!}`;
      continue;
    }
    yield [TITLE_CASED[lower] ?? raw, request.rawHeaders[i + 1]!];
  }
  yield ['X-Amzn-Trace-Id', traceId];
  yield ['X-Forwarded-For', forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`];
  yield ['X-Forwarded-Port', String(request.port)];
  yield ['X-Forwarded-Proto', request.protocol];
}

function* queryPairs(query: string): Generator<[string, string]> {
  for (const [name, value] of new URLSearchParams(query)) yield [name, value];
}

/** The header value as the caller sent it (first occurrence, any casing). */
export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) return rawHeaders[i + 1];
  return undefined;
}

function decodeBody(body: Buffer): { body: string | null; isBase64Encoded: boolean } {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  try {
    return { body: new TextDecoder('utf-8', { fatal: true }).decode(body), isBase64Encoded: false };
  } catch {
    return { body: body.toString('base64'), isBase64Encoded: true };
  }
}

export function buildProxyEvent(request: ProxyEventRequest, api: ProxyEventApi, route: ProxyEventRoute, ids: ProxyEventIds): APIGatewayProxyEvent {
  const [headers, multiValueHeaders] = singleAndMulti(headerPairs(request, ids.traceId), true);
  const [queryStringParameters, multiValueQueryStringParameters] = singleAndMulti(queryPairs(request.query));
  const { body, isBase64Encoded } = decodeBody(request.body);
  const userAgent = headerValue(request.rawHeaders, 'user-agent') ?? null;
  return {
    resource: route.resourcePath,
    path: request.path,
    httpMethod: request.method,
    headers: headers ?? {},
    multiValueHeaders: multiValueHeaders ?? {},
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters: route.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      // No authorizer on these methods: API Gateway sends none.
      authorizer: undefined,
      domainName: api.domainName,
      domainPrefix: api.domainName.split('.')[0]!,
      extendedRequestId: ids.extendedRequestId,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      path: request.path,
      protocol: 'HTTP/1.1',
      requestId: ids.requestId,
      requestTime: requestTime(ids.requestTimeEpoch),
      requestTimeEpoch: ids.requestTimeEpoch,
      resourceId: route.resourceId,
      resourcePath: route.resourcePath,
      stage: api.stage,
    },
    body,
    isBase64Encoded,
  };
}
