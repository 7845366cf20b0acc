/**
 * The two secrets registration reads, by ARN, through Powertools Parameters (`SecretsProvider`):
 * the Genesys OAuth client `{"clientId","clientSecret"}` and the inbound credential
 * `{"username","password"}` that becomes the integration's basicAuth credential.
 *
 * Both are fetched afresh on every invocation (`forceFetch`): registration runs a handful of times per
 * deploy, and a rotated value must reach Genesys on the next Update, not after a cache expires.
 * A secret that cannot be read or parsed is reported by its ARN only: never its value, and never a JSON
 * parse error (whose message quotes the text it failed on).
 */
import { SecretError } from './errors.js';

/** What this module needs of a Powertools `SecretsProvider`. */
export interface SecretReader {
  get(name: string, options: { forceFetch: boolean }): Promise<unknown>;
}

export interface GenesysOAuthClientSecret {
  clientId: string;
  clientSecret: string;
}

export interface InboundCredentialSecret {
  username: string;
  password: string;
}

export class RegistrationSecrets {
  constructor(private readonly provider: SecretReader) {}

  /** The OAuth client registration logs in with (client-credentials grant, `integrations` scope). */
  async genesysOAuthClient(arn: string): Promise<GenesysOAuthClientSecret> {
    const secret = await this.readJson(arn, 'the Genesys OAuth client');
    const { clientId, clientSecret } = secret;
    if (!isNonEmptyString(clientId) || !isNonEmptyString(clientSecret)) {
      throw new SecretError(`secret ${arn} (the Genesys OAuth client) must be JSON {"clientId","clientSecret"} with non-empty strings`);
    }
    return { clientId, clientSecret };
  }

  /** The credential Genesys sends to our endpoint (Basic auth). */
  async inboundCredential(arn: string): Promise<InboundCredentialSecret> {
    const secret = await this.readJson(arn, 'the inbound credential');
    const { username, password } = secret;
    if (!isNonEmptyString(username) || !isNonEmptyString(password) || username.includes(':')) {
      throw new SecretError(
        `secret ${arn} (the inbound credential) must be JSON {"username","password"}: non-empty strings, no ':' in username`,
      );
    }
    return { username, password };
  }

  private async readJson(arn: string, what: string): Promise<Record<string, unknown>> {
    let value: unknown;
    try {
      value = await this.provider.get(arn, { forceFetch: true });
    } catch (error) {
      // Powertools wraps the AWS SDK error (AccessDenied, ResourceNotFound), which names the reason, never the value.
      const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const reason = root instanceof Error ? `${root.name}: ${root.message}` : 'unknown error';
      throw new SecretError(`secret ${arn} (${what}) could not be read: ${reason}`, { cause: error });
    }
    const text = typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : undefined;
    if (text === undefined || text === '') throw new SecretError(`secret ${arn} (${what}) has no value`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SecretError(`secret ${arn} (${what}) is not JSON`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new SecretError(`secret ${arn} (${what}) must be a JSON object`);
    }
    return parsed as Record<string, unknown>;
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
