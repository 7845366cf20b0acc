import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { modelName } from '../../infra/constructs/data-action-api.js';
import type { DiscoveredAction } from '../../scripts/build.js';
import { realActions, removePlaceholderBundles, synthesize } from './fixture.js';

let template: Template;
let actions: DiscoveredAction[];
beforeAll(async () => {
  actions = await realActions();
  ({ template } = await synthesize());
});
afterAll(removePlaceholderBundles);

const only = <T>(record: Record<string, T>): [string, T] => {
  const entries = Object.entries(record);
  expect(entries).toHaveLength(1);
  return entries[0]!;
};
/** The one resource of `type` whose logical id starts with `prefix` (the construct path). */
const oneOf = (t: Template, type: string, prefix: string) =>
  only(Object.fromEntries(Object.entries(t.findResources(type)).filter(([id]) => id.startsWith(prefix))));

describe('the data-action function', () => {
  it('runs the built bundle on Node.js 24, arm64, with source maps, memory from configuration', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'handler.handler',
      MemorySize: 1024,
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  it('gets the pinned runtime environment, secrets by ARN only', () => {
    const [, fn] = only(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'handler.handler' } }));
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(variables).sort()).toEqual(
      [
        'DOWNSTREAM_BASE_URL', 'DOWNSTREAM_API_KEY_SECRET_ARN', 'INBOUND_CREDENTIAL_SECRET_ARN', 'AUDIT_HMAC_SECRET_ARN', 'MAX_BODY_BYTES',
        'DEADLINE_SAFETY_MARGIN_MS', 'SECRETS_MAX_AGE_SECONDS', 'DOWNSTREAM_MAX_RETRIES', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'NODE_OPTIONS',
        'IDEMPOTENCY_TABLE_NAME', 'IDEMPOTENCY_TTL_SECONDS', // test/infra/idempotency.test.ts
      ].sort(),
    );
    expect(variables).toMatchObject({
      DOWNSTREAM_BASE_URL: 'https://business.example.com',
      MAX_BODY_BYTES: '65536',
      DEADLINE_SAFETY_MARGIN_MS: '250',
      SECRETS_MAX_AGE_SECONDS: '300',
      DOWNSTREAM_MAX_RETRIES: '2',
      POWERTOOLS_SERVICE_NAME: 'genesys-data-actions',
      POWERTOOLS_METRICS_NAMESPACE: 'GenesysDataActions',
    });
    for (const name of ['DOWNSTREAM_API_KEY_SECRET_ARN', 'INBOUND_CREDENTIAL_SECRET_ARN', 'AUDIT_HMAC_SECRET_ARN']) {
      const ref = (variables[name] as { Ref: string }).Ref;
      expect(template.toJSON().Resources[ref].Type).toBe('AWS::SecretsManager::Secret');
    }
  });

  it('passes the org allowlist when an org is configured', async () => {
    const { template: withOrg } = await synthesize({ genesysOrgId: '9f5c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f', lambdaMemoryMb: '512' });
    withOrg.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'handler.handler',
      MemorySize: 512,
      Environment: { Variables: Match.objectLike({ ALLOWED_GENESYS_ORG_IDS: '9f5c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f' }) },
    });
  });

  it('logs to its own log group, retained for the audit period (400 days by default, configurable)', async () => {
    const [id, logGroup] = oneOf(template, 'AWS::Logs::LogGroup', 'DataActionsLogs');
    expect(logGroup).toMatchObject({ Properties: { RetentionInDays: 400 }, DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'handler.handler', LoggingConfig: { LogGroup: { Ref: id } } });
    const { template: shorter } = await synthesize({ logRetentionDays: '731' });
    expect(oneOf(shorter, 'AWS::Logs::LogGroup', 'DataActionsLogs')[1].Properties.RetentionInDays).toBe(731);
  });
});

