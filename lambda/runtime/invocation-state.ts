/**
 * The state of one invocation, shared by the middlewares of the chain and the action dispatcher.
 *
 * It lives on the Lambda context (`context.invocation`): Middy passes the request to middlewares but only
 * `(event, context, { signal })` to the handler, and the context is the per-invocation object both see.
 * The audit middleware opens it first thing; everything the audit record and the metrics report is read
 * from here, so they always agree.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { MiddlewareObj, Request } from '@middy/core';
import type { ActionOutput, RegisteredAction } from './action.js';
import type { DataActionError } from './errors.js';
import type { CircuitState, DownstreamCallStats } from './downstream-client.js';

export type InvocationType = 'api' | 'direct';
export type Outcome = 'success' | 'client_error' | 'server_error' | 'deadline_exceeded';

export interface InvocationState {
  /** `performance.now()` when the chain started. */
  readonly startedAt: number;
  readonly awsRequestId: string;
  readonly coldStart: boolean;
  /** API Gateway REST proxy event, or a direct invoke (Genesys's AWS Lambda data actions). */
  readonly invocationType: InvocationType;
  /** The action name as requested (path parameter or alias qualifier), or null. */
  requestedAction: string | null;
  /** The registered action, once routing found it. */
  action: RegisteredAction | undefined;
  /** ININ-Correlation-Id, or the request id. */
  correlationId: string;
  genesysOrgId: string | null;
  genesysUserId: string | null;
  /** The parsed input; meaningful only when `inputParsed`. */
  input: unknown;
  inputParsed: boolean;
  /** The audit `input_hash`, once computed (by the idempotency middleware, else by the audit record). */
  inputHash: string | undefined;
  /** A mutating action's stored answer to an identical earlier call, answered instead of running it. */
  replayedOutput: ActionOutput | undefined;
  /** The bound downstream client of this invocation, once the action called out. */
  downstream: { readonly stats: DownstreamCallStats } | undefined;
  /** The public error this invocation answers with (set by error mapping), or undefined on success. */
  error: DataActionError | undefined;
  /** Milliseconds from start to answer, fixed by the first reader (metrics and audit agree). */
  latencyMs: number | undefined;
  /** Guards: the audit record and the metrics are written exactly once. */
  auditWritten: boolean;
  metricsPublished: boolean;
}

export interface DataActionContext extends Context {
  invocation: InvocationState;
}

/** The Middy request as our middlewares see it. */
export type DataActionRequest = Request<unknown, unknown, unknown, DataActionContext>;
export type DataActionMiddleware = MiddlewareObj<unknown, unknown, unknown, DataActionContext>;

/**
 * API Gateway REST (v1) proxy events carry `httpMethod`, `resource` and a `requestContext` object; a
 * direct-invoke event is the bare, flat action input, which can never hold an object-valued
 * `requestContext` (Genesys inputs are flat primitives).
 */
export function isApiGatewayProxyEvent(event: unknown): event is APIGatewayProxyEvent {
  if (event === null || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  return typeof e.httpMethod === 'string' && typeof e.resource === 'string' && e.requestContext !== null && typeof e.requestContext === 'object';
}

export function openInvocation(event: unknown, context: Context, coldStart: boolean): InvocationState {
  const awsRequestId = typeof context.awsRequestId === 'string' ? context.awsRequestId : '';
  return {
    startedAt: performance.now(),
    awsRequestId,
    coldStart,
    invocationType: isApiGatewayProxyEvent(event) ? 'api' : 'direct',
    requestedAction: null,
    action: undefined,
    correlationId: awsRequestId,
    genesysOrgId: null,
    genesysUserId: null,
    input: undefined,
    inputParsed: false,
    inputHash: undefined,
    replayedOutput: undefined,
    downstream: undefined,
    error: undefined,
    latencyMs: undefined,
    auditWritten: false,
    metricsPublished: false,
  };
}

/** The state of this request (opened by the audit middleware, which runs first). */
export function invocationOf(request: { context: DataActionContext }): InvocationState {
  return request.context.invocation;
}

export function httpStatusOf(state: InvocationState): number {
  return state.error?.statusCode ?? 200;
}

/** The invocation's latency, measured once when the answer is settled. */
export function latencyMsOf(state: InvocationState): number {
  return (state.latencyMs ??= performance.now() - state.startedAt);
}

export function outcomeOf(state: InvocationState): Outcome {
  const error = state.error;
  if (error === undefined) return 'success';
  if (error.code === 'DEADLINE_EXCEEDED') return 'deadline_exceeded';
  return error.statusCode >= 500 ? 'server_error' : 'client_error';
}

/** The circuit state seen by this invocation's downstream calls, or null when it made none. */
export function circuitStateOf(state: InvocationState): CircuitState | null {
  return state.downstream?.stats.circuitState ?? null;
}
