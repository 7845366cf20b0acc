/**
 * Scrubs known secret values (the client secret, the Basic credentials, issued tokens, credential fields
 * of the request at hand) out of text that may reach an error or a log. Genesys does not echo secrets on
 * purpose, but a validation message quoting a credential field, or a proxy echoing a header, would.
 */
export const REDACTED = '[REDACTED]';

export class SecretRedactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  /** A redactor knowing these secrets as well (for one request's own sensitive values). */
  with(extra: Iterable<string>): SecretRedactor {
    return new SecretRedactor([...this.secrets, ...extra]);
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret embedded in a longer one (a token inside "Bearer <token>") goes whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  /** Redacts every string (keys included) in a JSON-like value. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [this.redact(key), this.redactDeep(item)]),
      ) as T;
    }
    return value;
  }
}