describe('the REST API', () => {
  it('is regional', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  it('has POST /actions/<name>, one resource per action, nothing else', () => {
    const resources = template.findResources('AWS::ApiGateway::Resource');
    const paths = Object.values(resources).map((r) => r.Properties.PathPart as string).sort();
    expect(paths).toEqual(['actions', ...actions.map((a) => a.contract.name)].sort());
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(actions.length);
    for (const method of methods) {
      expect(method.Properties).toMatchObject({ HttpMethod: 'POST', Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' } });
      const parent = resources[method.Properties.ResourceId.Ref]!;
      expect(resources[parent.Properties.ParentId.Ref]!.Properties.PathPart).toBe('actions');
    }
  });

  it("validates each body at the edge against a model that is exactly the action's input contract", () => {
    const models = template.findResources('AWS::ApiGateway::Model');
    const [validatorId] = only(template.findResources('AWS::ApiGateway::RequestValidator', { Properties: { ValidateRequestBody: true } }));
    const resources = template.findResources('AWS::ApiGateway::Resource');
    for (const { contract } of actions) {
      const [modelId, model] = Object.entries(models).find(([, m]) => m.Properties.Name === modelName(contract.name))!;
      expect(model.Properties.ContentType).toBe('application/json');
      expect(model.Properties.Schema).toEqual(contract.input);
      const [, method] = Object.entries(template.findResources('AWS::ApiGateway::Method')).find(
        ([, m]) => resources[m.Properties.ResourceId.Ref]!.Properties.PathPart === contract.name,
      )!;
      expect(method.Properties.RequestValidatorId).toEqual({ Ref: validatorId });
      expect(method.Properties.RequestModels).toEqual({ 'application/json': { Ref: modelId }, $default: { Ref: modelId } });
    }
    expect(modelName('customer-lookup')).toBe('CustomerLookupInput');
  });

  it('lets only these methods invoke the function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(actions.length);
    for (const { contract } of actions) {
      expect(permissions.some((p) => JSON.stringify(p.Properties.SourceArn).endsWith(`/POST/actions/${contract.name}"]]}`))).toBe(true);
    }
  });

  it('has a stage with JSON access logs, error-level execution logging, metrics and throttling', () => {
    const [, stage] = only(template.findResources('AWS::ApiGateway::Stage'));
    expect(stage.Properties.MethodSettings).toEqual([
      { HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true, ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    ]);
    const format = stage.Properties.AccessLogSetting.Format as string;
    // Valid JSON once API Gateway substitutes its variables (status unquoted: a number).
    const sample = JSON.parse(format.replace(/\$context\.[A-Za-z.]+/g, (v) => (v === '$context.status' ? '200' : 'x')));
    expect(Object.keys(sample)).toEqual(expect.arrayContaining(['requestId', 'sourceIp', 'status', 'integrationRequestId', 'errorResponseType', 'service']));
    expect(sample.status).toBe(200);
    expect(format).not.toMatch(/validationErrorString|\$input|header|body/i);
    const [accessLogId, accessLogs] = oneOf(template, 'AWS::Logs::LogGroup', 'ApiAccessLogs');
    expect(accessLogs).toMatchObject({ Properties: { RetentionInDays: 400 }, DeletionPolicy: 'Retain' });
    expect(stage.Properties.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [accessLogId, 'Arn'] });
  });

  it('takes throttling from configuration', async () => {
    const { template: custom } = await synthesize({ throttlingRateLimit: '20', throttlingBurstLimit: '40' });
    custom.hasResourceProperties('AWS::ApiGateway::Stage', { MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 })] });
  });

  it('answers edge rejections with the runtime error envelope, never the rejected value', () => {
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse'));
    const byType = new Map(responses.map((r) => [r.Properties.ResponseType as string, r.Properties]));
    expect(byType.get('BAD_REQUEST_BODY')).toMatchObject({ StatusCode: '400' });
    expect(byType.get('MISSING_AUTHENTICATION_TOKEN')).toMatchObject({ StatusCode: '404' });
    for (const type of ['BAD_REQUEST_BODY', 'MISSING_AUTHENTICATION_TOKEN', 'THROTTLED', 'DEFAULT_4XX', 'DEFAULT_5XX']) {
      const body = byType.get(type)!.ResponseTemplates['application/json'] as string;
      const parsed = JSON.parse(body.replace('$context.error.messageString', '"m"').replace(/\$context\.[A-Za-z.]+/g, 'x'));
      expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message', 'traceId']);
      expect(body).not.toContain('validationErrorString');
    }
    expect(JSON.parse(byType.get('BAD_REQUEST_BODY')!.ResponseTemplates['application/json'].replace(/\$context\.[A-Za-z.]+/g, 'x')).error.code).toBe(
      'INPUT_CONTRACT_VIOLATION',
    );
  });

  it('counts throttled requests from the access log', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.errorResponseType = "THROTTLED" }',
      MetricTransformations: [Match.objectLike({ MetricName: 'ApiThrottled', MetricNamespace: 'GenesysDataActions', Dimensions: [{ Key: 'service', Value: '$.service' }] })],
    });
  });

  it('has no resource policy unless a source-IP allowlist is configured, then denies every other source', async () => {
    expect(Object.values(template.findResources('AWS::ApiGateway::RestApi'))[0]!.Properties.Policy).toBeUndefined();
    const { template: restricted } = await synthesize({ sourceIpAllowlist: '203.0.113.0/24,198.51.100.7/32' });
    restricted.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: [
          { Action: 'execute-api:Invoke', Effect: 'Allow', Principal: { AWS: '*' }, Resource: 'execute-api:/*' },
          {
            Action: 'execute-api:Invoke',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: 'execute-api:/*',
            Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7/32'] } },
          },
        ],
      },
    });
    // A policy change needs a new deployment to take effect.
    const deploymentId = (t: Template) => Object.keys(t.findResources('AWS::ApiGateway::Deployment'))[0];
    expect(deploymentId(restricted)).not.toBe(deploymentId(template));
  });

  it('associates a configured WAF web ACL with the stage', async () => {
    const webAclArn = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/genesys/0a1b2c3d';
    const { template: withWaf } = await synthesize({ webAclArn });
    const [stageId] = Object.keys(withWaf.findResources('AWS::ApiGateway::Stage'));
    const [, association] = only(withWaf.findResources('AWS::WAFv2::WebACLAssociation'));
    expect(association.Properties.WebACLArn).toBe(webAclArn);
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(`{"Ref":"${stageId}"}`);
    expect(template.findResources('AWS::WAFv2::WebACLAssociation')).toEqual({});
  });
});
