import { FULL_ACTION_QUERY, type ExecutionQuery, type GetActionQuery, type ListActionsQuery } from './actions-api.js';
import type {
  Action,
  ActionEntityListing,
  ActionExecutionInput,
  ActionTemplateFileName,
  DraftValidationResult,
  PostActionInput,
  PublishDraftInput,
  TestExecutionResult,
  UpdateDraftInput,
} from './models.js';
import type { PlatformTransport } from './transport.js';

const DRAFTS = '/api/v2/integrations/actions/drafts';
const DRAFT = '/api/v2/integrations/actions/{actionId}/draft';

/** Action drafts (`/api/v2/integrations/actions/{actionId}/draft`): edit, validate, test, then publish. */
export class ActionDraftsApi {
  constructor(private readonly transport: PlatformTransport) {}

  /** Creates a new action as a draft (nothing published yet). */
  create(body: PostActionInput): Promise<Action> {
    return this.transport.request({ method: 'POST', path: DRAFTS, body });
  }

  /** Opens a draft from the published action. */
  createFromAction(actionId: string): Promise<Action> {
    return this.transport.request({ method: 'POST', path: DRAFT, pathParams: { actionId } });
  }

  /** One page of drafts. */
  list(query: ListActionsQuery = {}): Promise<ActionEntityListing> {
    return this.transport.request({ method: 'GET', path: DRAFTS, query: { ...query } });
  }

  /** The draft; `expand=contract&includeConfig=true` unless `query` says otherwise. */
  get(actionId: string, query: GetActionQuery = {}): Promise<Action> {
    return this.transport.request({
      method: 'GET',
      path: DRAFT,
      pathParams: { actionId },
      query: { ...FULL_ACTION_QUERY, ...query },
    });
  }

  /** Changes the draft (contract and `secure` included); `version` must be the draft's current one. */
  patch(actionId: string, body: UpdateDraftInput): Promise<Action> {
    return this.transport.request({ method: 'PATCH', path: DRAFT, pathParams: { actionId }, body });
  }

  async delete(actionId: string): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: DRAFT, pathParams: { actionId } });
  }

  /** `{ valid, errors }`: what Genesys would reject on publish. */
  validate(actionId: string): Promise<DraftValidationResult> {
    return this.transport.request({ method: 'GET', path: `${DRAFT}/validation`, pathParams: { actionId } });
  }

  /** Publishes the draft as the action; `version` is the draft's (a stale one is rejected with 400). */
  publish(actionId: string, body: PublishDraftInput): Promise<Action> {
    return this.transport.request({ method: 'POST', path: `${DRAFT}/publish`, pathParams: { actionId }, body });
  }

  /** Runs the draft step by step. */
  test(actionId: string, input: ActionExecutionInput, query: ExecutionQuery = {}): Promise<TestExecutionResult> {
    return this.transport.request({
      method: 'POST',
      path: `${DRAFT}/test`,
      pathParams: { actionId },
      query: { ...query },
      body: input,
    });
  }

  getTemplate(actionId: string, fileName: ActionTemplateFileName): Promise<string> {
    return this.transport.request({
      method: 'GET',
      path: `${DRAFT}/templates/{fileName}`,
      pathParams: { actionId, fileName },
      accept: 'text/plain',
    });
  }
}
