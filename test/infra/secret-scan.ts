/**
 * Looks through a synthesized template for anything that could be a secret value: known credential
 * shapes and long high-entropy tokens that are not one of the template's own identifiers (logical ids,
 * hashes, ARNs, URLs).
 */
export interface Finding {
  path: string;
  value: string;
  why: string;
}

const CREDENTIAL_SHAPES: Array<[RegExp, string]> = [
  [/AKIA[0-9A-Z]{16}/, 'AWS access key id'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key'],
  // Encoded credentials hold a digit or base64 punctuation: prose such as "Basic credential" does not.
  [/\bBearer\s+(?=[A-Za-z._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{12,}/, 'bearer token'],
  [/\bBasic\s+(?=[A-Za-z]*[0-9+/=])[A-Za-z0-9+/]{12,}={0,2}/, 'Basic credential'],
  [/"(?:password|clientSecret|apiKey|secret|token)"\s*:\s*"[^"]+"/i, 'credential field with a value'],
  [/:\/\/[^/\s:@]+:[^/\s@]+@/, 'URL with credentials'],
];

function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

export function scanForSecrets(template: Record<string, unknown>, canaries: readonly string[] = []): Finding[] {
  const identifiers = new Set<string>();
  for (const section of ['Resources', 'Outputs', 'Parameters', 'Conditions', 'Mappings']) {
    for (const id of Object.keys((template[section] as object | undefined) ?? {})) identifiers.add(id);
  }
  const findings: Finding[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const canary of canaries) if (value.includes(canary)) findings.push({ path, value, why: 'planted canary' });
      for (const [pattern, why] of CREDENTIAL_SHAPES) if (pattern.test(value)) findings.push({ path, value, why });
      for (const [token] of value.matchAll(/[A-Za-z0-9+/=_-]{24,}/g)) {
        const benign =
          identifiers.has(token) ||
          /^[0-9a-f]+$/.test(token) || // sha256 hashes: asset keys, contract and schema hashes
          /^[0-9a-f]{64}\.zip$/.test(token) ||
          !/[A-Z]/.test(token) || !/[a-z]/.test(token) || !/[0-9]/.test(token) || // words, kebab and snake names
          entropy(token) < 4;
        if (!benign) findings.push({ path, value: token, why: 'high-entropy token' });
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (/^(SecretString|SecretStringValue|SecretBinary)$/.test(k)) findings.push({ path: `${path}.${k}`, value: String(v), why: 'secret value property' });
        visit(v, `${path}.${k}`);
      }
    }
  };
  visit(template, '$');
  return findings;
}
