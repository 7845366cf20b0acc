/**
 * The three secrets the function needs, read through Powertools Parameters (`SecretsProvider`), which
 * caches each for `SECRETS_MAX_AGE_SECONDS`: a warm invocation never calls Secrets Manager.
 *
 * On top of the provider's cache this module adds two things the provider does not do:
 * - the first read of any secret starts reading all three in parallel (a cold start pays one round
 *   trip, not three), and concurrent reads of one secret share one request;
 * - what is derived from a secret (the expected credential's digest, the HMAC key object) is computed
 *   once per secret value, and again only when the cached value changes (rotation).
 *
 * Nothing here ever puts a secret value in an error message: a secret that does not parse is reported
 * by the name of its environment variable only.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { ConfigurationError } from './config.js';
import { credentialDigest } from './timing-safe.js';

/** How Genesys presents the integration's credential, and the digest of the value we expect. */
export type InboundCredential =
  | { readonly scheme: 'basic'; readonly headerName: 'authorization'; readonly digest: Buffer }
  | { readonly scheme: 'header'; readonly headerName: string; readonly digest: Buffer };

/** Reading a secret failed (missing, access denied, Secrets Manager unreachable). */
export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
  constructor(
    readonly variable: string,
    options: { cause: unknown },
  ) {
    super(`the secret named by ${variable} could not be read`, options);
  }
}

/** What this module needs of a Powertools `SecretsProvider`: a cached `get`. */
export interface SecretReader {
  get(name: string, options: { maxAge: number }): Promise<unknown>;
}

export interface RuntimeSecretsOptions {
  /** A Powertools `SecretsProvider` (its SDK client honours AWS_ENDPOINT_URL_SECRETS_MANAGER). */
  provider: SecretReader;
  /** Cache lifetime of each secret, in seconds (default 300). */
  maxAgeSeconds?: number;
  inboundCredentialSecretArn: string;
  downstreamApiKeySecretArn: string;
  auditHmacSecretArn: string;
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Parses INBOUND_CREDENTIAL_SECRET_ARN's JSON into what the authentication middleware compares against. */
export function parseInboundCredential(raw: string): InboundCredential {
  const variable = 'INBOUND_CREDENTIAL_SECRET_ARN';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // No cause: a JSON parse error message quotes the text it failed on, i.e. the secret.
    throw new ConfigurationError(variable, 'the secret is not JSON');
  }
  if (isRecord(parsed) && typeof parsed.username === 'string' && typeof parsed.password === 'string') {
    if (parsed.username === '' || parsed.username.includes(':') || parsed.password === '') {
      throw new ConfigurationError(variable, 'username must be non-empty without ":" and password non-empty (RFC 7617)');
    }
    const token = Buffer.from(`${parsed.username}:${parsed.password}`, 'utf8').toString('base64');
    return Object.freeze({ scheme: 'basic', headerName: 'authorization', digest: credentialDigest(token) });
  }
  if (isRecord(parsed) && typeof parsed.headerName === 'string' && typeof parsed.headerValue === 'string') {
    if (!HEADER_NAME.test(parsed.headerName) || parsed.headerValue === '') {
      throw new ConfigurationError(variable, 'headerName must be an HTTP header name and headerValue non-empty');
    }
    return Object.freeze({ scheme: 'header', headerName: parsed.headerName.toLowerCase(), digest: credentialDigest(parsed.headerValue) });
  }
  throw new ConfigurationError(variable, 'the secret must be JSON {"username","password"} or {"headerName","headerValue"}');
}

/** One secret: its cached raw value (by the provider), the value derived from it, and an in-flight read. */
class SecretSlot<T> {
  #inFlight: Promise<unknown> | undefined;
  #raw: string | undefined;
  #derived: T | undefined;

  constructor(
    private readonly provider: SecretReader,
    private readonly getOptions: { maxAge: number },
    readonly arn: string,
    readonly variable: string,
    private readonly derive: (raw: string) => T,
  ) {}

  async value(): Promise<T> {
    let raw: unknown;
    try {
      raw = await (this.#inFlight ?? this.#read());
    } catch (error) {
      throw new SecretUnavailableError(this.variable, { cause: error });
    }
    if (raw !== this.#raw || this.#derived === undefined) {
      if (typeof raw !== 'string' || raw === '') throw new ConfigurationError(this.variable, 'the secret has no string value');
      this.#derived = this.derive(raw);
      this.#raw = raw;
    }
    return this.#derived;
  }

  #read(): Promise<unknown> {
    const read = this.provider.get(this.arn, this.getOptions);
    this.#inFlight = read;
    const settle = () => {
      if (this.#inFlight === read) this.#inFlight = undefined;
    };
    read.then(settle, settle);
    return read;
  }
}

export class RuntimeSecrets {
  readonly #inbound: SecretSlot<InboundCredential>;
  readonly #downstream: SecretSlot<string>;
  readonly #audit: SecretSlot<KeyObject>;
  #preloaded = false;

  constructor(options: RuntimeSecretsOptions) {
    const maxAge = options.maxAgeSeconds ?? 300;
    if (!Number.isInteger(maxAge) || maxAge < 1) throw new RangeError('RuntimeSecrets: maxAgeSeconds must be a positive integer');
    for (const key of ['inboundCredentialSecretArn', 'downstreamApiKeySecretArn', 'auditHmacSecretArn'] as const) {
      if (!options[key]) throw new TypeError(`RuntimeSecrets: ${key} is required`);
    }
    const getOptions = Object.freeze({ maxAge });
    const slot = <T>(arn: string, variable: string, derive: (raw: string) => T) =>
      new SecretSlot(options.provider, getOptions, arn, variable, derive);
    this.#inbound = slot(options.inboundCredentialSecretArn, 'INBOUND_CREDENTIAL_SECRET_ARN', parseInboundCredential);
    this.#downstream = slot(options.downstreamApiKeySecretArn, 'DOWNSTREAM_API_KEY_SECRET_ARN', (raw) => raw);
    this.#audit = slot(options.auditHmacSecretArn, 'AUDIT_HMAC_SECRET_ARN', (raw) => createSecretKey(Buffer.from(raw, 'utf8')));
  }

  /** What Genesys must present (INBOUND_CREDENTIAL_SECRET_ARN). */
  inboundCredential(): Promise<InboundCredential> {
    this.#preloadOnce();
    return this.#inbound.value();
  }

  /** The bearer key for the business system (DOWNSTREAM_API_KEY_SECRET_ARN). */
  downstreamApiKey(): Promise<string> {
    this.#preloadOnce();
    return this.#downstream.value();
  }

  /** The key of the audit `input_hash` (AUDIT_HMAC_SECRET_ARN). */
  auditHmacKey(): Promise<KeyObject> {
    this.#preloadOnce();
    return this.#audit.value();
  }

  /** First use: start all three reads at once. Failures surface later, in the read that needs the secret. */
  #preloadOnce(): void {
    if (this.#preloaded) return;
    this.#preloaded = true;
    const ignore = () => undefined;
    for (const slot of [this.#inbound, this.#downstream, this.#audit] as SecretSlot<unknown>[]) slot.value().catch(ignore);
  }
}
