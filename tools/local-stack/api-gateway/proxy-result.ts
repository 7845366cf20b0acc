/**
 * The Lambda proxy integration's output turned into the HTTP answer, as API Gateway does it ("Output
 * format of a Lambda function for proxy integration"): `statusCode` (default 200), `headers` and
 * `multiValueHeaders` merged over a default `Content-Type: application/json`, `body` as text or base64
 * (`isBase64Encoded`). Anything else — a payload that is not an object, an unknown key, a body that is not a
 * string, a header value that is not a string or boolean, a status that is not a number — is a "Malformed
 * Lambda proxy response": 502 (checks as LocalStack verified them against AWS, integrations/aws.py).
 */
import { gatewayErrors } from './gateway-responses.js';

export interface ProxyHttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const KEYS = new Set(['statusCode', 'statusDescription', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);
/** Set by the HTTP layer, never taken from the function. */
const NOT_FORWARDED = new Set(['content-length', 'transfer-encoding', 'connection']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const headerText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : undefined;

export function toProxyHttpResponse(payload: unknown): ProxyHttpResponse {
  const malformed = gatewayErrors.functionFailed;
  if (!isRecord(payload) || Object.keys(payload).some((key) => !KEYS.has(key))) throw malformed();
  const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = payload;

  let status = 200;
  if (statusCode !== undefined && statusCode !== null) {
    status = Number(statusCode);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw malformed();
  }
  if (body !== undefined && body !== null && typeof body !== 'string') throw malformed();
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') throw malformed();

  const merged = new Map<string, { name: string; value: string | string[] }>([['content-type', { name: 'Content-Type', value: 'application/json' }]]);
  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers)) throw malformed();
    for (const [name, raw] of Object.entries(headers)) {
      const value = headerText(raw);
      if (value === undefined) throw malformed();
      merged.set(name.toLowerCase(), { name, value });
    }
  }
  if (multiValueHeaders !== undefined && multiValueHeaders !== null) {
    if (!isRecord(multiValueHeaders)) throw malformed();
    for (const [name, raw] of Object.entries(multiValueHeaders)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(headerText);
      if (values.some((value) => value === undefined)) throw malformed();
      merged.set(name.toLowerCase(), { name, value: values as string[] });
    }
  }
  const out: Record<string, string | string[]> = {};
  for (const [lower, { name, value }] of merged) if (!NOT_FORWARDED.has(lower)) out[name] = value;

  const text = typeof body === 'string' ? body : '';
  return { statusCode: status, headers: out, body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8') };
}
