/**
 * `Custom::GenesysDataAction`, with the Genesys Terraform provider's semantics (integration_action):
 *
 * - Create: create the action, published; physical id = action id. Should the API leave only a draft,
 *   publish it. A failed Create removes the action it made.
 * - Update: a changed contract, `secure`, integration or region creates a new action (new physical id;
 *   CloudFormation then deletes the old one). Otherwise PATCH name, category and config with the current
 *   version, reading again on a version conflict. An action that vanished is created again.
 * - Delete: delete; 404 is done; an id that is not an action id (a failed Create's placeholder) is done
 *   without calling Genesys.
 * `Data`: `{ ActionId, Version }`.
 */
import type { Action } from '../genesys-client/index.js';
import { replacementReason, toCreateBody, toPatchFields } from './action-definition.js';
import { CreatedResources } from './created-resources.js';
import { RegistrationError, isNotFound } from './errors.js';
import { isActionId } from './genesys-ids.js';
import type { DataActionSpec } from './properties.js';
import { createReconciled } from './reconciled-create.js';
import type { RegistrationSession } from './registration-session.js';
import type { GenesysDataActionData } from './resource-properties.js';
import { retryOnVersionConflict } from './version-conflict.js';

export interface DataActionResult {
  PhysicalResourceId: string;
  Data: GenesysDataActionData;
}

/** Reads of an action that need neither its contract nor its config (version, integration, `secure`). */
const SUMMARY = { expand: undefined, includeConfig: false } as const;

export async function createDataAction(session: RegistrationSession, spec: DataActionSpec): Promise<DataActionResult> {
  const { genesys, logger } = session;
  const { actionName, integrationId } = spec.properties;
  const body = toCreateBody(spec);
  const action = await createReconciled<Action>(
    {
      what: `action ${actionName}`,
      create: () => genesys.actions.create(body),
      listSameNamed: () => actionIdsNamed(session, actionName, integrationId),
      adopt: (id) => genesys.actions.get(id, SUMMARY),
    },
    session,
  );
  const id = requireId(action.id, 'the created action');
  const created = new CreatedResources(logger);
  created.add(`action ${id}`, () => genesys.actions.delete(id));
  try {
    const published = await ensurePublished(session, id);
    logger.info('Action created', { actionId: id, version: published.version });
    return result(id, published);
  } catch (error) {
    throw await created.undoAfter(error);
  }
}

export async function updateDataAction(
  session: RegistrationSession,
  actionId: string,
  spec: DataActionSpec,
  previous: DataActionSpec | undefined,
): Promise<DataActionResult> {
  const { genesys, logger, budget } = session;
  const reason = isActionId(actionId) ? replacementReason(spec, previous) : 'the physical id is not a Genesys action id';
  if (reason !== undefined) {
    logger.info('Action replaced by a new one', { actionId, reason });
    return createDataAction(session, spec);
  }
  const fields = toPatchFields(spec);
  const outcome = await retryOnVersionConflict(
    `update action ${actionId}`,
    async (): Promise<Action | string> => {
      let current: Action;
      try {
        current = await genesys.actions.get(actionId, SUMMARY);
      } catch (error) {
        if (isNotFound(error)) return 'the action no longer exists in Genesys';
        throw error;
      }
      // Immutable fields as Genesys holds them, in case the stack's idea of them drifted.
      if (current.integrationId !== undefined && current.integrationId !== spec.properties.integrationId) {
        return 'the action in Genesys belongs to another integration';
      }
      if (current.secure !== undefined && current.secure !== spec.secure) return '`secure` differs in Genesys';
      const version = requireVersion(current, actionId);
      try {
        return await genesys.actions.patch(actionId, { ...fields, version });
      } catch (error) {
        if (isNotFound(error)) return 'the action no longer exists in Genesys';
        throw error;
      }
    },
    { budget, logger },
  );
  if (typeof outcome === 'string') {
    logger.warn('Action replaced by a new one', { actionId, reason: outcome });
    return createDataAction(session, spec);
  }
  logger.info('Action updated', { actionId, version: outcome.version });
  return result(actionId, outcome);
}

export async function deleteDataAction(session: RegistrationSession, actionId: string): Promise<void> {
  try {
    await session.genesys.actions.delete(actionId);
    session.logger.info('Action deleted', { actionId });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    session.logger.info('Action already gone', { actionId });
  }
}

/**
 * The published action. `POST /actions` publishes at once; should Genesys ever answer with only a draft,
 * that draft is published here (`POST /actions/{id}/draft/publish` with the draft's version).
 */
async function ensurePublished(session: RegistrationSession, actionId: string): Promise<Action> {
  const { genesys, budget, logger } = session;
  budget.ensure(`read back action ${actionId}`);
  try {
    return await genesys.actions.get(actionId, SUMMARY);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const draft = await genesys.drafts.get(actionId, SUMMARY);
  logger.info('Created action is a draft: publishing it', { actionId, draftVersion: draft.version });
  budget.ensure(`publish action ${actionId}`);
  await genesys.drafts.publish(actionId, { version: requireVersion(draft, actionId) });
  return genesys.actions.get(actionId, SUMMARY);
}

/** Published actions of that exact name in that integration (the list's `name` filter matches parts). */
async function actionIdsNamed(session: RegistrationSession, name: string, integrationId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const action of session.genesys.actions.iterate({ name, pageSize: 100 })) {
    if (action.id !== undefined && action.name === name && action.integrationId === integrationId) ids.push(action.id);
  }
  return ids;
}

function result(actionId: string, action: Action): DataActionResult {
  return { PhysicalResourceId: actionId, Data: { ActionId: actionId, Version: String(action.version ?? '') } };
}

function requireId(id: string | undefined, what: string): string {
  if (typeof id !== 'string' || id === '') throw new RegistrationError(`Genesys returned ${what} without an id`);
  return id;
}

function requireVersion(action: Action, actionId: string): number {
  if (typeof action.version !== 'number') throw new RegistrationError(`Genesys returned action ${actionId} without a version`);
  return action.version;
}
