/**
 * fast-check arbitraries for what a caller controls on the HTTP interface — action path, method, headers,
 * content type, credential, body — assembled into real API Gateway REST (v1) proxy events
 * (test/support/apigw-events.ts), and for direct-invoke inputs. Mostly near-valid requests (so the
 * downstream path runs too), seeded with canary personal data (test/support/canaries.ts), plus every kind
 * of malformed one.
 */
import fc from 'fast-check';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { actionRegistry } from '../../lambda/generated/action-registry.js';
import { apiGatewayEvent } from '../../test/support/apigw-events.js';
import { basicToken, PII_CANARIES } from '../../test/support/canaries.js';
import { SEED_CUSTOMERS } from '../../test/support/downstream-stub.js';
import { BASIC_AUTHORIZATION, CANARY } from '../../test/support/lambda-harness.js';

export const ACTION_NAMES = Object.keys(actionRegistry).sort();

/** Values planted in generated inputs: none may reach a log line, nor an error answer. */
export const INPUT_CANARIES: readonly string[] = Object.values(PII_CANARIES);

const canaryText = fc.constantFrom(...INPUT_CANARIES);
/** A string that sometimes carries a canary, wrapped in arbitrary text. */
const textWithCanary = fc.oneof(
  canaryText,
  fc.tuple(fc.string({ maxLength: 12 }), canaryText, fc.string({ maxLength: 12 })).map(([a, c, b]) => `${a}${c}${b}`),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const customerId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SEED_CUSTOMERS.map((c) => c.customer_id)) },
  { weight: 2, arbitrary: fc.stringMatching(/^cust_[a-zA-Z0-9]{1,10}$/) },
  { weight: 1, arbitrary: textWithCanary },
);

const name = fc.oneof(canaryText, fc.string({ minLength: 1, maxLength: 100 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }));
const email = fc.oneof(fc.constant(PII_CANARIES.email), fc.emailAddress(), fc.string({ maxLength: 30 }));
const phone = fc.oneof(fc.constant(PII_CANARIES.phone), fc.stringMatching(/^\+[1-9][0-9]{6,14}$/), fc.string({ maxLength: 16 }));

/** Inputs shaped like each action's contract (most valid, some values off), by action. */
const contractShaped: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'customer-lookup': fc.record({ customer_id: customerId }),
  'customer-update': fc.record(
    {
      customer_id: customerId,
      first_name: name,
      last_name: name,
      email,
      phone,
      status: fc.constantFrom('active', 'inactive', 'suspended', 'deleted', ''),
    },
    { requiredKeys: ['customer_id'] },
  ),
  'customer-delete': fc.record(
    { customer_id: customerId, reason: fc.constantFrom('customer_request', 'gdpr_erasure', 'duplicate', 'other', 'because', PII_CANARIES.hostileValue) },
    { requiredKeys: ['customer_id'] },
  ),
};

/** Any JSON object: known keys and others, values of any type, some holding canaries. */
const jsonishObject = fc.dictionary(
  fc.oneof(fc.constantFrom('customer_id', 'first_name', 'last_name', 'email', 'phone', 'status', 'reason', '__proto__', 'constructor', 'prototype', ''), fc.string({ maxLength: 12 })),
  fc.oneof(textWithCanary, fc.jsonValue({ maxDepth: 2 })),
  { maxKeys: 8 },
);

export function inputFor(action: string): fc.Arbitrary<unknown> {
  const shaped = Object.hasOwn(contractShaped, action) ? contractShaped[action]! : contractShaped['customer-lookup']!;
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 2, arbitrary: jsonishObject }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
}

interface BodyChoice {
  body: string | null;
  isBase64Encoded: boolean;
}

