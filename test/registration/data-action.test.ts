/**
 * `Custom::GenesysDataAction` driven with real CloudFormation events against the local Genesys Cloud:
 * after every scenario the org holds exactly the actions it should, with exactly the right definition.
 */
import { GENESYS_DATA_ACTION_RESOURCE_TYPE as ACTION } from '../../lambda/registration/resource-properties.js';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import { API_BASE, CANARY, FUNCTION_ARN, RegistrationWorld, actionProperties, dataSize, events, loadContract } from './support.js';

const lookup = loadContract('customer-lookup');
const update = loadContract('customer-update');

/** The same action with one more output field: a contract change. */
function withExtraOutput(contract: ActionContract): ActionContract {
  const output = structuredClone(contract.output) as { properties: Record<string, unknown> };
  output.properties.region = { type: 'string', description: 'Where the record lives.' };
  return { ...contract, output };
}

describe('Custom::GenesysDataAction', () => {
  let world: RegistrationWorld;
  let integrationId: string;

  beforeAll(async () => {
    world = await RegistrationWorld.start();
  });
  afterAll(async () => {
    await world.stop();
  });
  beforeEach(() => {
    integrationId = world.provisionIntegration();
  });
  afterEach(async () => {
    // Each scenario cleans up through the handler; anything left is removed so scenarios stay independent.
    for (const id of world.actions().keys()) await world.succeed(events.delete(ACTION, 'Leftover', id, actionProperties(lookup, integrationId)));
  });

  it('Create registers one published action, exactly the pass-through definition, and returns its id', async () => {
    const properties = actionProperties(lookup, integrationId);
    const result = await world.succeed(events.create(ACTION, 'ActionCustomerLookup', properties));

    const actions = world.actions();
    expect([...actions.keys()]).toEqual([result.PhysicalResourceId]);
    expect(result.PhysicalResourceId).toMatch(/^custom_-_[0-9a-f-]{36}$/);
    expect(result.Data).toEqual({ ActionId: result.PhysicalResourceId, Version: '1' });
    expect(dataSize(result)).toBeLessThan(200);
    const action = actions.get(result.PhysicalResourceId)!;
    expect(action.draft).toBeUndefined();
    expect(action.published).toEqual({
      name: 'customer-lookup',
      category: 'Data Actions on AWS',
      integrationId,
      secure: true,
      version: 1,
      config: {
        timeoutSeconds: 5,
        request: {
          requestUrlTemplate: `${API_BASE}/actions/customer-lookup`,
          requestType: 'POST',
          headers: { 'Content-Type': 'application/json' },
          requestTemplate: '${input.rawRequest}',
        },
        response: { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
      },
      contract: { input: { inputSchema: lookup.input }, output: { successSchema: lookup.output } },
    });
  });

  it('Update without a contract change PATCHes in place: same id, version bumped, config and category changed', async () => {
    const before = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', before));
    const after = actionProperties(lookup, integrationId, {
      actionUrl: 'https://f9e8d7c6b5.execute-api.eu-west-1.amazonaws.com/live/actions/customer-lookup',
      timeoutSeconds: '9',
      category: 'CRM',
    });

    const result = await world.succeed(events.update(ACTION, 'Lookup', id, after, before));

    expect(result).toEqual({ PhysicalResourceId: id, Data: { ActionId: id, Version: '2' } });
    const actions = world.actions();
    expect([...actions.keys()]).toEqual([id]);
    const published = actions.get(id)!.published!;
    expect(published.version).toBe(2);
    expect(published.category).toBe('CRM');
    expect(published.config.timeoutSeconds).toBe(9);
    expect(published.config.request.requestUrlTemplate).toBe(after.actionUrl);
    expect(published.config.request.requestTemplate).toBe('${input.rawRequest}');
    expect(published.contract).toEqual({ input: { inputSchema: lookup.input }, output: { successSchema: lookup.output } });
  });

  it('Update with a contract change creates a new action; the old one stays until CloudFormation deletes it', async () => {
    const before = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: oldId } = await world.succeed(events.create(ACTION, 'Lookup', before));
    const changed = withExtraOutput(lookup);
    const after = actionProperties(changed, integrationId);

    const result = await world.succeed(events.update(ACTION, 'Lookup', oldId, after, before));

    const newId = result.PhysicalResourceId;
    expect(newId).not.toBe(oldId);
    expect(result.Data).toEqual({ ActionId: newId, Version: '1' });
    let actions = world.actions();
    expect(new Set(actions.keys())).toEqual(new Set([oldId, newId]));
    expect(actions.get(oldId)!.published!.contract.output.successSchema).toEqual(lookup.output);
    expect(actions.get(newId)!.published!.contract.output.successSchema).toEqual(changed.output);

    // CloudFormation's cleanup phase: Delete of the old physical id, with the old properties.
    await world.succeed(events.delete(ACTION, 'Lookup', oldId, before));
    actions = world.actions();
    expect([...actions.keys()]).toEqual([newId]);
  });

  it('Update of `secure` replaces the action (Genesys cannot change it after publish)', async () => {
    const before = actionProperties(update, integrationId);
    const { PhysicalResourceId: oldId } = await world.succeed(events.create(ACTION, 'Update', before));
    const after = actionProperties(update, integrationId, { secure: 'false' });

    const { PhysicalResourceId: newId } = await world.succeed(events.update(ACTION, 'Update', oldId, after, before));

    expect(newId).not.toBe(oldId);
    const actions = world.actions();
    expect(actions.get(oldId)!.published!.secure).toBe(true);
    expect(actions.get(newId)!.published!.secure).toBe(false);
    await world.succeed(events.delete(ACTION, 'Update', oldId, before));
    expect([...world.actions().keys()]).toEqual([newId]);
  });

  it('Update to another integration replaces the action inside the new integration', async () => {
    const otherIntegration = world.provisionIntegration('Second integration');
    const before = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: oldId } = await world.succeed(events.create(ACTION, 'Lookup', before));
    const after = actionProperties(lookup, otherIntegration);

    const { PhysicalResourceId: newId } = await world.succeed(events.update(ACTION, 'Lookup', oldId, after, before));

    expect(newId).not.toBe(oldId);
    expect(world.actions().get(newId)!.published!.integrationId).toBe(otherIntegration);
    await world.succeed(events.delete(ACTION, 'Lookup', oldId, before));
    expect([...world.actions().keys()]).toEqual([newId]);
  });

  it('rollback Update (properties swapped) PATCHes the previous definition back onto the same action', async () => {
    const original = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', original));
    const changed = actionProperties(lookup, integrationId, { timeoutSeconds: '20', category: 'Changed' });
    await world.succeed(events.update(ACTION, 'Lookup', id, changed, original));

    const rollback = await world.succeed(events.update(ACTION, 'Lookup', id, original, changed));

    expect(rollback).toEqual({ PhysicalResourceId: id, Data: { ActionId: id, Version: '3' } });
    const published = world.actions().get(id)!.published!;
    expect(published.category).toBe(original.category);
    expect(published.config.timeoutSeconds).toBe(5);
  });

  it('rollback of a replacement: Delete of the new id leaves the original action untouched', async () => {
    const original = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: oldId } = await world.succeed(events.create(ACTION, 'Lookup', original));
    const replaced = actionProperties(withExtraOutput(lookup), integrationId);
    const { PhysicalResourceId: newId } = await world.succeed(events.update(ACTION, 'Lookup', oldId, replaced, original));

    // The stack update failed elsewhere: CloudFormation deletes the replacement, keeps the original.
    await world.succeed(events.delete(ACTION, 'Lookup', newId, replaced));

    const actions = world.actions();
    expect([...actions.keys()]).toEqual([oldId]);
    expect(actions.get(oldId)!.published!.version).toBe(1);
    expect(actions.get(oldId)!.published!.contract.output.successSchema).toEqual(lookup.output);
  });

  it('Delete removes the action; a second Delete of it succeeds (404 is done)', async () => {
    const properties = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', properties));

    expect(await world.succeed(events.delete(ACTION, 'Lookup', id, properties))).toEqual({ PhysicalResourceId: id });
    expect(world.actions().size).toBe(0);
    expect(await world.succeed(events.delete(ACTION, 'Lookup', id, properties))).toEqual({ PhysicalResourceId: id });
    expect(world.actions().size).toBe(0);
  });

  it.each([
    ['the request id of the failed Create', () => crypto.randomUUID()],
    ['the CDK Provider framework marker', () => 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'],
    ['a log stream name', () => '2026/01/01/[$LATEST]8f0e5c1d2b3a49a0b1c2d3e4f5a6b7c8'],
  ])('Delete after a failed Create with %s as physical id succeeds without touching Genesys', async (_name, placeholder) => {
    const survivor = await world.succeed(events.create(ACTION, 'Other', actionProperties(update, integrationId)));
    const requestsBefore = world.genesys.requestLog().length;
    const physicalId = placeholder();

    const result = await world.succeed(events.delete(ACTION, 'Lookup', physicalId, actionProperties(lookup, integrationId)));

    expect(result).toEqual({ PhysicalResourceId: physicalId });
    expect(world.genesys.requestLog().length).toBe(requestsBefore);
    expect([...world.actions().keys()]).toEqual([survivor.PhysicalResourceId]);
  });

  it('a Create Genesys rejects (nested array in the input contract) fails clearly and leaves nothing', async () => {
    const broken = { ...lookup, input: { ...lookup.input, properties: { ids: { type: 'array', items: { type: 'string' } } } } };
    const outcome = await world.send(events.create(ACTION, 'Broken', actionProperties(broken as ActionContract, integrationId)));

    expect(outcome.error?.message).toMatch(
      /^Custom::GenesysDataAction Broken Create failed: Genesys answered POST \/api\/v2\/integrations\/actions with HTTP 400 bad\.request: .+ \(Genesys contextId [0-9a-f-]{36}\)$/,
    );
    expect(world.actions().size).toBe(0);
  });

  it('a Create whose later step fails deletes the action it created before failing', async () => {
    // The read-back after the create is refused (403): the action exists, the Create cannot complete.
    world.genesys.injectFault({ status: 403, method: 'GET', path: /^\/api\/v2\/integrations\/actions\/custom_-_/, times: 1 });
    const outcome = await world.send(events.create(ACTION, 'Lookup', actionProperties(lookup, integrationId)));

    expect(outcome.error?.message).toMatch(/Create failed: Genesys answered GET \/api\/v2\/integrations\/actions\/custom_-_\S+ with HTTP 403/);
    expect(outcome.error?.message).toMatch(/cleanup removed action custom_-_/);
    expect(world.actions().size).toBe(0);
    const deletes = world.genesys.requestLog().filter((r) => r.method === 'DELETE' && r.path.includes('/actions/custom_-_'));
    expect(deletes.at(-1)?.status).toBe(204);
  });

  it('an Update whose action vanished from Genesys creates it again under a new id', async () => {
    const properties = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', properties));
    await world.succeed(events.delete(ACTION, 'Manual', id, properties)); // deleted behind the stack's back

    const result = await world.succeed(events.update(ACTION, 'Lookup', id, actionProperties(lookup, integrationId, { category: 'Again' }), properties));

    expect(result.PhysicalResourceId).not.toBe(id);
    expect([...world.actions().keys()]).toEqual([result.PhysicalResourceId]);
    expect(world.actions().get(result.PhysicalResourceId)!.published!.category).toBe('Again');
  });

  it('Lambda mode: the action invokes the function alias ARN with the same pass-through', async () => {
    const lambdaIntegration = world.provisionIntegration('Lambda data actions', 'aws-lambda-data-actions');
    const aliasArn = `${FUNCTION_ARN}:customer-lookup`;
    const properties = actionProperties(lookup, lambdaIntegration, { integrationMode: 'lambda', actionUrl: aliasArn });

    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', properties));

    const published = world.actions().get(id)!.published!;
    expect(published.integrationId).toBe(lambdaIntegration);
    expect(published.config.request).toEqual({
      requestUrlTemplate: aliasArn,
      requestType: 'POST',
      headers: { 'Content-Type': 'application/json' },
      requestTemplate: '${input.rawRequest}',
    });
    expect(published.config.response.successTemplate).toBe('${rawResult}');
  });

  it('invalid properties fail before any Genesys call, naming each problem', async () => {
    const requestsBefore = world.genesys.requestLog().length;
    const properties = actionProperties(lookup, integrationId, { timeoutSeconds: '90', secure: 'yes' as 'true', contractJson: '{"name":' });

    const outcome = await world.send(events.create(ACTION, 'Lookup', properties));

    expect(outcome.error?.message).toBe(
      'Custom::GenesysDataAction Lookup Create failed: Custom::GenesysDataAction properties are invalid: ' +
        "timeoutSeconds must be a whole number from 1 to 60; secure must be one of 'true', 'false'; contractJson is not valid JSON",
    );
    expect(world.genesys.requestLog().length).toBe(requestsBefore);
  });

  it('never writes a secret into a log line or an error, and logs only ids and versions', () => {
    const written = world.everythingWritten();
    expect(world.lines.length).toBeGreaterThan(10);
    for (const secret of Object.values(CANARY)) expect(written).not.toContain(secret);
    // Logs carry ids, never property contents such as the contract.
    expect(world.lines.join('\n')).not.toContain(lookup.description);
    expect(world.lines.join('\n')).not.toContain('json-schema.org');
    expect(written).not.toMatch(/access_token|Bearer [A-Za-z0-9_-]{20,}/);
  });
});
