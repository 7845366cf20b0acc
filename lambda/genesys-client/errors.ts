import { isAxiosError } from 'axios';
import type { ErrorBody, ErrorDetail } from './models.js';
import type { SecretRedactor } from './redaction.js';

/** Status used when no HTTP response came back (connection refused or reset, timeout, DNS). */
export const NO_RESPONSE_STATUS = 0;

export interface GenesysApiErrorInit {
  method: string;
  /** Path without the query string, e.g. `/api/v2/integrations/actions/abc`. */
  path: string;
  status: number;
  code?: string;
  apiMessage?: string;
  contextId?: string;
  details?: ErrorDetail[];
  errors?: ErrorBody[];
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  retryAfterSeconds?: number;
  attempts: number;
  cause?: Error;
}

/**
 * A failed Platform API call, after the client's own retries. Carries what Genesys said (`ErrorBody`)
 * and never the token, the client secret or the request body: every text is redacted before it lands
 * here, and no axios object (whose config holds the Authorization header) is kept, not even as `cause`.
 */
export class GenesysApiError extends Error {
  override readonly name = 'GenesysApiError';
  readonly method: string;
  readonly path: string;
  /** The HTTP status; `0` (`NO_RESPONSE_STATUS`) when no response came back. */
  readonly status: number;
  /**
   * Genesys's error code (`bad.request`, `not.found`, `too.many.requests.retry.after`), the OAuth error
   * (`invalid_client`) for login failures, or the socket error (`ECONNRESET`, `ECONNABORTED` for a
   * timeout) when there was no response.
   */
  readonly code: string | undefined;
  /** Genesys's own `message`, unadorned (`message` adds method, path, status and contextId). */
  readonly apiMessage: string | undefined;
  /** The correlation id to quote to Genesys support. */
  readonly contextId: string | undefined;
  readonly details: ErrorDetail[];
  readonly errors: ErrorBody[];
  readonly messageWithParams: string | undefined;
  readonly messageParams: Record<string, string> | undefined;
  /** From `Retry-After` on a 429 that outlasted the retries. */
  readonly retryAfterSeconds: number | undefined;
  /** HTTP attempts made, retries and the re-login retry included. */
  readonly attempts: number;

  constructor(init: GenesysApiErrorInit) {
    super(describe(init), init.cause ? { cause: init.cause } : undefined);
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.code = init.code;
    this.apiMessage = init.apiMessage;
    this.contextId = init.contextId;
    this.details = init.details ?? [];
    this.errors = init.errors ?? [];
    this.messageWithParams = init.messageWithParams;
    this.messageParams = init.messageParams;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      code: this.code,
      apiMessage: this.apiMessage,
      contextId: this.contextId,
      details: this.details,
      errors: this.errors,
      messageWithParams: this.messageWithParams,
      messageParams: this.messageParams,
      retryAfterSeconds: this.retryAfterSeconds,
      attempts: this.attempts,
    };
  }
}

function describe(init: GenesysApiErrorInit): string {
  const outcome = init.status === NO_RESPONSE_STATUS ? 'no response' : String(init.status);
  const code = init.code ? ` ${init.code}` : '';
  const text = init.apiMessage ? `: ${init.apiMessage}` : '';
  const context = init.contextId ? ` (contextId ${init.contextId})` : '';
  return `Genesys API ${init.method} ${init.path} failed: ${outcome}${code}${text}${context}`;
}

export interface FailedRequest {
  method: string;
  path: string;
  attempts: number;
}

/**
 * Turns whatever a request failed with into a `GenesysApiError`, redacting every text on the way.
 * Errors that are not HTTP errors (bugs, option mistakes) are returned unchanged.
 */
export function toGenesysApiError(error: unknown, request: FailedRequest, redactor: SecretRedactor): unknown {
  if (error instanceof GenesysApiError || !isAxiosError(error)) return error;
  const { response } = error;
  if (!response) {
    const code = error.code ?? 'NETWORK_ERROR';
    const message = redactor.redact(error.message);
    const cause = Object.assign(new Error(message), { code });
    return new GenesysApiError({ ...request, status: NO_RESPONSE_STATUS, code, apiMessage: message, cause });
  }
  const body = redactor.redactDeep(parseBody(response.data));
  const retryAfter = Number(response.headers['retry-after']);
  return new GenesysApiError({
    ...request,
    status: response.status,
    code: body.code,
    apiMessage: body.message ?? (response.statusText || undefined),
    contextId: body.contextId ?? stringOrUndefined(response.headers['inin-correlation-id']),
    details: body.details,
    errors: body.errors,
    messageWithParams: body.messageWithParams,
    messageParams: body.messageParams,
    retryAfterSeconds: Number.isFinite(retryAfter) && response.status === 429 ? retryAfter : undefined,
  });
}

/** An `ErrorBody`, the login's OAuth error `{error, error_description}`, or a text (proxy page). */
function parseBody(data: unknown): ErrorBody {
  let value = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      const text = data.trim();
      return text ? { message: text.length > 300 ? `${text.slice(0, 300)}…` : text } : {};
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const body = value as ErrorBody & { error?: unknown; error_description?: unknown; description?: unknown };
  const oauthMessage = stringOrUndefined(body.error_description) ?? stringOrUndefined(body.description);
  return {
    message: stringOrUndefined(body.message) ?? oauthMessage,
    code: stringOrUndefined(body.code) ?? stringOrUndefined(body.error),
    contextId: stringOrUndefined(body.contextId),
    messageWithParams: stringOrUndefined(body.messageWithParams),
    ...(isStringRecord(body.messageParams) ? { messageParams: body.messageParams } : {}),
    ...(Array.isArray(body.details) ? { details: body.details } : {}),
    ...(Array.isArray(body.errors) ? { errors: body.errors } : {}),
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
