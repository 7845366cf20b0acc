import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { MissingBundleError } from '../../infra/bundles.js';
import { GenesysDataActionsStack } from '../../infra/data-actions-stack.js';
import type { GenesysDataActionProperties, GenesysIntegrationProperties } from '../../lambda/registration/resource-properties.js';
import { canonicalJson } from '../../lambda/runtime/canonical-json.js';
import type { DiscoveredAction } from '../../scripts/build.js';
import { OAUTH_SECRET_ARN, realActions, removePlaceholderBundles, synthesize, testConfig } from './fixture.js';

let template: Template;
let actions: DiscoveredAction[];
beforeAll(async () => {
  actions = await realActions();
  ({ template } = await synthesize());
});
afterAll(removePlaceholderBundles);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
type Props<T> = T & { ServiceToken: unknown; ServiceTimeout: string };

function customResources<T>(t: Template, type: string): Array<{ id: string; properties: Props<T> }> {
  return Object.entries(t.findResources(type)).map(([id, r]) => ({ id, properties: r.Properties as Props<T> }));
}

describe('registration with Genesys Cloud', () => {
  it('runs one Provider whose handler is the registration bundle on Node.js 24 arm64', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'registration.handler', Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 300 });
    const frameworks = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Handler === 'framework.onEvent');
    expect(frameworks).toHaveLength(1);
    const tokens = new Set(
      [...customResources(template, 'Custom::GenesysIntegration'), ...customResources(template, 'Custom::GenesysDataAction')].map((r) => JSON.stringify(r.properties.ServiceToken)),
    );
    expect(tokens.size).toBe(1);
  });

  it('creates the Web Services integration with the stack inbound credential, by ARN', () => {
    const [integration, ...more] = customResources<GenesysIntegrationProperties>(template, 'Custom::GenesysIntegration');
    expect(more).toEqual([]);
    const inboundId = Object.keys(template.findResources('AWS::SecretsManager::Secret')).find((id) => id.startsWith('SecretsInboundCredential'));
    expect(integration!.properties).toEqual({
      ServiceToken: expect.anything(),
      ServiceTimeout: '600',
      genesysRegion: 'eu-west-1',
      genesysOAuthSecretArn: OAUTH_SECRET_ARN,
      integrationName: 'GenesysDataActions',
      integrationType: 'custom-rest-actions',
      credentialType: 'basicAuth',
      credentialSecretArn: { Ref: inboundId },
    });
  });

  it('registers one action per contract, from the same contract.json, with the stage URL of its route', () => {
    const registered = customResources<GenesysDataActionProperties>(template, 'Custom::GenesysDataAction');
    expect(registered.map((r) => r.properties.actionName).sort()).toEqual(actions.map((a) => a.contract.name).sort());
    const [integrationId] = Object.keys(template.findResources('Custom::GenesysIntegration'));
    const [stageId] = Object.keys(template.findResources('AWS::ApiGateway::Stage'));
    for (const { contract, contractHash } of actions) {
      const { properties } = registered.find((r) => r.properties.actionName === contract.name)!;
      expect(properties).toMatchObject({
        ServiceTimeout: '600',
        genesysRegion: 'eu-west-1',
        genesysOAuthSecretArn: OAUTH_SECRET_ARN,
        category: 'GenesysDataActions',
        integrationId: { Ref: integrationId },
        integrationMode: 'api-gateway',
        timeoutSeconds: String(contract.timeoutSeconds),
        secure: String(contract.secure),
        contractHash,
        schemaHash: sha256(canonicalJson({ input: contract.input, output: contract.output })),
      });
      // JSON text: CloudFormation would turn a nested contract's booleans and numbers into strings.
      expect(JSON.parse(properties.contractJson)).toEqual(contract);
      expect(sha256(canonicalJson(JSON.parse(properties.contractJson)))).toBe(contractHash);
      const url = JSON.stringify(properties.actionUrl);
      expect(url).toContain(`{"Ref":"${stageId}"}`);
      expect(url.endsWith(`"/actions/${contract.name}"]]}`)).toBe(true);
    }
  });

  it('stays far below CloudFormation limits (properties of a few KB, template under 1 MB)', () => {
    for (const { properties } of customResources<GenesysDataActionProperties>(template, 'Custom::GenesysDataAction')) {
      expect(JSON.stringify(properties).length).toBeLessThan(16 * 1024);
    }
    expect(JSON.stringify(template.toJSON()).length).toBeLessThan(1024 * 1024);
  });

  it('gives CloudFormation a service timeout of minutes, not the default hour', () => {
    for (const type of ['Custom::GenesysIntegration', 'Custom::GenesysDataAction']) {
      for (const { properties } of customResources(template, type)) expect(properties.ServiceTimeout).toBe('600');
    }
  });

  it('uses an existing integration when its id is given', async () => {
    const integrationId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const { template: existing } = await synthesize({ genesysIntegrationId: integrationId, genesysIntegrationName: 'CRM actions' });
    expect(existing.findResources('Custom::GenesysIntegration')).toEqual({});
    for (const { properties } of customResources<GenesysDataActionProperties>(existing, 'Custom::GenesysDataAction')) {
      expect(properties).toMatchObject({ integrationId, category: 'CRM actions' });
    }
  });

  it('registers nothing when registration is off', async () => {
    const { template: off, stack } = await synthesize({ registerActions: 'false' });
    expect(off.findResources('Custom::GenesysDataAction')).toEqual({});
    expect(off.findResources('Custom::GenesysIntegration')).toEqual({});
    expect(Object.values(off.findResources('AWS::Lambda::Function')).map((f) => f.Properties.Handler)).toEqual(['handler.handler']);
    expect(stack.registration).toBeUndefined();
  });

  it('says what to run when a bundle is missing', async () => {
    const onlyHandler = mkdtempSync(join(tmpdir(), 'gda-partial-'));
    writeFileSync(join(onlyHandler, 'handler.mjs'), 'export const handler = async () => ({});\n');
    try {
      const build = (bundleDir: string) => () =>
        new GenesysDataActionsStack(new App(), 'Missing', { config: testConfig(), actions, bundleDir });
      expect(build(onlyHandler)).toThrow(MissingBundleError);
      expect(build(onlyHandler)).toThrow(/registration\.mjs is missing: run `npm run build` first \(it bundles lambda\/registration\/handler\.ts to registration\.mjs\)/);
      expect(build(join(onlyHandler, 'nowhere'))).toThrow(/handler\.mjs is missing: run `npm run build` first/);
    } finally {
      rmSync(onlyHandler, { recursive: true, force: true });
    }
  });
});
