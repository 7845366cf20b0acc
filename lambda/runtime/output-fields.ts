/**
 * Output shaping for actions: copy from a business-system record only the fields the action's output
 * schema declares, so nothing the business system adds ever reaches Genesys by accident. Absent and
 * null fields are left out (the contract marks them optional); types are not coerced: a wrong type is
 * the output validator's to catch.
 */
import type { JsonSchema } from '../contracts/action-contract.js';
import { DownstreamBadReplyError } from './errors.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The `properties` schema of `schema`'s property `name` (e.g. the output's `data`). */
export function propertySchema(schema: JsonSchema, name: string): JsonSchema {
  const properties = schema.properties;
  const property = isRecord(properties) ? properties[name] : undefined;
  if (!isRecord(property)) throw new TypeError(`the schema declares no property "${name}"`);
  return property;
}

/** The declared properties of `schema` present (and not null) in `source`. */
export function pickDeclaredFields(source: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  const properties = schema.properties;
  const picked: Record<string, unknown> = {};
  if (!isRecord(properties)) return picked;
  for (const key of Object.keys(properties)) {
    if (!Object.hasOwn(source, key)) continue;
    const value = source[key];
    if (value !== null && value !== undefined) picked[key] = value;
  }
  return picked;
}

/**
 * The JSON object a business-system reply holds (at `key`, when given): `{"customer": {...}}` → the
 * customer. Any other shape is the business system's fault: 502 DOWNSTREAM_BAD_REPLY.
 */
export function recordInReply(data: unknown, key?: string): Record<string, unknown> {
  const record = key === undefined ? data : isRecord(data) ? data[key] : undefined;
  if (!isRecord(record)) {
    throw new DownstreamBadReplyError('The business system sent a reply that does not have the expected shape.');
  }
  return record;
}
