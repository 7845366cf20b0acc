import type { AxiosInstance } from 'axios';
import { GenesysApiError, toGenesysApiError } from './errors.js';
import { attemptsOf } from './http.js';
import type { SecretRedactor } from './redaction.js';
import type { GenesysClientLogger } from './options.js';

export interface TokenProviderOptions {
  clientId: string;
  clientSecret: string;
  /** Axios instance whose baseURL is the login origin (`https://login.<domain>`). */
  http: AxiosInstance;
  /** Renew this long before `expires_in` runs out, but never later than half-way through the token's life. */
  renewalMarginMs: number;
  /** Learns every token issued, so no error or log can show one. */
  redactor: SecretRedactor;
  logger?: GenesysClientLogger;
}

interface TokenReply {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
}

interface CachedToken {
  value: string;
  /** `performance.now()` after which the token is renewed before use. */
  renewAt: number;
}

const TOKEN_PATH = '/oauth/token';
/** When a reply lacks `expires_in`, assume a short life rather than forever. */
const FALLBACK_LIFETIME_SECONDS = 300;

/**
 * OAuth client-credentials tokens for the Platform API: `POST /oauth/token` with HTTP Basic client id
 * and secret and `grant_type=client_credentials`. Genesys issues no refresh token, so the provider logs in
 * again before expiry. Concurrent callers share one login (single flight).
 */
export class ClientCredentialsTokenProvider {
  private readonly basicCredentials: string;
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;

  constructor(private readonly options: TokenProviderOptions) {
    this.basicCredentials = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
    options.redactor.add(options.clientSecret);
    options.redactor.add(this.basicCredentials);
  }

  /** A token valid for a while yet, from the cache or from one shared login. */
  async getToken(): Promise<string> {
    const cached = this.cached;
    if (cached && performance.now() < cached.renewAt) return cached.value;
    this.pending ??= this.login().finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).value;
  }

  /**
   * Forget `rejected` after Genesys answered 401 to it. A token already replaced (another request
   * renewed it first) is left alone, so a burst of 401s still makes one login.
   */
  invalidate(rejected: string | undefined): void {
    if (this.cached && (rejected === undefined || this.cached.value === rejected)) this.cached = undefined;
  }

  private async login(): Promise<CachedToken> {
    const { http, logger, redactor, renewalMarginMs } = this.options;
    const started = performance.now();
    let reply: TokenReply;
    try {
      const response = await http.post<TokenReply>(TOKEN_PATH, 'grant_type=client_credentials', {
        headers: {
          Authorization: `Basic ${this.basicCredentials}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
      });
      reply = response.data;
    } catch (error) {
      throw toGenesysApiError(error, { method: 'POST', path: TOKEN_PATH, attempts: attemptsOf(error) }, redactor);
    }
    if (typeof reply?.access_token !== 'string' || reply.access_token === '') {
      throw new GenesysApiError({
        method: 'POST',
        path: TOKEN_PATH,
        status: 200,
        code: 'invalid.token.reply',
        apiMessage: 'the login reply carries no access_token',
        attempts: 1,
      });
    }
    const value = reply.access_token;
    redactor.add(value);
    const lifetimeSeconds =
      typeof reply.expires_in === 'number' && reply.expires_in > 0 ? reply.expires_in : FALLBACK_LIFETIME_SECONDS;
    const lifetimeMs = lifetimeSeconds * 1000;
    const renewAt = started + lifetimeMs - Math.min(renewalMarginMs, lifetimeMs / 2);
    this.cached = { value, renewAt };
    logger?.debug('Genesys token issued', { expiresInSeconds: lifetimeSeconds });
    return this.cached;
  }
}
