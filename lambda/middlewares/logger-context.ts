/**
 * Logger context: who is calling, for every log line of this invocation. The correlation id is
 * Genesys's `ININ-Correlation-Id` (falling back to the Lambda request id, e.g. for direct invokes);
 * `ININ-Organization-Id` and `ININ-User-Id` go to the audit record. Header values are only taken when
 * they look like ids (so an unauthenticated caller cannot stuff the log); otherwise they count as absent.
 *
 * One `appendKeys` per invocation, overwriting the previous invocation's keys: no child logger, no reset.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

function idHeader(headers: APIGatewayProxyEvent['headers'] | null | undefined, name: string): string | null {
  const value = headers?.[name];
  return typeof value === 'string' && ID.test(value) ? value : null;
}

export interface LoggerContextMiddlewareOptions {
  logger: Logger;
}

export function loggerContextMiddleware(options: LoggerContextMiddlewareOptions): DataActionMiddleware {
  const { logger } = options;
  if (!logger) throw new TypeError('loggerContextMiddleware: logger is required');

  const loggerContextMiddlewareBefore = (request: DataActionRequest): void => {
    const state = invocationOf(request);
    if (state.invocationType === 'api') {
      const headers = (request.event as APIGatewayProxyEvent).headers;
      state.correlationId = idHeader(headers, 'inin-correlation-id') ?? state.awsRequestId;
      state.genesysOrgId = idHeader(headers, 'inin-organization-id');
      state.genesysUserId = idHeader(headers, 'inin-user-id');
    }
    logger.appendKeys({ correlation_id: state.correlationId, aws_request_id: state.awsRequestId });
  };

  return { before: loggerContextMiddlewareBefore };
}
