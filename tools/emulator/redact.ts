/**
 * Keeps credential values out of everything the emulator reports (step results, error messages): every
 * occurrence of a secret becomes `********`. Secrets are the Basic token and password of a `basicAuth`
 * credential (its user name is not secret), and every field of other credential types. Values shorter than
 * four characters are left alone: hiding them would blank out ordinary text all over a report, and they
 * protect nothing. What is sent on the wire is not redacted.
 */
import type { ActionCredentials } from './types.js';

export const REDACTED = '********';
const MIN_SECRET_LENGTH = 4;

export type Redactor = <T>(value: T) => T;

export function createRedactor(credentials: ActionCredentials | undefined): Redactor {
  const secrets = new Set<string>();
  const fields = credentials?.type === 'basicAuth' ? { password: credentials.fields['password'] } : (credentials?.fields ?? {});
  for (const value of Object.values(fields)) if (value && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
  const basic = basicToken(credentials);
  if (basic) secrets.add(basic);
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (value) => value;
  const redactText = (text: string): string => ordered.reduce((t, secret) => t.split(secret).join(REDACTED), text);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k), walk(v)]));
    }
    return value;
  };
  return <T>(value: T): T => walk(value) as T;
}

/** `base64(userName:password)` of a `basicAuth` credential. */
export function basicToken(credentials: ActionCredentials | undefined): string | undefined {
  if (credentials?.type !== 'basicAuth') return undefined;
  const { userName = '', password = '' } = credentials.fields;
  return Buffer.from(`${userName}:${password}`, 'utf8').toString('base64');
}
