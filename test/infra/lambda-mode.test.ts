import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import { GENESYS_AWS_ACCOUNT_ID, GENESYS_FEDRAMP_AWS_ACCOUNT_ID } from '../../infra/config.js';
import type { GenesysDataActionProperties, GenesysIntegrationProperties } from '../../lambda/registration/resource-properties.js';
import type { DiscoveredAction } from '../../scripts/build.js';
import { ORG_ID, realActions, removePlaceholderBundles, synthesize } from './fixture.js';

let template: Template;
let actions: DiscoveredAction[];
beforeAll(async () => {
  actions = await realActions();
  ({ template } = await synthesize({ integrationMode: 'lambda', genesysOrgId: ORG_ID }));
});
afterAll(removePlaceholderBundles);

const invokeRole = (t: Template) => {
  const roles = Object.entries(t.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith('GenesysInvokeRole'));
  expect(roles).toHaveLength(1);
  return roles[0]!;
};

describe("Genesys's AWS Lambda data actions (direct invoke)", () => {
  it('publishes one alias per action, named as the action, on the current version', () => {
    const aliases = Object.values(template.findResources('AWS::Lambda::Alias'));
    expect(aliases.map((a) => a.Properties.Name).sort()).toEqual(actions.map((a) => a.contract.name).sort());
    const [versionId] = Object.keys(template.findResources('AWS::Lambda::Version'));
    for (const alias of aliases) expect(alias.Properties.FunctionVersion).toEqual({ 'Fn::GetAtt': [versionId, 'Version'] });
  });

  it("trusts Genesys's account with the org id as external id, and may invoke the action aliases only", () => {
    const [, role] = invokeRole(template);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${GENESYS_AWS_ACCOUNT_ID}:root`]] } },
        Condition: { StringEquals: { 'sts:ExternalId': ORG_ID } },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = role.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement);
    const aliasIds = Object.keys(template.findResources('AWS::Lambda::Alias')).sort();
    expect(statements).toEqual([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: aliasIds.map((id) => ({ Ref: id })) }]);
    // Nothing else grants the role anything.
    const [roleId] = invokeRole(template);
    const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId));
    expect(attached).toEqual([]);
  });

  it('trusts the FedRAMP Genesys account for a FedRAMP org', async () => {
    const { template: fedramp } = await synthesize({ integrationMode: 'lambda', genesysOrgId: ORG_ID, genesysRegion: 'us-east-2' });
    const [, role] = invokeRole(fedramp);
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(`:iam::${GENESYS_FEDRAMP_AWS_ACCOUNT_ID}:root`);
  });

  it('has no API Gateway', () => {
    const types = new Set(Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type));
    expect([...types].filter((t) => t.startsWith('AWS::ApiGateway'))).toEqual([]);
    expect(template.findResources('AWS::Lambda::Permission')).toEqual({});
  });

  it('registers an aws-lambda-data-actions integration whose credential is the invoke role', () => {
    const [integration] = Object.values(template.findResources('Custom::GenesysIntegration'));
    const [roleId] = invokeRole(template);
    expect(integration!.Properties).toMatchObject({
      integrationType: 'aws-lambda-data-actions',
      credentialType: 'amazonWebServicesARN',
      invokeRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
    expect(integration!.Properties.credentialSecretArn).toBeUndefined();
  });

  it("registers each action with its alias ARN as the URL", () => {
    const aliases = template.findResources('AWS::Lambda::Alias');
    for (const resource of Object.values(template.findResources('Custom::GenesysDataAction'))) {
      const properties = resource.Properties as GenesysDataActionProperties & { actionUrl: { Ref: string } };
      expect(properties.integrationMode).toBe('lambda');
      expect(aliases[properties.actionUrl.Ref]!.Properties.Name).toBe(properties.actionName);
    }
  });
});
