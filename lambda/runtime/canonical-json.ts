/**
 * Canonical JSON: object keys sorted, no whitespace. Two equal values always give the same text, so
 * hashes of it (the audit `input_hash`, the contract hash) are stable across processes and deploys.
 * Written here because it is six lines; the `canonicalize` (RFC 8785) package would add number
 * formatting rules we do not need for hashing our own parsed JSON.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}
