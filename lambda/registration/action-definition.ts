/**
 * A `Custom::GenesysDataAction`'s properties → the Genesys action: the create body, the fields a PATCH
 * may change, and whether an Update must replace the action instead.
 *
 * The request/response pass-through (`${input.rawRequest}` → our endpoint, `${rawResult}` back) and the
 * contract come from lambda/contracts/genesys-action-definition.ts, the one mapping the CLI's exports and
 * the emulator use too. Properties override what the stack decides: name, category, `timeoutSeconds`
 * and `secure` as resolved by the stack, and the URL.
 */
import { toGenesysActionConfig, toGenesysActionContract } from '../contracts/genesys-action-definition.js';
import type { ActionConfig, PostActionInput, UpdateActionInput } from '../genesys-client/index.js';
import { canonicalJson } from '../runtime/canonical-json.js';
import type { DataActionSpec } from './properties.js';

/** `POST /api/v2/integrations/actions`: creates the published action. */
export function toCreateBody(spec: DataActionSpec): PostActionInput {
  const { properties } = spec;
  return {
    name: properties.actionName,
    category: properties.category,
    integrationId: properties.integrationId,
    secure: spec.secure,
    config: actionConfig(spec),
    contract: toGenesysActionContract(spec.contract),
  };
}

/** What `PATCH /actions/{id}` may change (the version is added by whoever read it). */
export function toPatchFields(spec: DataActionSpec): Omit<UpdateActionInput, 'version'> {
  return { name: spec.properties.actionName, category: spec.properties.category, config: actionConfig(spec) };
}

/** The same pass-through in both modes; in lambda mode `actionUrl` is the action's alias ARN (reference §7). */
function actionConfig(spec: DataActionSpec): ActionConfig {
  return { ...toGenesysActionConfig(spec.contract, { actionUrl: spec.properties.actionUrl }), timeoutSeconds: spec.timeoutSeconds };
}

/** Why an Update must create a new action rather than PATCH this one; undefined when a PATCH will do. */
export function replacementReason(desired: DataActionSpec, previous: DataActionSpec | undefined): string | undefined {
  if (previous === undefined) return 'the previous properties are unreadable';
  const before = previous.properties;
  const after = desired.properties;
  if (before.genesysRegion !== after.genesysRegion) return 'the Genesys region changed';
  if (before.integrationId !== after.integrationId) return 'the integration changed';
  if (previous.secure !== desired.secure) return '`secure` changed';
  if (before.schemaHash !== after.schemaHash || genesysContractText(previous) !== genesysContractText(desired)) {
    return 'the contract changed';
  }
  return undefined;
}

/** The contract as Genesys holds it, canonically: it cannot change once the action is published. */
function genesysContractText(spec: DataActionSpec): string {
  return canonicalJson(toGenesysActionContract(spec.contract));
}
