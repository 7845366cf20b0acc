/**
 * The local stack must be the CDK stack, run locally. Everything the local stack mirrors rather than
 * shares with infra/ is compared here with the synthesized template, so that the two cannot drift apart:
 * routes, request models and integration timeouts; the function's timeout and environment; the stage's
 * name, throttling and access log fields; the gateway responses; the registration's custom-resource
 * properties.
 */
import { synthesize } from '../infra/fixture.js';
import { STACK_GATEWAY_RESPONSES } from '../../tools/local-stack/api-gateway/gateway-responses.js';
import { DEFAULT_STAGE_NAME, DEFAULT_THROTTLE } from '../../tools/local-stack/api-gateway/rest-api.js';
import { INTEGRATION_NAME, functionEnvironment } from '../../tools/local-stack/local-stack.js';
import { dataActionProperties, integrationProperties } from '../../tools/local-stack/registration.js';
import { discoverActions } from '../../scripts/build.js';
import { startE2eStack, type E2eStack } from './support/e2e-stack.js';

/** Parsed JSON, read loosely: the assertions check its shape. */
type Json = Record<string, any>;

describe('the local stack mirrors the synthesized CDK stack', () => {
  let world: E2eStack;
  let resources: Record<string, Json>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type) as [string, Json][];

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

  it("has the same function timeout and environment (the local Secrets Manager's ARNs and endpoint aside)", () => {
    const [[, fn]] = ofType('AWS::Lambda::Function').filter(([, f]) => f.Properties.Handler === 'handler.handler') as [[string, Json]];
    expect(world.stack.timeoutPlan.lambdaTimeoutSeconds).toBe(fn.Properties.Timeout);
    const local = functionEnvironment('https://business.example.com', world.stack.timeoutPlan, { arnOf: () => 'arn', url: 'http://local' });
    const { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint, ...deployedNames } = local;
    expect(endpoint).toBe('http://local');
    const plain = (variables: Json) => Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : 'ref']));
    const stackVariables = plain(fn.Properties.Environment.Variables);
    expect(Object.keys(deployedNames).sort()).toEqual(Object.keys(stackVariables).sort());
    for (const [name, value] of Object.entries(stackVariables)) {
      if (value !== 'ref') expect({ name, value: deployedNames[name] }).toEqual({ name, value });
    }
  });

  it('has the same stage name, throttling and access log fields', async () => {
    const [[, stage]] = ofType('AWS::ApiGateway::Stage') as [[string, Json]];
    expect(stage.Properties.StageName).toBe(DEFAULT_STAGE_NAME);
    expect(stage.Properties.MethodSettings).toEqual(
      expect.arrayContaining([expect.objectContaining({ ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit, ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit })]),
    );
    const fields = Object.keys(JSON.parse(stage.Properties.AccessLogSetting.Format.replaceAll(/\$context\.status/g, '0')) as Json);
    await fetch(`${world.stack.apiUrl}/actions/customer-lookup`, { method: 'POST', body: '{}' });
    const record = world.accessLogs().at(-1)!;
    expect(Object.keys(record).sort()).toEqual(fields.sort());
    expect(record).toMatchObject({ service: 'genesys-data-actions', status: 400, errorResponseType: 'BAD_REQUEST_BODY' });
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

  it('registers with the same custom-resource properties', async () => {
    const actions = await discoverActions();
    const connection = { genesysRegion: 'eu-west-1', genesysOAuthSecretArn: 'oauth-arn' };
    const [[, integration]] = ofType('Custom::GenesysIntegration') as [[string, Json]];
    const { ServiceToken: _token, ServiceTimeout, ...integrationProps } = integration.Properties;
    expect(ServiceTimeout).toBe('600');
    expect({ ...integrationProps, genesysOAuthSecretArn: 'oauth-arn', credentialSecretArn: 'inbound-arn' }).toEqual(
      integrationProperties(connection, INTEGRATION_NAME, 'inbound-arn'),
    );
    for (const [, resource] of ofType('Custom::GenesysDataAction')) {
      const { ServiceToken: _t, ServiceTimeout: _s, ...props } = resource.Properties;
      const action = actions.find((a) => a.contract.name === props.actionName)!;
      const local = dataActionProperties(connection, { ...action, actionUrl: 'url', integrationId: 'integration', integrationName: INTEGRATION_NAME });
      expect({ ...props, genesysOAuthSecretArn: 'oauth-arn', actionUrl: 'url', integrationId: 'integration' }).toEqual(local);
    }
  });
});
