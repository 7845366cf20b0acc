/**
 * One whole life of a stack, as CloudFormation would drive it: deploy (integration, then three actions),
 * an update that PATCHes one action and replaces another (then deletes the old one), and destroy. After
 * each phase the org is checked to be exactly what the stack describes. The resilience tests run it
 * under 429 storms, expiring tokens and 5xx bursts.
 */
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE as ACTION,
  GENESYS_INTEGRATION_RESOURCE_TYPE as INTEGRATION,
  type GenesysDataActionProperties,
} from '../../lambda/registration/resource-properties.js';
import { CANARY, INBOUND, type RegistrationWorld, actionProperties, events, integrationProperties, loadContract } from './support.js';

const CONTRACTS = ['customer-delete', 'customer-lookup', 'customer-update'].map(loadContract);

function withExtraOutput(contract: ActionContract): ActionContract {
  const output = structuredClone(contract.output) as { properties: Record<string, unknown> };
  output.properties.region = { type: 'string' };
  return { ...contract, output };
}

/** The org holds exactly this integration (enabled, credential attached) and these actions. */
function expectOrg(world: RegistrationWorld, integrationId: string, actions: Map<string, GenesysDataActionProperties>): void {
  const state = world.genesys.state();
  expect(state.integrations.map((i) => [i.id, i.intendedState])).toEqual([[integrationId, 'ENABLED']]);
  expect(state.credentials).toHaveLength(1);
  expect(state.credentials[0]!.fields).toEqual({ userName: INBOUND.username, password: CANARY.inboundPassword });
  expect(state.integrations[0]!.config.credentials).toEqual({ basicAuth: state.credentials[0]!.id });
  expect(new Set(state.actions.map((a) => a.id))).toEqual(new Set(actions.keys()));
  for (const stored of state.actions) {
    const expected = actions.get(stored.id)!;
    const contract = JSON.parse(expected.contractJson) as ActionContract;
    expect(stored.draft).toBeUndefined();
    expect(stored.published).toMatchObject({
      name: expected.actionName,
      category: expected.category,
      integrationId,
      secure: expected.secure === 'true',
      config: { timeoutSeconds: Number(expected.timeoutSeconds), request: { requestUrlTemplate: expected.actionUrl } },
      contract: { input: { inputSchema: contract.input }, output: { successSchema: contract.output } },
    });
  }
}

export async function deployUpdateDestroy(world: RegistrationWorld): Promise<void> {
  // Deploy.
  const integration = integrationProperties();
  const { PhysicalResourceId: integrationId } = await world.succeed(events.create(INTEGRATION, 'Integration', integration));
  const actions = new Map<string, GenesysDataActionProperties>();
  for (const contract of CONTRACTS) {
    const properties = actionProperties(contract, integrationId);
    const { PhysicalResourceId: id, Data } = await world.succeed(events.create(ACTION, `Action-${contract.name}`, properties));
    expect(Data).toEqual({ ActionId: id, Version: '1' });
    actions.set(id, properties);
  }
  expectOrg(world, integrationId, actions);

  // Update: one action PATCHed in place, one replaced (its contract changed) and the old one deleted.
  const [patchedId, replacedId] = [...actions.keys()] as [string, string];
  const patched = { ...actions.get(patchedId)!, category: 'CRM', timeoutSeconds: '12' };
  const patchResult = await world.succeed(events.update(ACTION, 'Patched', patchedId, patched, actions.get(patchedId)!));
  expect(patchResult.PhysicalResourceId).toBe(patchedId);
  actions.set(patchedId, patched);

  const oldReplaced = actions.get(replacedId)!;
  const replaced = actionProperties(withExtraOutput(JSON.parse(oldReplaced.contractJson) as ActionContract), integrationId);
  const { PhysicalResourceId: newId } = await world.succeed(events.update(ACTION, 'Replaced', replacedId, replaced, oldReplaced));
  expect(newId).not.toBe(replacedId);
  await world.succeed(events.delete(ACTION, 'Replaced', replacedId, oldReplaced));
  actions.delete(replacedId);
  actions.set(newId, replaced);
  expectOrg(world, integrationId, actions);

  // Destroy: actions first (they depend on the integration), then the integration.
  for (const [id, properties] of actions) await world.succeed(events.delete(ACTION, 'Action', id, properties));
  await world.succeed(events.delete(INTEGRATION, 'Integration', integrationId, integration));
  const state = world.genesys.state();
  expect({ integrations: state.integrations, credentials: state.credentials, actions: state.actions }).toEqual({
    integrations: [],
    credentials: [],
    actions: [],
  });
}
