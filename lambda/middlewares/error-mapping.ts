/**
 * Error mapping: whatever was thrown becomes the public error the caller gets, recorded on the
 * invocation state for the adapter (which shapes the answer), the metrics and the audit record.
 * - Our named errors (`DataActionError`) pass through: their status, code and message are public.
 * - Anything else (a bug, a secret that could not be read, a library failure) becomes 500
 *   INTERNAL_ERROR with a generic message; what happened goes to the log only, through the
 *   allowlist of `describeErrorForLog` (no secret, no input value, no raw library error).
 * Server-side failures (5xx) get one log line each; client errors are in the audit record only.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { DataActionError, InternalError } from '../runtime/errors.js';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';
import { describeErrorForLog } from '../runtime/safe-error-log.js';

export const FAILURE_LOG_MESSAGE = 'data-action failed';

export function toPublicError(error: unknown): DataActionError {
  if (error instanceof DataActionError) return error;
  return new InternalError('An internal error occurred.', { cause: error });
}

export interface ErrorMappingMiddlewareOptions {
  logger: Logger;
}

export function errorMappingMiddleware(options: ErrorMappingMiddlewareOptions): DataActionMiddleware {
  const { logger } = options;
  if (!logger) throw new TypeError('errorMappingMiddleware: logger is required');

  const logServerFailure = (publicError: DataActionError, thrown: unknown, action: string | null): void => {
    const entry = {
      message: FAILURE_LOG_MESSAGE,
      action,
      http_status: publicError.statusCode,
      error_code: publicError.code,
      error_chain: describeErrorForLog(thrown),
      // Output contract violations: path + rule + AJV message (schema terms only, never the value).
      ...(publicError.details ? { error_details: publicError.details } : {}),
    };
    if (publicError.statusCode === 500) logger.error(entry);
    else logger.warn(entry);
  };

  const errorMappingMiddlewareOnError = (request: DataActionRequest): void => {
    const state = invocationOf(request);
    const publicError = toPublicError(request.error);
    state.error = publicError;
    if (publicError.statusCode >= 500) logServerFailure(publicError, request.error, state.requestedAction);
  };

  return { onError: errorMappingMiddlewareOnError };
}
