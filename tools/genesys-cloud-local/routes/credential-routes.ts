/**
 * Credentials (`/api/v2/integrations/credentials`). Their fields are write-only: create and update take
 * `credentialFields`, every read answers without them ("Get a single credential with sensitive fields
 * redacted", SDK IntegrationsApi) — Genesys's Terraform provider reads back only name and type.
 */
import { randomUUID } from 'node:crypto';
import { type ApiRequest, type RouteDefinition, noContent, ok } from '../http/api.js';
import { invalidField, notFound } from '../http/genesys-error.js';
import { paginate } from '../http/paging.js';
import type { Credential, CredentialInfo } from '../models.js';
import { CREDENTIAL_TYPES, credentialTypeSpec } from '../store/catalog.js';
import type { OrganizationState, StoredCredential } from '../store/state.js';

const BASE = '/api/v2/integrations/credentials';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The type and fields of a `Credential` body, checked against the type's required fields. */
function readCredentialBody(body: unknown): { name: string; type: string; fields: Record<string, string> } {
  const src = isObject(body) ? body : {};
  const typeName = isObject(src.type) ? src.type.name : undefined;
  if (typeof typeName !== 'string') throw invalidField('type.name', 'required.field', 'type.name is required');
  const spec = credentialTypeSpec(typeName);
  if (!spec) {
    throw invalidField('type.name', 'invalid.value', `Unknown credential type ${typeName}; known: ${CREDENTIAL_TYPES.map((t) => t.name).join(', ')}.`);
  }
  const fields = src.credentialFields ?? {};
  if (!isObject(fields) || Object.values(fields).some((v) => typeof v !== 'string')) {
    throw invalidField('credentialFields', 'invalid.value', 'credentialFields must be an object of string values');
  }
  for (const required of spec.required) {
    if (typeof fields[required] !== 'string' || fields[required] === '') {
      throw invalidField(`credentialFields.${required}`, 'required.field', `A ${typeName} credential needs the field ${required}.`);
    }
  }
  const name = typeof src.name === 'string' ? src.name : '';
  return { name, type: typeName, fields: { ...(fields as Record<string, string>) } };
}

export function credentialRoutes(state: OrganizationState, clock: () => number): RouteDefinition[] {
  const now = () => new Date(clock()).toISOString();
  const find = (id: string): StoredCredential => {
    const credential = state.credentials.get(id);
    if (!credential) throw notFound(`Credential ${id} was not found.`);
    return credential;
  };
  const info = (c: StoredCredential): CredentialInfo => ({
    id: c.id,
    name: c.name,
    createdDate: c.createdDate,
    modifiedDate: c.modifiedDate,
    type: { name: c.type },
    selfUri: `${BASE}/${c.id}`,
  });
  const redacted = (c: StoredCredential): Credential => ({ id: c.id, name: c.name, type: { name: c.type }, selfUri: `${BASE}/${c.id}` });
  const sorted = () => [...state.credentials.values()].sort((a, b) => a.createdDate.localeCompare(b.createdDate));

  return [
    {
      method: 'POST',
      pattern: BASE,
      auth: 'bearer',
      handler: (request: ApiRequest) => {
        const { name, type, fields } = readCredentialBody(request.body);
        const at = now();
        const credential: StoredCredential = { id: randomUUID(), name, type, fields, createdDate: at, modifiedDate: at };
        state.credentials.set(credential.id, credential);
        return ok(info(credential));
      },
    },
    { method: 'GET', pattern: BASE, auth: 'bearer', handler: (request) => ok(paginate(sorted().map(info), request.query, BASE)) },
    {
      method: 'GET',
      pattern: `${BASE}/listing`,
      auth: 'bearer',
      handler: () => ok({ entities: sorted().map(info), selfUri: `${BASE}/listing` }),
    },
    {
      method: 'GET',
      pattern: `${BASE}/types`,
      auth: 'bearer',
      handler: () => ok(CREDENTIAL_TYPES.map((t) => structuredClone(t))),
    },
    { method: 'GET', pattern: `${BASE}/{credentialId}`, auth: 'bearer', handler: (request) => ok(redacted(find(request.params.credentialId!))) },
    {
      method: 'PUT',
      pattern: `${BASE}/{credentialId}`,
      auth: 'bearer',
      handler: (request) => {
        const credential = find(request.params.credentialId!);
        const { name, type, fields } = readCredentialBody(request.body);
        Object.assign(credential, { name, type, fields, modifiedDate: now() });
        return ok(info(credential));
      },
    },
    {
      method: 'DELETE',
      pattern: `${BASE}/{credentialId}`,
      auth: 'bearer',
      handler: (request) => {
        find(request.params.credentialId!);
        state.credentials.delete(request.params.credentialId!);
        return noContent();
      },
    },
  ];
}
