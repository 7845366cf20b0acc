/**
 * Integrations (`/api/v2/integrations`), their current configuration (`/config/current`, versioned: a
 * stale `version` is a 409) and the integration types. An integration is created DISABLED, as in
 * Genesys; its actions execute only once it is ENABLED (`PATCH {intendedState}`). Deleting an
 * integration deletes its actions.
 */
import { randomUUID } from 'node:crypto';
import { type ApiRequest, type RouteDefinition, ok } from '../http/api.js';
import { badRequest, conflict, invalidField, notFound } from '../http/genesys-error.js';
import { paginate } from '../http/paging.js';
import type { Integration, IntegrationConfiguration } from '../models.js';
import { INTEGRATION_TYPES } from '../store/catalog.js';
import type { OrganizationState, StoredIntegration } from '../store/state.js';

const BASE = '/api/v2/integrations';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function integrationRoutes(state: OrganizationState): RouteDefinition[] {
  const find = (id: string): StoredIntegration => {
    const integration = state.integrations.get(id);
    if (!integration) throw notFound(`Integration ${id} was not found.`);
    return integration;
  };

  const toWireConfig = (i: StoredIntegration): IntegrationConfiguration => ({
    id: i.id,
    name: i.config.name,
    version: i.config.version,
    properties: structuredClone(i.config.properties),
    advanced: structuredClone(i.config.advanced),
    notes: i.config.notes,
    credentials: Object.fromEntries(
      Object.entries(i.config.credentials).map(([slot, credentialId]) => {
        const credential = state.credentials.get(credentialId);
        return [slot, { id: credentialId, ...(credential ? { name: credential.name, type: { name: credential.type } } : {}) }];
      }),
    ),
    selfUri: `${BASE}/${i.id}/config/current`,
  });

  const toWire = (i: StoredIntegration, request: ApiRequest): Integration => {
    const type = INTEGRATION_TYPES.find((t) => t.id === i.typeId)!;
    const wire: Integration = {
      id: i.id,
      name: i.name,
      integrationType: { id: type.id, name: type.name, description: type.description, provider: type.provider, category: type.category, selfUri: type.selfUri },
      notes: i.notes,
      intendedState: i.intendedState,
      reportedState: { code: i.intendedState === 'ENABLED' ? 'ACTIVE' : 'INACTIVE', effective: i.intendedState === 'ENABLED' ? 'Active' : 'Inactive' },
      attributes: { ...i.attributes },
      selfUri: `${BASE}/${i.id}`,
    };
    if (request.query.getAll('expand').some((e) => e.split(',').includes('config'))) wire.config = { current: toWireConfig(i) };
    return wire;
  };

  return [
    {
      method: 'GET',
      pattern: BASE,
      auth: 'bearer',
      handler: (request) => {
        const typeFilter = request.query.get('integrationType');
        const ids = request.query.getAll('ids').flatMap((v) => v.split(',')).filter(Boolean);
        const items = [...state.integrations.values()]
          .filter((i) => typeFilter === null || i.typeId === typeFilter)
          .filter((i) => ids.length === 0 || ids.includes(i.id))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((i) => toWire(i, request));
        return ok(paginate(items, request.query, BASE));
      },
    },
    {
      method: 'POST',
      pattern: BASE,
      auth: 'bearer',
      handler: (request) => {
        const body = isObject(request.body) ? request.body : {};
        const typeId = isObject(body.integrationType) ? body.integrationType.id : undefined;
        if (typeof typeId !== 'string') throw invalidField('integrationType.id', 'required.field', 'integrationType.id is required');
        if (!INTEGRATION_TYPES.some((t) => t.id === typeId)) {
          throw invalidField('integrationType.id', 'invalid.value', `Unknown integration type ${typeId}.`);
        }
        if (typeof body.name !== 'string' || body.name.trim() === '') throw invalidField('name', 'required.field', 'name is required');
        const integration: StoredIntegration = {
          id: randomUUID(),
          typeId,
          name: body.name,
          notes: '',
          intendedState: 'DISABLED',
          attributes: {},
          config: { name: body.name, version: 1, notes: '', properties: {}, advanced: {}, credentials: {} },
        };
        state.integrations.set(integration.id, integration);
        return ok(toWire(integration, request));
      },
    },
    {
      method: 'GET',
      pattern: `${BASE}/{integrationId}`,
      auth: 'bearer',
      handler: (request) => ok(toWire(find(request.params.integrationId!), request)),
    },
    {
      method: 'PATCH',
      pattern: `${BASE}/{integrationId}`,
      auth: 'bearer',
      handler: (request) => {
        const integration = find(request.params.integrationId!);
        const body = isObject(request.body) ? request.body : {};
        if (body.intendedState !== 'ENABLED' && body.intendedState !== 'DISABLED') {
          throw invalidField('intendedState', 'invalid.value', 'intendedState must be ENABLED or DISABLED');
        }
        integration.intendedState = body.intendedState;
        if (typeof body.notes === 'string') integration.notes = body.notes;
        return ok(toWire(integration, request));
      },
    },
    {
      method: 'DELETE',
      pattern: `${BASE}/{integrationId}`,
      auth: 'bearer',
      handler: (request) => {
        const integration = find(request.params.integrationId!);
        const wire = toWire(integration, request);
        state.integrations.delete(integration.id);
        for (const [id, action] of state.actions) {
          const of = action.published ?? action.draft;
          if (of?.integrationId === integration.id) state.actions.delete(id);
        }
        return ok(wire);
      },
    },
    {
      method: 'GET',
      pattern: `${BASE}/{integrationId}/config/current`,
      auth: 'bearer',
      handler: (request) => ok(toWireConfig(find(request.params.integrationId!))),
    },
    {
      method: 'PUT',
      pattern: `${BASE}/{integrationId}/config/current`,
      auth: 'bearer',
      handler: (request) => {
        const integration = find(request.params.integrationId!);
        const body = isObject(request.body) ? request.body : {};
        if (typeof body.version !== 'number') throw invalidField('version', 'required.field', 'version is required');
        if (body.version !== integration.config.version) {
          throw conflict(`Version ${body.version} does not match the current version ${integration.config.version}.`, [
            { errorCode: 'version.mismatch', fieldName: 'version' },
          ]);
        }
        if (typeof body.name !== 'string' || body.name.trim() === '') throw invalidField('name', 'required.field', 'name is required');
        const credentials: Record<string, string> = {};
        if (body.credentials !== undefined && body.credentials !== null) {
          if (!isObject(body.credentials)) throw invalidField('credentials', 'invalid.value', 'credentials must be an object');
          for (const [slot, info] of Object.entries(body.credentials)) {
            const id = isObject(info) ? info.id : undefined;
            if (typeof id !== 'string' || !state.credentials.has(id)) {
              throw badRequest(`Credential ${String(id)} for "${slot}" was not found.`, [{ errorCode: 'credential.not.found', fieldName: `credentials.${slot}.id` }]);
            }
            credentials[slot] = id;
          }
        }
        integration.config = {
          name: body.name,
          version: integration.config.version + 1,
          notes: typeof body.notes === 'string' ? body.notes : '',
          properties: isObject(body.properties) ? structuredClone(body.properties) : {},
          advanced: isObject(body.advanced) ? structuredClone(body.advanced) : {},
          credentials,
        };
        integration.name = body.name;
        return ok(toWireConfig(integration));
      },
    },
    {
      method: 'GET',
      pattern: `${BASE}/types`,
      auth: 'bearer',
      handler: (request) => ok(paginate(INTEGRATION_TYPES, request.query, `${BASE}/types`)),
    },
    {
      method: 'GET',
      pattern: `${BASE}/types/{typeId}`,
      auth: 'bearer',
      handler: (request) => {
        const type = INTEGRATION_TYPES.find((t) => t.id === request.params.typeId);
        if (!type) throw notFound(`Integration type ${request.params.typeId} was not found.`);
        return ok(type);
      },
    },
  ];
}
