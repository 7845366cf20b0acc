/**
 * Errors the stand-in answers with, in Genesys's `ErrorBody` shape. One class carries status, code and
 * message; the helpers below are the few errors Genesys's public API documents for every endpoint
 * (texts from the Platform API's swagger, as republished in the official SDK docs — see README).
 */
import type { ErrorBody, ErrorDetail } from '../models.js';

export interface GenesysErrorOptions {
  /** `messageWithParams` is the message with `{name}` placeholders; `messageParams` fills them. */
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  details?: ErrorDetail[];
  errors?: ErrorBody[];
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class GenesysApiError extends Error {
  readonly options: GenesysErrorOptions;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options: GenesysErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GenesysApiError';
    this.options = options;
  }

  /** The body Genesys sends. `messageWithParams` appears only when the message has parameters, as Genesys does. */
  toErrorBody(contextId: string): ErrorBody {
    const body: ErrorBody = { message: this.message, code: this.code, status: this.status };
    if (this.options.messageWithParams !== undefined) body.messageWithParams = this.options.messageWithParams;
    body.messageParams = this.options.messageParams ?? {};
    body.contextId = contextId;
    body.details = this.options.details ?? [];
    body.errors = this.options.errors ?? [];
    return body;
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = [], errors: ErrorBody[] = []): GenesysApiError =>
  new GenesysApiError(400, 'bad.request', message, { details, errors });

export const malformedSyntax = (cause?: unknown): GenesysApiError =>
  new GenesysApiError(400, 'bad.request', 'The request could not be understood by the server due to malformed syntax.', {
    cause,
  });

export const notFound = (message = 'The requested resource was not found.'): GenesysApiError =>
  new GenesysApiError(404, 'not.found', message);

export const conflict = (message: string, details: ErrorDetail[] = []): GenesysApiError =>
  new GenesysApiError(409, 'conflict', message, { details });

export const authenticationRequired = (): GenesysApiError =>
  new GenesysApiError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');

export const badCredentials = (): GenesysApiError => new GenesysApiError(401, 'bad.credentials', 'Invalid login credentials.');

export const unsupportedMediaType = (): GenesysApiError =>
  new GenesysApiError(
    415,
    'unsupported.media.type',
    'Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.',
  );

export const requestEntityTooLarge = (contentLength: number | undefined, maxBytes: number): GenesysApiError => {
  const length = contentLength === undefined ? 'unknown' : String(contentLength);
  return new GenesysApiError(
    413,
    'request.entity.too.large',
    `The request is over the size limit. Content-Length: ${length}, Maximum bytes: ${maxBytes}`,
    {
      messageWithParams: 'The request is over the size limit. Content-Length: {contentLength}, Maximum bytes: {maxBytes}',
      messageParams: { contentLength: length, maxBytes: String(maxBytes) },
    },
  );
};

export const tooManyRequests = (retryAfterSeconds: number): GenesysApiError =>
  new GenesysApiError(
    429,
    'too.many.requests.retry.after',
    `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
    {
      messageWithParams: 'Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds',
      messageParams: { retryAfter: String(retryAfterSeconds) },
      headers: { 'Retry-After': String(retryAfterSeconds) },
    },
  );

export const methodNotAllowed = (allowed: string[]): GenesysApiError =>
  new GenesysApiError(405, 'method.not.allowed', 'Method Not Allowed', { headers: { Allow: allowed.join(', ') } });

export const internalServerError = (cause: unknown): GenesysApiError =>
  new GenesysApiError(
    500,
    'internal.server.error',
    'The server encountered an unexpected condition which prevented it from fulfilling the request.',
    { cause },
  );

/** A validation failure on one body field: Genesys puts the field in `details[].fieldName`. */
export const invalidField = (fieldName: string, errorCode: string, message: string): GenesysApiError =>
  badRequest(message, [{ errorCode, fieldName }]);
