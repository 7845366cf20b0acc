/**
 * `Custom::GenesysIntegration` driven with real CloudFormation events against the local Genesys Cloud:
 * the integration, its credential (holding the secret's values, which only the org snapshot may show)
 * and its configuration are exactly right after every scenario, and nothing is left behind.
 */
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE as ACTION,
  GENESYS_INTEGRATION_RESOURCE_TYPE as INTEGRATION,
} from '../../lambda/registration/resource-properties.js';
import {
  ARNS,
  CANARY,
  INBOUND,
  RegistrationWorld,
  actionProperties,
  dataSize,
  events,
  integrationProperties,
  lambdaIntegrationProperties,
  loadContract,
} from './support.js';

describe('Custom::GenesysIntegration', () => {
  let world: RegistrationWorld;

  beforeAll(async () => {
    world = await RegistrationWorld.start();
  });
  afterAll(async () => {
    await world.stop();
  });
  afterEach(async () => {
    const { integrations } = world.genesys.state();
    for (const { id } of integrations) await world.succeed(events.delete(INTEGRATION, 'Leftover', id, integrationProperties()));
    world.genesys.clearFaults();
  });

  function org() {
    const state = world.genesys.state();
    return { integrations: state.integrations, credentials: state.credentials, actions: state.actions };
  }

  it('Create makes an ENABLED Web Services integration whose config names a basicAuth credential holding the secret', async () => {
    const result = await world.succeed(events.create(INTEGRATION, 'Integration', integrationProperties()));

    const { integrations, credentials } = org();
    expect(integrations).toHaveLength(1);
    expect(credentials).toHaveLength(1);
    const [integration] = integrations;
    const [credential] = credentials;
    expect(result).toEqual({ PhysicalResourceId: integration!.id, Data: { IntegrationId: integration!.id, CredentialId: credential!.id } });
    expect(dataSize(result)).toBeLessThan(200);
    expect(integration).toMatchObject({
      typeId: 'custom-rest-actions',
      name: 'Data Actions on AWS',
      intendedState: 'ENABLED',
      config: { name: 'Data Actions on AWS', credentials: { basicAuth: credential!.id } },
    });
    expect(credential).toMatchObject({
      type: 'basicAuth',
      name: 'Data Actions on AWS credential',
      fields: { userName: INBOUND.username, password: CANARY.inboundPassword },
    });
  });

  it('Lambda mode: an aws-lambda-data-actions integration with an amazonWebServicesARN credential naming the invoke role', async () => {
    const result = await world.succeed(events.create(INTEGRATION, 'Integration', lambdaIntegrationProperties()));

    const { integrations, credentials } = org();
    expect(integrations).toHaveLength(1);
    expect(credentials).toHaveLength(1);
    expect(integrations[0]).toMatchObject({
      id: result.PhysicalResourceId,
      typeId: 'aws-lambda-data-actions',
      intendedState: 'ENABLED',
      config: { credentials: { AmazonWebServicesARN: credentials[0]!.id } },
    });
    expect(credentials[0]).toMatchObject({ type: 'amazonWebServicesARN', fields: { ARN: ARNS.invokeRole } });
  });

  it('Update of name and credential secret changes both in place: same integration, same credential, new values', async () => {
    const before = integrationProperties();
    const created = await world.succeed(events.create(INTEGRATION, 'Integration', before));
    const after = integrationProperties({ integrationName: 'Data Actions (renamed)', credentialSecretArn: ARNS.rotatedInbound });

    const result = await world.succeed(events.update(INTEGRATION, 'Integration', created.PhysicalResourceId, after, before));

    expect(result).toEqual(created);
    const { integrations, credentials } = org();
    expect(integrations).toHaveLength(1);
    expect(integrations[0]).toMatchObject({ name: 'Data Actions (renamed)', intendedState: 'ENABLED', config: { name: 'Data Actions (renamed)' } });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.fields).toEqual({ userName: 'genesys-data-actions-v2', password: CANARY.rotatedPassword });

    // Rollback: properties swapped, the previous values come back.
    await world.succeed(events.update(INTEGRATION, 'Integration', created.PhysicalResourceId, before, after));
    expect(org().integrations[0]!.name).toBe('Data Actions on AWS');
    expect(org().credentials[0]!.fields).toEqual({ userName: INBOUND.username, password: CANARY.inboundPassword });
  });

  it('Update of the integration type replaces it; CloudFormation’s Delete of the old one removes it and its credential', async () => {
    const before = integrationProperties();
    const { PhysicalResourceId: oldId } = await world.succeed(events.create(INTEGRATION, 'Integration', before));
    const after = lambdaIntegrationProperties();

    const result = await world.succeed(events.update(INTEGRATION, 'Integration', oldId, after, before));

    expect(result.PhysicalResourceId).not.toBe(oldId);
    expect(org().integrations).toHaveLength(2);
    await world.succeed(events.delete(INTEGRATION, 'Integration', oldId, before));
    const { integrations, credentials } = org();
    expect(integrations.map((i) => [i.id, i.typeId])).toEqual([[result.PhysicalResourceId, 'aws-lambda-data-actions']]);
    expect(credentials.map((c) => c.type)).toEqual(['amazonWebServicesARN']);
  });

  it('Delete removes the integration, its credential and (Genesys does) its actions; a second Delete succeeds', async () => {
    const properties = integrationProperties();
    const { PhysicalResourceId: id } = await world.succeed(events.create(INTEGRATION, 'Integration', properties));
    await world.succeed(events.create(ACTION, 'Lookup', actionProperties(loadContract('customer-lookup'), id)));

    expect(await world.succeed(events.delete(INTEGRATION, 'Integration', id, properties))).toEqual({ PhysicalResourceId: id });
    expect(org()).toEqual({ integrations: [], credentials: [], actions: [] });
    expect(await world.succeed(events.delete(INTEGRATION, 'Integration', id, properties))).toEqual({ PhysicalResourceId: id });
  });

  it('Delete after a failed Create (request-id placeholder) succeeds and changes nothing', async () => {
    const kept = await world.succeed(events.create(INTEGRATION, 'Kept', integrationProperties({ integrationName: 'Kept' })));
    const before = org();
    const apiWrites = () => world.genesys.requestLog().filter((r) => r.method !== 'GET' && r.path.startsWith('/api/')).length;
    const writesBefore = apiWrites();

    const placeholder = crypto.randomUUID();
    expect(await world.succeed(events.delete(INTEGRATION, 'Integration', placeholder, integrationProperties()))).toEqual({
      PhysicalResourceId: placeholder,
    });
    expect(await world.succeed(events.delete(INTEGRATION, 'Integration', 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED', integrationProperties()))).toEqual({
      PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
    });

    expect(org()).toEqual(before);
    expect(apiWrites()).toBe(writesBefore);
    expect(org().integrations.map((i) => i.id)).toEqual([kept.PhysicalResourceId]);
  });

  it('a Create failing half-way (config refused) removes the integration and the credential it made', async () => {
    world.genesys.injectFault({ status: 400, method: 'PUT', path: /\/config\/current$/, times: 1 });

    const outcome = await world.send(events.create(INTEGRATION, 'Integration', integrationProperties()));

    expect(outcome.error?.message).toMatch(
      /^Custom::GenesysIntegration Integration Create failed: Genesys answered PUT \/api\/v2\/integrations\/[0-9a-f-]{36}\/config\/current with HTTP 400 .*; cleanup removed integration [0-9a-f-]{36}, credential [0-9a-f-]{36}$/,
    );
    expect(org()).toEqual({ integrations: [], credentials: [], actions: [] });
  });

  it('an unreadable or malformed secret fails the Create before anything exists, naming the ARN only', async () => {
    const missing = await world.send(events.create(INTEGRATION, 'Integration', integrationProperties({ credentialSecretArn: ARNS.missing })));
    expect(missing.error?.message).toBe(
      `Custom::GenesysIntegration Integration Create failed: secret ${ARNS.missing} (the inbound credential) could not be read: ` +
        "ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );

    // The OAuth secret holds the inbound credential's shape: wrong fields, reported without values.
    const wrong = await world.send(events.create(INTEGRATION, 'Integration', integrationProperties({ genesysOAuthSecretArn: ARNS.inbound })));
    expect(wrong.error?.message).toBe(
      `Custom::GenesysIntegration Integration Create failed: secret ${ARNS.inbound} (the Genesys OAuth client) must be JSON {"clientId","clientSecret"} with non-empty strings`,
    );
    expect(org()).toEqual({ integrations: [], credentials: [], actions: [] });
  });

  it('invalid properties fail before any call: an unknown region, a basicAuth credential on a Lambda integration', async () => {
    const requests = world.genesys.requestLog().length;
    const outcome = await world.send(
      events.create(INTEGRATION, 'Integration', integrationProperties({ integrationType: 'aws-lambda-data-actions', genesysRegion: 'eu-west-9' })),
    );
    expect(outcome.error?.message).toMatch(/^Custom::GenesysIntegration Integration Create failed: Custom::GenesysIntegration properties are invalid: genesysRegion: unknown region or domain 'eu-west-9'.*; credentialType must be 'amazonWebServicesARN' for a 'aws-lambda-data-actions' integration$/);
    expect(world.genesys.requestLog().length).toBe(requests);
  });

  it('never writes a secret into a log line or an error', () => {
    const written = world.everythingWritten();
    expect(world.lines.length).toBeGreaterThan(10);
    for (const secret of Object.values(CANARY)) expect(written).not.toContain(secret);
  });
});
