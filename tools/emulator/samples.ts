/**
 * Plausible values from JSON Schemas: a sample input from an action's input contract (strings chosen by
 * enum, pattern, format and property name), and a sample value for any schema (outputs). Used by the corpus
 * yardstick and by `data-action invoke` when no input is given.
 */

type Schema = Record<string, unknown>;

const asSchema = (value: unknown): Schema => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {});

const SAMPLE_UUID = '5e5c5c66-ea97-4e7f-ac41-6424784829f2';
const SAMPLE_INSTANT = '2024-01-01T00:00:00.000Z';

/** Name-based guesses, first match wins. */
const BY_NAME: ReadonlyArray<[RegExp, string]> = [
  [/url|uri|link|webhook/i, 'https://example.com/sample'],
  [/e-?mail/i, 'user@example.com'],
  [/phone|^ani$|dnis|msisdn|callbacknumber|^to$|^from$|number$/i, '+13175550100'],
  [/interval/i, `${SAMPLE_INSTANT}/2024-01-02T00:00:00.000Z`],
  [/date|time$|^start|^end/i, SAMPLE_INSTANT],
  [/id$|_id|uuid/i, SAMPLE_UUID],
];

const BY_FORMAT: Readonly<Record<string, string>> = {
  'date-time': SAMPLE_INSTANT,
  date: '2024-01-01',
  email: 'user@example.com',
  uri: 'https://example.com/sample',
  uuid: SAMPLE_UUID,
};

/** Candidates tried against a `pattern`. */
const PATTERN_CANDIDATES = [SAMPLE_UUID, 'sample', 'SAMPLE', '12345', '+13175550100', 'user@example.com', SAMPLE_INSTANT, 'a', '1'];

function primaryType(schema: Schema): string | undefined {
  const { type } = schema;
  if (Array.isArray(type)) return (type.find((t) => t !== 'null') ?? type[0]) as string | undefined;
  if (typeof type === 'string') return type;
  if (schema['properties'] !== undefined) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

function sampleString(schema: Schema, name: string): string {
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return String(schema['enum'][0]);
  const format = typeof schema['format'] === 'string' ? BY_FORMAT[schema['format']] : undefined;
  const byName = BY_NAME.find(([re]) => re.test(name))?.[1];
  let value = format ?? byName ?? 'sample';
  if (typeof schema['pattern'] === 'string') {
    const pattern = new RegExp(schema['pattern'], 'u');
    if (!pattern.test(value)) value = PATTERN_CANDIDATES.find((c) => pattern.test(c)) ?? value;
  }
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, max);
  return value;
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : undefined;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : undefined;
  const preferred = integer ? 1 : 1.5;
  if (min !== undefined && preferred < min) return integer ? Math.ceil(min) : min;
  if (max !== undefined && preferred > max) return integer ? Math.floor(max) : max;
  return preferred;
}

/** A value valid for `schema` where the schema is simple enough to tell (no combinators). */
export function sampleFromSchema(schema: unknown, name = '', depth = 0): unknown {
  const s = asSchema(schema);
  if (s['default'] !== undefined) return s['default'];
  if (Array.isArray(s['enum']) && s['enum'].length > 0) return s['enum'][0];
  switch (primaryType(s)) {
    case 'string':
      return sampleString(s, name);
    case 'integer':
      return sampleNumber(s, true);
    case 'number':
      return sampleNumber(s, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return depth > 20 ? [] : [sampleFromSchema(Array.isArray(s['items']) ? s['items'][0] : s['items'], name, depth + 1)];
    case 'object': {
      if (depth > 20) return {};
      const properties = asSchema(s['properties']);
      return Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, sampleFromSchema(child, key, depth + 1)]));
    }
    default:
      return sampleString(s, name);
  }
}

/** A sample input object: every property of the input contract gets a value. */
export function sampleInput(inputSchema: unknown): Record<string, unknown> {
  const properties = asSchema(asSchema(inputSchema)['properties']);
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, sampleFromSchema(schema, name)]));
}
