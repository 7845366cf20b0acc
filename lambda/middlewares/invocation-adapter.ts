/**
 * The invocation adapter: between the two ways in and our one chain.
 *
 * - API Gateway REST (v1) proxy event: the requested action is the `{action-name}` path parameter of
 *   `POST /actions/{action-name}`; the answer is a proxy result, 200 with the output as JSON, or the
 *   error envelope `{ error: { code, message, details?, traceId } }` with its status (details only for
 *   4xx), `Retry-After` when known and `Allow` on 405.
 * - Direct invoke (Genesys's AWS Lambda data actions; IAM authenticates the caller): the event is the
 *   bare input object and the action is the alias qualifier of `context.invokedFunctionArn` (the stack
 *   creates one alias per action, named as the action). The answer is the output object, or a thrown
 *   error named after the error class, with message `<code>: <message>` and no stack frames.
 *
 * Which one it is was decided from the event's shape when the invocation was opened.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { InvalidJsonError, type DataActionError, type ErrorEnvelope } from '../runtime/errors.js';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../runtime/json-depth.js';
import { toPublicError } from './error-mapping.js';

/** The path parameter of the API Gateway route `POST /actions/{action-name}`. */
export const ACTION_PATH_PARAMETER = 'action-name';
const ACTION_PATH = /\/actions\/([^/]+)\/?$/;
/** Genesys action names are at most 256 characters; a longer requested name is cut for the audit. */
const MAX_ACTION_NAME = 256;

/** What a direct invocation throws: Lambda reports `errorType` (the name) and `errorMessage`. */
export class DirectInvokeError extends Error {
  readonly code: string;
  readonly statusCode: number;
  constructor(error: DataActionError) {
    super(`${error.code}: ${error.message}`);
    this.name = error.name;
    this.code = error.code;
    this.statusCode = error.statusCode;
    this.stack = `${this.name}: ${this.message}`;
  }
}

function requestedActionOfApiEvent(event: APIGatewayProxyEvent): string | null {
  let name = event.pathParameters?.[ACTION_PATH_PARAMETER];
  if (typeof name !== 'string') {
    const match = ACTION_PATH.exec(typeof event.path === 'string' ? event.path : '');
    try {
      name = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
    } catch {
      name = match?.[1];
    }
  }
  return name ? name.slice(0, MAX_ACTION_NAME) : null;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>:<qualifier>` → qualifier; unqualified → null. */
export function aliasQualifierOf(invokedFunctionArn: unknown): string | null {
  if (typeof invokedFunctionArn !== 'string') return null;
  const parts = invokedFunctionArn.split(':');
  const qualifier = parts.length === 8 && parts[5] === 'function' ? parts[7] : undefined;
  return qualifier ? qualifier.slice(0, MAX_ACTION_NAME) : null;
}

/**
 * Where `Retry-After` is said: 503 (circuit open, downstream throttling) and 409 (the same request still in
 * progress: when to ask for its answer). A 502 whose downstream 503 carried a hint keeps it on the error
 * (logs), not in the answer: a 502 says the business system failed, not when to come back.
 */
const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([409, 503]);

export function errorResponse(error: DataActionError, traceId: string): APIGatewayProxyResult {
  const envelope: ErrorEnvelope = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.statusCode < 500 && error.details && error.details.length > 0 ? { details: error.details } : {}),
      traceId,
    },
  };
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (error.retryAfterSeconds !== undefined && RETRY_AFTER_STATUSES.has(error.statusCode)) {
    headers['Retry-After'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)));
  }
  if (error.statusCode === 405) headers.Allow = 'POST';
  return { statusCode: error.statusCode, headers, body: JSON.stringify(envelope) };
}

export function invocationAdapterMiddleware(): DataActionMiddleware {
  const invocationAdapterMiddlewareBefore = (request: DataActionRequest): void => {
    const state = invocationOf(request);
    if (state.invocationType === 'api') {
      state.requestedAction = requestedActionOfApiEvent(request.event as APIGatewayProxyEvent);
      return;
    }
    state.requestedAction = aliasQualifierOf(request.context.invokedFunctionArn);
    // The direct event is the input, already parsed by Lambda; the same depth rule as a request body.
    if (exceedsJsonDepth(request.event)) throw new InvalidJsonError(`The input nests deeper than ${MAX_JSON_DEPTH} levels.`);
    state.input = request.event;
    state.inputParsed = true;
  };

  const answerWithOutput = (request: DataActionRequest): void => {
    if (invocationOf(request).invocationType !== 'api') return;
    request.response = {
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request.response),
    } satisfies APIGatewayProxyResult;
  };

  const answerWithError = (request: DataActionRequest): void => {
    const state = invocationOf(request);
    const error = state.error ?? toPublicError(request.error);
    if (state.invocationType === 'api') {
      request.response = errorResponse(error, state.correlationId);
      return;
    }
    request.response = undefined;
    request.error = new DirectInvokeError(error);
  };

  return { before: invocationAdapterMiddlewareBefore, after: answerWithOutput, onError: answerWithError };
}
