/**
 * End to end, the success path of every action, through the local Genesys Cloud: the actions the stack's
 * registration code registered are executed (`/execute`, as a flow) and tested (`/test`, as the admin UI),
 * which calls the local API Gateway, which invokes the real bundle, which calls the customer service. Each
 * output is checked against the success schema Genesys holds, and each call's audit record against the call.
 * The official Genesys SDK lists and executes the registered actions too.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type platformClient from 'purecloud-platform-client-v2';
import { createDraft04Ajv } from '../../lambda/contracts/validator-compiler.js';
import { discoverActions } from '../../scripts/build.js';
import { DEFAULT_DEV_CLIENT } from '../../tools/genesys-cloud-local/index.js';
import { root, sampleInput, startE2eStack, type E2eStack } from './support/e2e-stack.js';

const sdk = createRequire(import.meta.url)('purecloud-platform-client-v2') as typeof platformClient;
/** Every action folder, known when the tests are defined (a new one without a sample input fails loudly). */
const ACTION_FOLDERS = readdirSync(join(root, 'lambda/actions'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe('npm start, end to end: every action through the local Genesys Cloud', () => {
  let world: E2eStack;
  let names: string[];

  beforeAll(async () => {
    world = await startE2eStack();
    names = (await discoverActions()).map((a) => a.contract.name);
  });
  afterAll(() => world?.close());

  it('registers every action of lambda/actions through the registration bundle, pointing at the local API Gateway', async () => {
    expect(world.stack.registrationCode).toMatch(/dist\/registration\.mjs$/);
    expect(world.stack.actions.map((a) => a.name).sort()).toEqual([...names].sort());
    const org = world.stack.genesys.state();
    const integration = org.integrations.find((i) => i.id === world.stack.registration.integrationId);
    expect(integration).toMatchObject({ typeId: 'custom-rest-actions', intendedState: 'ENABLED' });
    // The integration's credential is the local inbound credential, copied by the registration code from Secrets Manager.
    const credential = org.credentials.find((c) => c.id === world.stack.registration.credentialId);
    expect(credential).toMatchObject({
      type: 'basicAuth',
      fields: { userName: world.secrets.inboundCredential.username, password: world.secrets.inboundCredential.password },
    });
    for (const action of world.stack.actions) {
      const read = await world.platform('GET', `/api/v2/integrations/actions/${action.id}?expand=contract&includeConfig=true`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        name: action.name,
        integrationId: world.stack.registration.integrationId,
        config: { timeoutSeconds: action.timeoutSeconds, request: { requestUrlTemplate: `${world.stack.apiUrl}/actions/${action.name}`, requestType: 'POST' } },
      });
    }
  });

  it.each(ACTION_FOLDERS)(
    '%s: /execute succeeds, its output is valid against the registered success schema, and one audit record tells the same story',
    async (name) => {
      const read = await world.platform('GET', `/api/v2/integrations/actions/${world.actionId(name)}?expand=contract`);
      const successSchema = (read.body.contract as { output: { successSchema: object } }).output.successSchema;
      const validate = createDraft04Ajv().compile(successSchema);

      const reply = await world.run('execute', name, sampleInput(name));
      expect(reply.status).toBe(200);
      expect(validate(reply.body)).toBe(true);
      expect(reply.body).toMatchObject({ success: true, trace_id: reply.correlationId });
      expect((reply.body.data as { customer_id: string }).customer_id).toBe(sampleInput(name).customer_id);

      const audits = await world.auditsOf(reply.correlationId);
      expect(audits).toHaveLength(1);
      const audit = audits[0]!;
      expect(audit).toMatchObject({
        action: name,
        outcome: 'success',
        http_status: 200,
        error_code: null,
        invocation_type: 'api',
        genesys_org_id: world.stack.genesys.organizationId,
        attempts: 1,
      });
      expect(audit.input_hash).toMatch(/^[0-9a-f]{64}$/);
      // The API's access log names the same Lambda request.
      const access = world.accessLogs().find((record) => record.integrationRequestId === audit.aws_request_id);
      expect(access).toMatchObject({ status: 200, resourcePath: `/actions/${name}`, errorResponseType: '-' });
    },
  );

  it('customer-lookup: /test reports every step of the test pane as successful, ending in the output', async () => {
    const reply = await world.run('test', 'customer-lookup', sampleInput('customer-lookup'));
    expect(reply.status).toBe(200);
    const result = reply.body as unknown as platformClient.Models.TestExecutionResult;
    expect(result.success).toBe(true);
    expect(result.operations?.every((operation) => operation.success)).toBe(true);
    expect(result.finalResult).toMatchObject({ success: true, data: { customer_id: 'cust_12345', first_name: 'Jane' } });
  });

  it('the official Genesys SDK lists the registered actions and executes one', async () => {
    const client = sdk.ApiClient.instance;
    client.config.live_reload_config = false;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: Number(new URL(world.stack.genesysUrl).port), path_params_login: '', path_params_api: '' });
    await client.loginClientCredentialsGrant(DEFAULT_DEV_CLIENT.clientId, DEFAULT_DEV_CLIENT.clientSecret);
    const integrations = new sdk.IntegrationsApi();

    const listing = await integrations.getIntegrationsActions({ pageSize: 100 });
    expect(listing.entities?.map((action) => action.id).sort()).toEqual(world.stack.actions.map((a) => a.id).sort());
    expect(listing.entities?.every((action) => action.integrationId === world.stack.registration.integrationId)).toBe(true);

    const output = (await integrations.postIntegrationsActionExecute(world.actionId('customer-lookup'), { customer_id: 'cust_67890' })) as Record<string, unknown>;
    expect(output).toMatchObject({ success: true, data: { customer_id: 'cust_67890', last_name: 'Smith' } });
    const audits = await world.auditsOf(output.trace_id as string);
    expect(audits).toMatchObject([{ action: 'customer-lookup', outcome: 'success', http_status: 200 }]);
  });
});
