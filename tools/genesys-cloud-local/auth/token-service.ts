/**
 * OAuth clients and the access tokens they obtain (client-credentials grant). Tokens are opaque random
 * strings with an expiry, like Genesys's; there is no refresh token, a client logs in again.
 * Secrets are compared in constant time and never kept in anything but the client list.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { authenticationRequired, badCredentials } from '../http/genesys-error.js';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface IssuedToken {
  accessToken: string;
  clientId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison of two strings of any length (hashing first equalises the lengths). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export class TokenService {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clients: readonly OAuthClient[],
    private readonly ttlSeconds: number,
    private readonly clock: () => number,
  ) {}

  /** The client these credentials authenticate, or undefined. Every client is checked, so timing says nothing. */
  authenticateClient(clientId: string, clientSecret: string): OAuthClient | undefined {
    let found: OAuthClient | undefined;
    for (const client of this.clients) {
      const idMatches = secretsEqual(client.clientId, clientId);
      const secretMatches = secretsEqual(client.clientSecret, clientSecret);
      if (idMatches && secretMatches) found = client;
    }
    return found;
  }

  issue(clientId: string): IssuedToken {
    const token: IssuedToken = {
      accessToken: randomBytes(48).toString('base64url'),
      clientId,
      expiresAt: this.clock() + this.ttlSeconds * 1000,
    };
    this.tokens.set(token.accessToken, token);
    return token;
  }

  get tokenTtlSeconds(): number {
    return this.ttlSeconds;
  }

  /**
   * The token an `Authorization` header carries. No header (or not a bearer one): 401
   * `authentication.required`; an unknown or expired token: 401 `bad.credentials`.
   */
  authenticate(authorization: string | undefined): IssuedToken {
    const match = authorization === undefined ? null : /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw authenticationRequired();
    const token = this.tokens.get(match[1]!);
    if (!token) throw badCredentials();
    if (token.expiresAt <= this.clock()) {
      this.tokens.delete(token.accessToken);
      throw badCredentials();
    }
    return token;
  }

  expireAll(): void {
    this.tokens.clear();
  }

  /** Live tokens (for the test helper `state()`); the token strings themselves are not exposed. */
  activeTokenCount(): number {
    const now = this.clock();
    return [...this.tokens.values()].filter((t) => t.expiresAt > now).length;
  }
}