/** The body as sent: JSON text of an input (plain, pretty, base64), or anything else. */
function bodyFor(action: string): fc.Arbitrary<BodyChoice> {
  const json = inputFor(action).map((value) => JSON.stringify(value) ?? 'null');
  return fc.oneof(
    { weight: 20, arbitrary: json.map((body) => ({ body, isBase64Encoded: false })) },
    { weight: 1, arbitrary: inputFor(action).map((v) => ({ body: JSON.stringify(v, null, 2) ?? 'null', isBase64Encoded: false })) },
    { weight: 1, arbitrary: json.map((body) => ({ body: Buffer.from(body).toString('base64'), isBase64Encoded: true })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((body) => ({ body, isBase64Encoded: true })) },
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((body) => ({ body, isBase64Encoded: false })) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 4 }).map((body) => ({ body, isBase64Encoded: false })) },
    { weight: 1, arbitrary: fc.constantFrom<string | null>(null, '', ' ', '{', '[]', 'null', '{"customer_id":', '\u0000', '\ufeff{"customer_id":"cust_12345"}').map((body) => ({ body, isBase64Encoded: false })) },
    // Past MAX_BODY_BYTES (64 KiB), in characters or in UTF-8 bytes only.
    { weight: 1, arbitrary: fc.constantFrom('a', 'é', '€').map((c) => ({ body: `{"customer_id":"cust_1","first_name":"${c.repeat(66_000)}"}`, isBase64Encoded: false })) },
  );
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.genesys+json',
  'application/json;',
  'application/jsonp',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
  ' application/json',
  'application/json, text/plain',
];
const contentType = fc.oneof(
  { weight: 24, arbitrary: fc.constant<string | undefined>('application/json') },
  { weight: 3, arbitrary: fc.constantFrom<string | undefined>(...CONTENT_TYPES) },
  { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

/** The credential header(s): mostly right, or missing, wrong, mangled. */
const credential: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 24, arbitrary: fc.constant({ Authorization: BASIC_AUTHORIZATION }) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.constant({ authorization: `basic ${basicToken(CANARY.inboundUsername, CANARY.inboundPassword)}` }) },
  { weight: 1, arbitrary: textWithCanary.map((password) => ({ Authorization: `Basic ${basicToken(CANARY.inboundUsername, password)}` })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((value) => ({ Authorization: value })) },
  { weight: 1, arbitrary: fc.constantFrom('Bearer x', 'Basic', 'Basic ', 'Basic ====', `Basic ${BASIC_AUTHORIZATION}`).map((value) => ({ Authorization: value })) },
);

/** Genesys's id headers are logged (correlation, org and user ids, when they look like ids): no canary in them. */
const ID_HEADER_NAMES = ['ININ-Correlation-Id', 'inin-correlation-id', 'ININ-Organization-Id', 'ININ-User-Id'];
const idHeaders = fc.dictionary(fc.constantFrom(...ID_HEADER_NAMES), fc.oneof(fc.uuid(), fc.string({ maxLength: 200 })), { maxKeys: 2 });
const HEADER_NAMES = [
  'Content-Length',
  'Transfer-Encoding',
  'X-Genesys-Key',
  'X-Forwarded-For',
  'Accept',
  'authorization',
  'CONTENT-TYPE',
  '__proto__',
  'constructor',
];
const extraHeaders = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string({ minLength: 1, maxLength: 20 })),
      fc.oneof(textWithCanary, fc.uuid(), fc.string({ maxLength: 300 })),
      { maxKeys: 4 },
    ),
  },
);

const requestedAction = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...ACTION_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('', 'unknown', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'CUSTOMER-LOOKUP', '..', '%2e%2e', 'customer-lookup%00') },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
const method = fc.oneof({ weight: 20, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'post', '') });

export interface FuzzedRequest {
  action: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  isBase64Encoded: boolean;
}

/** One request as a caller could send it; `toEvent` makes it the proxy event API Gateway would pass on. */
export const fuzzedRequest: fc.Arbitrary<FuzzedRequest> = requestedAction.chain((action) =>
  fc
    .record({
      method,
      credential,
      contentType,
      extra: extraHeaders,
      ids: idHeaders,
      correlationId: fc.oneof(fc.uuid(), fc.string({ maxLength: 200 })),
      body: bodyFor(action),
    })
    .map(({ method, credential, contentType, extra, ids, correlationId, body }) => ({
      action,
      method,
      headers: {
        'ININ-Correlation-Id': correlationId,
        ...(contentType === undefined ? {} : { 'Content-Type': contentType }),
        ...credential,
        ...extra,
        ...ids,
      },
      body: body.body,
      isBase64Encoded: body.isBase64Encoded,
    })),
);

export function toEvent(request: FuzzedRequest): APIGatewayProxyEvent {
  return apiGatewayEvent({ action: request.action, method: request.method, headers: request.headers, rawBody: request.body, isBase64Encoded: request.isBase64Encoded });
}

/** A direct invocation (Genesys's AWS Lambda data actions): any event, through any alias. */
export const fuzzedDirectInvoke = fc
  .record({ qualifier: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...ACTION_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }) })
  .chain(({ qualifier }) => fc.record({ qualifier: fc.constant(qualifier), event: inputFor(qualifier) }));
