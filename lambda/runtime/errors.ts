/**
 * Every error the data-action endpoint answers with is one of these named classes. Each carries the
 * HTTP status and the stable error `code` that Genesys flows and auditors see; `message` is written for
 * the caller and never contains internals (the original failure travels in `cause`, for the log only).
 */
export interface ErrorDetail {
  /** JSON pointer into the input (`/customer_id`), or '' for the whole document. */
  path: string;
  /** The rule that failed (`required`, `pattern`, `type`, `additionalProperties`, ...). */
  rule: string;
  message: string;
}

export interface DataActionErrorOptions {
  cause?: unknown;
  details?: ErrorDetail[];
  retryAfterSeconds?: number;
}

export abstract class DataActionError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  readonly details?: ErrorDetail[];
  readonly retryAfterSeconds?: number;

  constructor(message: string, options: DataActionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.details) this.details = options.details;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export class InvalidJsonError extends DataActionError {
  readonly statusCode = 400;
  readonly code = 'INVALID_JSON';
}
export class UnsupportedMediaTypeError extends DataActionError {
  readonly statusCode = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}
export class InputContractViolationError extends DataActionError {
  readonly statusCode = 400;
  readonly code = 'INPUT_CONTRACT_VIOLATION';
}
export class UnauthorizedError extends DataActionError {
  readonly statusCode = 401;
  readonly code = 'UNAUTHORIZED';
}
export class ForbiddenError extends DataActionError {
  readonly statusCode = 403;
  readonly code = 'FORBIDDEN';
}
export class UnknownActionError extends DataActionError {
  readonly statusCode = 404;
  readonly code = 'UNKNOWN_ACTION';
}
export class MethodNotAllowedError extends DataActionError {
  readonly statusCode = 405;
  readonly code = 'METHOD_NOT_ALLOWED';
}
export class PayloadTooLargeError extends DataActionError {
  readonly statusCode = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
}
/** The business system says the record does not exist. */
export class DownstreamNotFoundError extends DataActionError {
  readonly statusCode = 404;
  readonly code = 'NOT_FOUND';
}
/** The business system refused the request as invalid (its 400/409/422). */
export class DownstreamRejectedError extends DataActionError {
  readonly statusCode = 422;
  readonly code = 'DOWNSTREAM_REJECTED';
}
/** The business system refused our credential (its 401/403): our configuration, not the caller's. */
export class DownstreamAuthError extends DataActionError {
  readonly statusCode = 502;
  readonly code = 'DOWNSTREAM_AUTH_FAILED';
}
/** 5xx or network failure after retries. */
export class DownstreamUnavailableError extends DataActionError {
  readonly statusCode = 502;
  readonly code = 'DOWNSTREAM_ERROR';
}
/** Not JSON, or larger than the reply cap. */
export class DownstreamBadReplyError extends DataActionError {
  readonly statusCode = 502;
  readonly code = 'DOWNSTREAM_BAD_REPLY';
}
/** The business system throttled us (429) and retries could not fit the budget. */
export class DownstreamThrottledError extends DataActionError {
  readonly statusCode = 503;
  readonly code = 'DOWNSTREAM_THROTTLED';
}
export class CircuitOpenError extends DataActionError {
  readonly statusCode = 503;
  readonly code = 'CIRCUIT_OPEN';
}
/**
 * A mutating action's identical call (same action, same input) is still being carried out: this one is not,
 * so that the change is made once. Retry-After says when its answer can be asked for again (it is then replayed).
 */
export class RequestInProgressError extends DataActionError {
  readonly statusCode = 409;
  readonly code = 'REQUEST_IN_PROGRESS';
}
/** The idempotency store of a mutating action could not be used: the action is not carried out unprotected. */
export class IdempotencyUnavailableError extends DataActionError {
  readonly statusCode = 503;
  readonly code = 'IDEMPOTENCY_UNAVAILABLE';
}
export class DeadlineExceededError extends DataActionError {
  readonly statusCode = 504;
  readonly code = 'DEADLINE_EXCEEDED';
}
/** Our own answer failed its contract: details go to the log, never the body. */
export class OutputContractViolationError extends DataActionError {
  readonly statusCode = 500;
  readonly code = 'OUTPUT_CONTRACT_VIOLATION';
}
export class InternalError extends DataActionError {
  readonly statusCode = 500;
  readonly code = 'INTERNAL_ERROR';
}

/** The JSON error envelope every non-2xx answer carries. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: ErrorDetail[]; traceId: string };
}
