/**
 * Drafts: an action's editable next version. A draft may be incomplete — Genesys checks it with
 * `GET .../draft/validation` and refuses to publish it until it is valid. Publishing needs the draft's
 * current `version` (a stale one is a 400, reference §1) and replaces the published version, contract
 * and `secure` included; the draft is gone afterwards.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../../lambda/runtime/canonical-json.js';
import { type ApiRequest, type RouteDefinition, noContent, ok, queryFlag } from '../http/api.js';
import { GenesysApiError, badRequest, conflict, notFound } from '../http/genesys-error.js';
import { paginate } from '../http/paging.js';
import type { DraftValidationResult } from '../models.js';
import type { ActionRevision, OrganizationState, StoredAction } from '../store/state.js';
import { publishProblems } from '../actions/action-definition.js';
import { templateText, toWireAction } from '../actions/action-representation.js';
import {
  assertPublishable,
  findAction,
  problemBodies,
  readOrThrow,
  requireActionIntegration,
  requiredVersion,
  staleVersionConflict,
} from '../actions/action-rules.js';
import { ACTIONS, type ActionRouteSettings, filterActions } from './action-routes.js';

export function draftRoutes(state: OrganizationState, settings: ActionRouteSettings): RouteDefinition[] {
  const draftOf = (action: StoredAction): ActionRevision => {
    if (!action.draft) throw notFound(`Action ${action.id} has no draft.`);
    return action.draft;
  };
  const wire = (id: string, revision: ActionRevision, draft: boolean) =>
    toWireAction(id, revision, { expandContract: true, includeConfig: true, inlineTemplates: settings.inlineTemplates, draft });

  const list = (request: ApiRequest) => {
    const entries = [...state.actions.values()].flatMap((a): [string, ActionRevision][] => (a.draft ? [[a.id, a.draft]] : []));
    const includeConfig = queryFlag(request.query, 'includeConfig');
    const entities = filterActions(entries, request.query).map(([id, r]) =>
      toWireAction(id, r, { expandContract: false, includeConfig, inlineTemplates: settings.inlineTemplates, draft: true }),
    );
    return ok(paginate(entities, request.query, `${ACTIONS}/drafts`));
  };

  const createNew = (request: ApiRequest) => {
    const definition = readOrThrow(request.body);
    requireActionIntegration(state, definition.integrationId);
    const id = `custom_-_${randomUUID()}`;
    const draft: ActionRevision = { ...definition, version: 1 };
    state.actions.set(id, { id, draft });
    return ok(wire(id, draft, true));
  };

  const createFromAction = (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    if (!action.published) throw notFound(`Action ${action.id} has no published version to draft from.`);
    if (action.draft) throw conflict(`Action ${action.id} already has a draft: update or delete it.`);
    action.draft = structuredClone(action.published);
    return ok(wire(action.id, action.draft, true));
  };

  const get = (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    return ok(
      toWireAction(action.id, draftOf(action), {
        expandContract: (request.query.get('expand') ?? '').split(',').includes('contract'),
        includeConfig: queryFlag(request.query, 'includeConfig'),
        inlineTemplates: settings.inlineTemplates,
        draft: true,
      }),
    );
  };

  const patch = (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    const current = draftOf(action);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.integrationId !== undefined && canonicalJson(body.integrationId) !== canonicalJson(current.integrationId)) {
      throw badRequest('integrationId cannot be changed: create a new action.', [{ errorCode: 'immutable.field', fieldName: 'integrationId' }]);
    }
    const version = requiredVersion(body);
    const { name, category, config, contract, secure } = body;
    const next = readOrThrow({ name, category, config, contract, secure }, current);
    if (version !== current.version) throw staleVersionConflict(version, current.version);
    action.draft = { ...next, version: current.version + 1 };
    return ok(wire(action.id, action.draft, true));
  };

  const remove = (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    draftOf(action);
    delete action.draft;
    if (!action.published) state.actions.delete(action.id);
    return noContent();
  };

  const validation = (request: ApiRequest) => {
    const draft = draftOf(findAction(state, request.params.actionId!));
    const problems = publishProblems(draft);
    if (!state.integrations.has(draft.integrationId)) {
      problems.push({ rule: 'integration-not-found', fieldName: 'integrationId', message: `Integration ${draft.integrationId} was not found` });
    }
    const result: DraftValidationResult = { valid: problems.length === 0, errors: problemBodies(problems) };
    return ok(result);
  };

  const publish = (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    const draft = draftOf(action);
    const version = requiredVersion(request.body);
    if (version !== draft.version) {
      throw new GenesysApiError(400, 'bad.request', `Version ${version} does not match the current version ${draft.version} of the draft.`, {
        details: [{ errorCode: 'version.mismatch', fieldName: 'version' }],
      });
    }
    requireActionIntegration(state, draft.integrationId);
    assertPublishable(draft);
    action.published = { ...structuredClone(draft), version: (action.published?.version ?? 0) + 1 };
    delete action.draft;
    return ok(wire(action.id, action.published, false));
  };

  const template = (request: ApiRequest) => {
    const draft = draftOf(findAction(state, request.params.actionId!));
    const text = templateText(draft, request.params.fileName!);
    if (text === undefined) throw notFound(`Template ${request.params.fileName} was not found.`);
    return { status: 200, text };
  };

  return [
    { method: 'GET', pattern: `${ACTIONS}/drafts`, auth: 'bearer', handler: list },
    { method: 'POST', pattern: `${ACTIONS}/drafts`, auth: 'bearer', handler: createNew },
    { method: 'POST', pattern: `${ACTIONS}/{actionId}/draft`, auth: 'bearer', handler: createFromAction },
    { method: 'GET', pattern: `${ACTIONS}/{actionId}/draft`, auth: 'bearer', handler: get },
    { method: 'PATCH', pattern: `${ACTIONS}/{actionId}/draft`, auth: 'bearer', handler: patch },
    { method: 'DELETE', pattern: `${ACTIONS}/{actionId}/draft`, auth: 'bearer', handler: remove },
    { method: 'GET', pattern: `${ACTIONS}/{actionId}/draft/validation`, auth: 'bearer', handler: validation },
    { method: 'POST', pattern: `${ACTIONS}/{actionId}/draft/publish`, auth: 'bearer', handler: publish },
    { method: 'GET', pattern: `${ACTIONS}/{actionId}/draft/templates/{fileName}`, auth: 'bearer', handler: template },
  ];
}
