/**
 * The checks every action write shares: the body reads into a definition, its integration exists and
 * holds data actions, the `version` sent is the current one, and — before anything is published — the
 * definition passes Genesys's publish rules. Each failure is one `GenesysApiError` naming field and rule.
 */
import type { ErrorBody } from '../models.js';
import { GenesysApiError, badRequest, conflict, invalidField, notFound } from '../http/genesys-error.js';
import { ACTION_INTEGRATION_TYPES } from '../store/catalog.js';
import type { ActionDefinitionBody, OrganizationState, StoredAction } from '../store/state.js';
import { type DefinitionProblem, publishProblems, readDefinition } from './action-definition.js';

export const problemText = (p: DefinitionProblem): string => `[${p.rule}] ${p.fieldName === '' ? 'body' : p.fieldName}: ${p.message}`;

export function problemBodies(problems: DefinitionProblem[]): ErrorBody[] {
  return problems.map((p) => ({
    message: problemText(p),
    code: p.rule,
    status: 400,
    messageParams: {},
    details: [{ errorCode: p.rule, fieldName: p.fieldName }],
    errors: [],
  }));
}

/** 400 listing every problem: the message names the rules, `details` carries one entry per problem. */
export function problemsError(problems: DefinitionProblem[]): GenesysApiError {
  const summary = problems.length === 1 ? problemText(problems[0]!) : `${problems.length} problems: ${problems.map(problemText).join('; ')}`;
  return badRequest(
    `The action is invalid. ${summary}`,
    problems.map((p) => ({ errorCode: p.rule, fieldName: p.fieldName })),
    problemBodies(problems),
  );
}

/** Reads a body into a definition; type problems are a 400 at once. */
export function readOrThrow(body: unknown, base?: ActionDefinitionBody): ActionDefinitionBody {
  const { definition, problems } = readDefinition(body, base);
  if (problems.length > 0) throw problemsError(problems);
  return definition;
}

/** The integration an action names must exist (404) and carry data actions (400). */
export function requireActionIntegration(state: OrganizationState, integrationId: string): void {
  if (integrationId === '') throw invalidField('integrationId', 'required-field', 'integrationId is required');
  const integration = state.integrations.get(integrationId);
  if (!integration) throw notFound(`Integration ${integrationId} was not found.`);
  if (!ACTION_INTEGRATION_TYPES.has(integration.typeId)) {
    throw invalidField('integrationId', 'invalid.value', `Integration ${integrationId} (${integration.typeId}) does not hold data actions.`);
  }
}

export function assertPublishable(definition: ActionDefinitionBody): void {
  const problems = publishProblems(definition);
  if (problems.length > 0) throw problemsError(problems);
}

/** `version` is required on PATCH and publish. */
export function requiredVersion(body: unknown): number {
  const version = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).version : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw invalidField('version', 'required-field', 'version is required: send the version you read');
  }
  return version;
}

/**
 * A PATCH sent with a version that is no longer current: 409, as Genesys answers conflicting updates
 * (Genesys's Terraform provider retries on 409, or on a 400 whose message says "does not match the current version").
 */
export function staleVersionConflict(sent: number, current: number): GenesysApiError {
  return conflict(`Version ${sent} does not match the current version ${current}.`, [{ errorCode: 'version.mismatch', fieldName: 'version' }]);
}

export function findAction(state: OrganizationState, id: string): StoredAction {
  const action = state.actions.get(id);
  if (!action) throw notFound(`Action ${id} was not found.`);
  return action;
}
