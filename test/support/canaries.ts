/**
 * Canary values: recognisable strings planted where a leak would matter — as the secrets of every fake
 * Secrets Manager, local secrets file and soak run, and as the personal data of test inputs — so that a
 * scan of everything the runtime logged can prove none of them got out (test/security/canary-scan.ts,
 * run over the whole jest run by test/security/global-teardown.ts; the soak scans its own run).
 *
 * A canary is unique enough never to occur by chance: finding one in a log line is a leak, nothing else.
 */

/** Secret values, by the secret they stand for. */
export const SECRET_CANARIES = {
  /** Not a secret (usernames are logged by Genesys itself); kept here so the Basic token can be built. */
  inboundUsername: 'genesys-integration',
  inboundPassword: 'CanaryInboundPassword-6f2d91',
  /** A custom-header inbound credential's value. */
  headerValue: 'CanaryHeaderCredential-0b7e44',
  downstreamApiKey: 'CanaryDownstreamKey-93c1aa',
  auditHmacKey: 'CanaryAuditHmacKey-5d8e02',
  /** The registration's Genesys OAuth client secret. */
  genesysOAuthClientSecret: 'CanaryGenesysClientSecret-4e1b77',
  /** The registration tests' inbound credential, before and after a rotation. */
  registrationInboundPassword: 'CanaryInboundPassword-a93f0c',
  registrationRotatedPassword: 'CanaryRotatedPassword-17d2e8',
} as const;

/** Personal data planted in test inputs (valid under the customer-update contract). */
export const PII_CANARIES = {
  firstName: 'CanaryFirstName',
  lastName: 'CanaryLastName',
  email: 'canary.inbox@example.org',
  phone: '+35399887766',
  /** A value for hostile input: any field, any place. */
  hostileValue: 'HostileCanaryValue4711',
} as const;

/** The local stack's secrets (tools/local-stack/local-secrets.ts shape), all canaries. */
export function canaryLocalSecrets(): {
  inboundCredential: { username: string; password: string };
  downstreamApiKey: string;
  auditHmacKey: string;
} {
  return {
    inboundCredential: { username: 'genesys', password: SECRET_CANARIES.inboundPassword },
    downstreamApiKey: SECRET_CANARIES.downstreamApiKey,
    auditHmacKey: SECRET_CANARIES.auditHmacKey,
  };
}

/** The token of `Authorization: Basic <token>` for a username and password. */
export const basicToken = (username: string, password: string): string => Buffer.from(`${username}:${password}`).toString('base64');

/** One string to look for, and what it stands for (never printed by a report: the name is). */
export interface CanaryNeedle {
  name: string;
  value: string;
}

/**
 * Every form in which a canary could show up in a log line: the value itself, its URL-encoded form when
 * different, and the Basic tokens built from the inbound passwords (a token is base64, so the password
 * does not appear in it as such). `extra` adds run-specific canaries (the soak's personal-data marker).
 */
export function canaryNeedles(extra: Readonly<Record<string, string>> = {}): CanaryNeedle[] {
  const needles: CanaryNeedle[] = [];
  const add = (name: string, value: string) => {
    needles.push({ name, value });
    const encoded = encodeURIComponent(value);
    if (encoded !== value) needles.push({ name: `${name} (URL-encoded)`, value: encoded });
  };
  const { inboundUsername, ...secrets } = SECRET_CANARIES;
  for (const [name, value] of Object.entries(secrets)) add(`secret ${name}`, value);
  for (const [name, value] of Object.entries(PII_CANARIES)) add(`personal data ${name}`, value);
  for (const [name, value] of Object.entries(extra)) add(name, value);
  for (const username of [inboundUsername, 'genesys', 'genesys-data-actions', 'genesys-data-actions-v2']) {
    for (const password of [secrets.inboundPassword, secrets.registrationInboundPassword, secrets.registrationRotatedPassword]) {
      needles.push({ name: `Basic token of ${username}`, value: basicToken(username, password) });
    }
  }
  return needles;
}
