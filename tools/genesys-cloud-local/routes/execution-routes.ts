/**
 * `POST .../test` and `.../draft/test` (every step, as the admin UI's test pane shows them — always a 200
 * whose `success` says how it went) and `POST .../execute` (what a flow gets: the output, or the error with
 * its status). All take `?flatten=`. The action runs in the execution emulator.
 */
import { type ApiRequest, type RouteDefinition, ok, queryFlag } from '../http/api.js';
import { GenesysApiError, badRequest, notFound } from '../http/genesys-error.js';
import type { ErrorBody, ErrorDetail } from '../models.js';
import type { ActionRevision, OrganizationState } from '../store/state.js';
import { assertPublishable, findAction } from '../actions/action-rules.js';
import type { ActionExecutor, ExecutionRequest } from '../execution/action-executor.js';
import { ACTIONS } from './action-routes.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function executionRoutes(state: OrganizationState, executor: ActionExecutor): RouteDefinition[] {
  const executionRequest = (request: ApiRequest, revision: ActionRevision): ExecutionRequest => {
    const input = request.body ?? {};
    if (!isObject(input)) throw badRequest('The request body must be a JSON object of input values.', [{ errorCode: 'invalid-type', fieldName: '' }]);
    return { revision, input, correlationId: request.correlationId, flatten: queryFlag(request.query, 'flatten') };
  };
  const publishedOf = (request: ApiRequest): ActionRevision => {
    const action = findAction(state, request.params.actionId!);
    if (!action.published) throw notFound(`Action ${action.id} has no published version (it has only a draft).`);
    return action.published;
  };

  const test = async (request: ApiRequest) => ok(await executor.test(executionRequest(request, publishedOf(request))));

  const testDraft = async (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    if (!action.draft) throw notFound(`Action ${action.id} has no draft.`);
    assertPublishable(action.draft);
    return ok(await executor.test(executionRequest(request, action.draft)));
  };

  const execute = async (request: ApiRequest) => {
    const outcome = await executor.execute(executionRequest(request, publishedOf(request)));
    if (outcome.ok) return ok(outcome.output);
    const error = outcome.error;
    throw new GenesysApiError(outcome.status, error.code, error.message, {
      ...(error.messageWithParams === undefined ? {} : { messageWithParams: error.messageWithParams }),
      messageParams: error.messageParams ?? {},
      // The emulator builds these in Genesys's ErrorBody/Detail shapes (tools/emulator/errors.ts).
      details: (error.details ?? []) as ErrorDetail[],
      errors: (error.errors ?? []) as ErrorBody[],
    });
  };

  return [
    { method: 'POST', pattern: `${ACTIONS}/{actionId}/test`, auth: 'bearer', handler: test },
    { method: 'POST', pattern: `${ACTIONS}/{actionId}/execute`, auth: 'bearer', handler: execute },
    { method: 'POST', pattern: `${ACTIONS}/{actionId}/draft/test`, auth: 'bearer', handler: testDraft },
  ];
}
