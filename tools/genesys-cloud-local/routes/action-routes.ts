/**
 * Published actions: list, create (a create publishes at once), get, PATCH, delete, and the template
 * text behind `requestTemplateUri` / `successTemplateUri`. Contracts, `secure` and `integrationId` are
 * immutable once published: a PATCH that changes them is a 400 (change them through a draft, or
 * recreate the action as Terraform does). `version` is required on PATCH; a stale one is a 409.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../../lambda/runtime/canonical-json.js';
import { type ApiRequest, type RouteDefinition, noContent, ok, queryFlag } from '../http/api.js';
import { badRequest, notFound } from '../http/genesys-error.js';
import { paginate } from '../http/paging.js';
import type { Action } from '../models.js';
import type { ActionRevision, OrganizationState, StoredAction } from '../store/state.js';
import { templateText, toWireAction } from '../actions/action-representation.js';
import {
  assertPublishable,
  findAction,
  readOrThrow,
  requireActionIntegration,
  requiredVersion,
  staleVersionConflict,
} from '../actions/action-rules.js';

export const ACTIONS = '/api/v2/integrations/actions';
const IMMUTABLE_AFTER_PUBLISH = ['contract', 'secure', 'integrationId'] as const;

export interface ActionRouteSettings {
  inlineTemplates: boolean;
}

/** `?name=` matches part of the name, case-insensitively; `ids`, `category`, `secure` filter exactly. */
export function filterActions(entries: [string, ActionRevision][], query: URLSearchParams): [string, ActionRevision][] {
  const name = query.get('name')?.toLowerCase();
  const category = query.get('category');
  const ids = query.get('ids')?.split(',').filter(Boolean);
  const secure = query.get('secure');
  const sortBy = (query.get('sortBy') ?? 'name') as 'name' | 'category' | 'id';
  const direction = query.get('sortOrder')?.toLowerCase() === 'desc' ? -1 : 1;
  return entries
    .filter(([, r]) => name === undefined || r.name.toLowerCase().includes(name))
    .filter(([, r]) => category === null || r.category === category)
    .filter(([id]) => ids === undefined || ids.includes(id))
    .filter(([, r]) => secure === null || String(r.secure) === secure.toLowerCase())
    .sort(([ia, a], [ib, b]) => {
      const key = (id: string, r: ActionRevision) => (sortBy === 'id' ? id : sortBy === 'category' ? r.category : r.name);
      return direction * key(ia, a).localeCompare(key(ib, b));
    });
}

export function actionRoutes(state: OrganizationState, settings: ActionRouteSettings): RouteDefinition[] {
  const published = (action: StoredAction): ActionRevision => {
    if (!action.published) throw notFound(`Action ${action.id} has no published version (it has only a draft).`);
    return action.published;
  };
  const full = (id: string, revision: ActionRevision): Action =>
    toWireAction(id, revision, { expandContract: true, includeConfig: true, inlineTemplates: settings.inlineTemplates, draft: false });

  const list = (request: ApiRequest) => {
    const entries = [...state.actions.values()].flatMap((a): [string, ActionRevision][] => (a.published ? [[a.id, a.published]] : []));
    const includeConfig = queryFlag(request.query, 'includeConfig');
    const wire = filterActions(entries, request.query).map(([id, r]) =>
      toWireAction(id, r, { expandContract: false, includeConfig, inlineTemplates: settings.inlineTemplates, draft: false }),
    );
    return ok(paginate(wire, request.query, ACTIONS));
  };

  const create = (request: ApiRequest) => {
    const definition = readOrThrow(request.body);
    requireActionIntegration(state, definition.integrationId);
    assertPublishable(definition);
    const id = `custom_-_${randomUUID()}`;
    const revision: ActionRevision = { ...definition, version: 1 };
    state.actions.set(id, { id, published: revision });
    return ok(full(id, revision));
  };

  const get = (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    const expandContract = (request.query.get('expand') ?? '').split(',').includes('contract');
    return ok(
      toWireAction(action.id, published(action), {
        expandContract,
        includeConfig: queryFlag(request.query, 'includeConfig'),
        inlineTemplates: settings.inlineTemplates,
        draft: false,
      }),
    );
  };

  const patch = (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    const current = published(action);
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const field of IMMUTABLE_AFTER_PUBLISH) {
      if (body[field] !== undefined && canonicalJson(body[field]) !== canonicalJson(current[field])) {
        throw badRequest(`${field} cannot be changed once the action is published: create a draft, or create a new action.`, [
          { errorCode: 'immutable.after.publish', fieldName: field },
        ]);
      }
    }
    const version = requiredVersion(body);
    const { name, category, config } = body;
    const next = readOrThrow({ name, category, config }, current);
    if (version !== current.version) throw staleVersionConflict(version, current.version);
    assertPublishable(next);
    action.published = { ...next, version: current.version + 1 };
    return ok(full(action.id, action.published));
  };

  const remove = (request: ApiRequest) => {
    findAction(state, request.params.actionId!);
    state.actions.delete(request.params.actionId!);
    return noContent();
  };

  const template = (request: ApiRequest) => {
    const action = findAction(state, request.params.actionId!);
    const text = templateText(published(action), request.params.fileName!);
    if (text === undefined) throw notFound(`Template ${request.params.fileName} was not found.`);
    return { status: 200, text };
  };

  return [
    { method: 'GET', pattern: ACTIONS, auth: 'bearer', handler: list },
    { method: 'POST', pattern: ACTIONS, auth: 'bearer', handler: create },
    { method: 'GET', pattern: `${ACTIONS}/{actionId}`, auth: 'bearer', handler: get },
    { method: 'PATCH', pattern: `${ACTIONS}/{actionId}`, auth: 'bearer', handler: patch },
    { method: 'DELETE', pattern: `${ACTIONS}/{actionId}`, auth: 'bearer', handler: remove },
    { method: 'GET', pattern: `${ACTIONS}/{actionId}/templates/{fileName}`, auth: 'bearer', handler: template },
  ];
}
