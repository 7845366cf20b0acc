import type {
  Action,
  ActionEntityListing,
  ActionExecutionInput,
  ActionTemplateFileName,
  PostActionInput,
  TestExecutionResult,
  UpdateActionInput,
} from './models.js';
import { iteratePages } from './paging.js';
import type { PlatformTransport } from './transport.js';

/** Query of `GET /api/v2/integrations/actions` and `/actions/drafts` (SDK `getIntegrationsActionsOptions`). */
export interface ListActionsQuery {
  pageSize?: number;
  pageNumber?: number;
  nextPage?: string;
  previousPage?: string;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  category?: string;
  /** Partial or complete action name. */
  name?: string;
  /** Comma-separated action ids, at most 50. */
  ids?: string;
  secure?: boolean;
  includeAuthActions?: boolean;
  includeConfig?: boolean;
}

/** Query of `GET /actions/{id}` and `GET /actions/{id}/draft`. */
export interface GetActionQuery {
  expand?: 'contract';
  flatten?: boolean;
  includeConfig?: boolean;
}

/** `?flatten=` of test and execute: reformat the result as Architect flattens it. */
export interface ExecutionQuery {
  flatten?: boolean;
}

/** What `get` asks for unless told otherwise: the whole action, contract and config included. */
export const FULL_ACTION_QUERY: GetActionQuery = { expand: 'contract', includeConfig: true };

const ACTIONS = '/api/v2/integrations/actions';
const ACTION = '/api/v2/integrations/actions/{actionId}';

/** Published actions (`/api/v2/integrations/actions`). */
export class ActionsApi {
  constructor(private readonly transport: PlatformTransport) {}

  /** Creates a published action. Its contract and `secure` cannot change afterwards. */
  create(body: PostActionInput): Promise<Action> {
    return this.transport.request({ method: 'POST', path: ACTIONS, body });
  }

  /** One page of actions. */
  list(query: ListActionsQuery = {}): Promise<ActionEntityListing> {
    return this.transport.request({ method: 'GET', path: ACTIONS, query: { ...query } });
  }

  /** Every action matching `query`, page by page. */
  iterate(query: Omit<ListActionsQuery, 'pageNumber'> = {}): AsyncGenerator<Action, void, undefined> {
    return iteratePages((pageNumber) => this.list({ ...query, pageNumber }));
  }

  /** One action with its `version`; `expand=contract&includeConfig=true` unless `query` says otherwise. */
  get(actionId: string, query: GetActionQuery = {}): Promise<Action> {
    return this.transport.request({
      method: 'GET',
      path: ACTION,
      pathParams: { actionId },
      query: { ...FULL_ACTION_QUERY, ...query },
    });
  }

  /** Changes name, category or config; `version` must be the current one (a stale one is rejected). */
  patch(actionId: string, body: UpdateActionInput): Promise<Action> {
    return this.transport.request({ method: 'PATCH', path: ACTION, pathParams: { actionId }, body });
  }

  /** Deletes the action; a `GenesysApiError` with status 404 means it was already gone. */
  async delete(actionId: string): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: ACTION, pathParams: { actionId } });
  }

  /** Runs the action step by step as the admin UI's test pane does. */
  test(actionId: string, input: ActionExecutionInput, query: ExecutionQuery = {}): Promise<TestExecutionResult> {
    return runAction(this.transport, 'test', actionId, input, query);
  }

  /** Runs the action and returns what a flow would get (its success-schema output). */
  execute(actionId: string, input: ActionExecutionInput, query: ExecutionQuery = {}): Promise<Record<string, unknown>> {
    return runAction(this.transport, 'execute', actionId, input, query);
  }

  /** The text of the request or success template (Velocity), for actions read back with a `...TemplateUri`. */
  getTemplate(actionId: string, fileName: ActionTemplateFileName): Promise<string> {
    return this.transport.request({
      method: 'GET',
      path: `${ACTION}/templates/{fileName}`,
      pathParams: { actionId, fileName },
      accept: 'text/plain',
    });
  }
}

function runAction<T>(
  transport: PlatformTransport,
  step: 'test' | 'execute',
  actionId: string,
  input: ActionExecutionInput,
  query: ExecutionQuery,
): Promise<T> {
  return transport.request<T>({
    method: 'POST',
    path: `${ACTION}/${step}`,
    pathParams: { actionId },
    query: { ...query },
    body: input,
  });
}
