/**
 * The local stack must be the CDK stack, run locally. Both take what they decide from one deployment plan
 * (infra/plan/: timeouts, function environment, stage, access log, gateway responses, registration), so
 * parity is by construction; this test holds the synthesized template to what the running local stack
 * really uses, so that a construct that stops following the plan — or a value the local stack still sets
 * itself — shows here: routes, request models and integration timeouts; the function's timeout and
 * environment; the stage's name, throttling and access log fields; the gateway responses; the registration's
 * custom-resource properties and function.
 */
import { DEFAULT_THROTTLING, STAGE_NAME } from '../../infra/plan/api-stage.js';
import { dataActionProperties, integrationProperties, REGISTRATION_FUNCTION, REGISTRATION_SERVICE_TIMEOUT_SECONDS } from '../../infra/plan/registration.js';
import { STACK_GATEWAY_RESPONSES } from '../../tools/local-stack/api-gateway/gateway-responses.js';
import { INTEGRATION_NAME } from '../../tools/local-stack/local-stack.js';
import { discoverActions } from '../../scripts/build.js';
import { BASE_CONTEXT, synthesize } from '../infra/fixture.js';
import { startE2eStack, type E2eStack } from './support/e2e-stack.js';

/** Parsed JSON, read loosely: the assertions check its shape. */
type Json = Record<string, any>;

describe('the local stack mirrors the synthesized CDK stack', () => {
  let world: E2eStack;
  let resources: Record<string, Json>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type) as [string, Json][];
  const functionWithHandler = (handler: string) => ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.Handler === handler)![1];

  beforeAll(async () => {
    const [{ template }, started] = await Promise.all([synthesize(), startE2eStack()]);
    resources = (template.toJSON() as { Resources: Record<string, Json> }).Resources;
    world = started;
  });
  afterAll(() => world?.close());

  it('has the same routes, request models and integration timeouts', async () => {
    const contracts = Object.fromEntries((await discoverActions()).map((a) => [a.contract.name, a.contract]));
    const stackRoutes = ofType('AWS::ApiGateway::Method').map(([, method]) => {
      const resource = resources[method.Properties.ResourceId.Ref]!;
      const parent = resources[resource.Properties.ParentId.Ref];
      const model = resources[method.Properties.RequestModels['application/json'].Ref]!;
      expect(method.Properties.RequestModels.$default).toEqual(method.Properties.RequestModels['application/json']);
      return {
        path: `/${parent?.Properties.PathPart}/${resource.Properties.PathPart}`,
        method: method.Properties.HttpMethod,
        type: method.Properties.Integration.Type,
        timeoutMs: method.Properties.Integration.TimeoutInMillis,
        model: model.Properties.Schema,
      };
    });
    const localRoutes = world.stack.actions.map((action) => ({
      path: new URL(action.url).pathname,
      method: 'POST',
      type: 'AWS_PROXY',
      timeoutMs: action.integrationTimeoutMs,
      model: contracts[action.name]!.input,
    }));
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect(localRoutes.sort(byPath)).toEqual(stackRoutes.sort(byPath));
  });

  it('runs the function with the same timeout and environment (where secrets and the business system live aside)', () => {
    const fn = functionWithHandler('handler.handler');
    expect(world.stack.timeoutPlan.lambdaTimeoutSeconds).toBe(fn.Properties.Timeout);
    const { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint, AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint, ...local } = world.stack.functionEnvironment;
    expect(endpoint).toBe(world.stack.secretsManagerUrl);
    expect(dynamoDbEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/); // the local DynamoDB holding the idempotency table
    const deployed = fn.Properties.Environment.Variables as Json;
    expect(Object.keys(local).sort()).toEqual(Object.keys(deployed).sort());
    expect(deployed.DOWNSTREAM_BASE_URL).toBe(BASE_CONTEXT.downstreamBaseUrl);
    for (const [name, value] of Object.entries(deployed)) {
      // References in the template (the secrets' ARNs) are the local resources' here.
      const expected = typeof value !== 'string' ? expect.any(String) : name === 'DOWNSTREAM_BASE_URL' ? world.stack.downstreamUrl : value;
      expect({ name, value: local[name] }).toEqual({ name, value: expected });
    }
  });

  it('has the same stage name, throttling and access log fields', async () => {
    const [[, stage]] = ofType('AWS::ApiGateway::Stage') as [[string, Json]];
    expect(stage.Properties.StageName).toBe(STAGE_NAME);
    expect(stage.Properties.MethodSettings).toEqual(
      expect.arrayContaining([expect.objectContaining({ ThrottlingRateLimit: DEFAULT_THROTTLING.rateLimit, ThrottlingBurstLimit: DEFAULT_THROTTLING.burstLimit })]),
    );
    const fields = Object.keys(JSON.parse(stage.Properties.AccessLogSetting.Format.replaceAll(/\$context\.status/g, '0')) as Json);
    await fetch(`${world.stack.apiUrl}/actions/customer-lookup`, { method: 'POST', body: '{}' });
    const record = world.accessLogs().at(-1)!;
    expect(Object.keys(record).sort()).toEqual(fields.sort());
    expect(record).toMatchObject({ service: 'genesys-data-actions', status: 400, errorResponseType: 'BAD_REQUEST_BODY', integrationStatus: '-' });
  });

  it('answers with the same gateway responses', () => {
    const stackResponses = Object.fromEntries(
      ofType('AWS::ApiGateway::GatewayResponse').map(([, r]) => [
        r.Properties.ResponseType,
        { ...(r.Properties.StatusCode ? { statusCode: Number(r.Properties.StatusCode) } : {}), template: r.Properties.ResponseTemplates['application/json'] },
      ]),
    );
    expect(STACK_GATEWAY_RESPONSES).toEqual(stackResponses);
  });

  it('registers with the same custom-resource properties and registration function', async () => {
    const actions = await discoverActions();
    const connection = { genesysRegion: 'eu-west-1', genesysOAuthSecretArn: 'oauth-arn' };
    const [[, integration]] = ofType('Custom::GenesysIntegration') as [[string, Json]];
    const { ServiceToken: _token, ServiceTimeout, ...integrationProps } = integration.Properties;
    expect(ServiceTimeout).toBe(String(REGISTRATION_SERVICE_TIMEOUT_SECONDS));
    expect({ ...integrationProps, genesysOAuthSecretArn: 'oauth-arn', credentialSecretArn: 'inbound-arn' }).toEqual(
      integrationProperties(connection, INTEGRATION_NAME, { type: 'basicAuth', secretArn: 'inbound-arn' }),
    );
    for (const [, resource] of ofType('Custom::GenesysDataAction')) {
      const { ServiceToken: _t, ServiceTimeout: _s, ...props } = resource.Properties;
      const action = actions.find((a) => a.contract.name === props.actionName)!;
      const local = dataActionProperties(connection, { ...action, actionUrl: 'url' }, { integrationId: 'integration', integrationMode: 'api-gateway', defaultCategory: INTEGRATION_NAME });
      expect({ ...props, genesysOAuthSecretArn: 'oauth-arn', actionUrl: 'url', integrationId: 'integration' }).toEqual(local);
    }
    const registration = functionWithHandler(REGISTRATION_FUNCTION.handler);
    expect(registration.Properties).toMatchObject({
      Timeout: REGISTRATION_FUNCTION.timeoutSeconds,
      MemorySize: REGISTRATION_FUNCTION.memoryMb,
      Environment: { Variables: REGISTRATION_FUNCTION.environment },
    });
  });
});
