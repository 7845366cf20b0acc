/**
 * Action routing: which registered action this invocation runs. API Gateway events must be POST
 * (405 otherwise); the requested name (path parameter or alias qualifier) must be a registered action
 * (404 UNKNOWN_ACTION otherwise). Runs after authentication, so an unauthenticated caller cannot probe
 * which actions exist.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RegisteredAction } from '../runtime/action.js';
import { MethodNotAllowedError, UnknownActionError } from '../runtime/errors.js';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';

export interface ActionRoutingMiddlewareOptions {
  /** The generated registry: action name → contract, validators, handler. */
  registry: Readonly<Record<string, RegisteredAction>>;
}

export function actionRoutingMiddleware(options: ActionRoutingMiddlewareOptions): DataActionMiddleware {
  const { registry } = options;
  if (!registry || typeof registry !== 'object') throw new TypeError('actionRoutingMiddleware: registry is required');

  const actionRoutingMiddlewareBefore = (request: DataActionRequest): void => {
    const state = invocationOf(request);
    if (state.invocationType === 'api' && (request.event as APIGatewayProxyEvent).httpMethod !== 'POST') {
      throw new MethodNotAllowedError('Only POST is allowed.');
    }
    const name = state.requestedAction;
    const action = name !== null && Object.hasOwn(registry, name) ? registry[name] : undefined;
    if (action === undefined) throw new UnknownActionError('No such action.');
    state.action = action;
  };

  return { before: actionRoutingMiddlewareBefore };
}
