import { afterAll, describe, expect, it } from '@jest/globals';
import { Validations, type App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ORG_ID, removePlaceholderBundles, synthesize } from './fixture.js';

afterAll(removePlaceholderBundles);

const VARIANTS: Record<string, Record<string, unknown>> = {
  'api-gateway, registering': {},
  'lambda mode': { integrationMode: 'lambda', genesysOrgId: ORG_ID },
  'every option set': {
    genesysOrgId: ORG_ID,
    genesysIntegrationId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    downstreamApiKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:crm-api-key-Zz9Yx8',
    sourceIpAllowlist: '203.0.113.0/24',
    webAclArn: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/genesys/0a1b2c3d',
    alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:oncall',
    apiGatewayCloudWatchRole: 'false',
  },
  'not registering, secrets to fill in': { genesysOAuthSecretArn: undefined, registerActions: 'false' },
};

/** cdk-nag's findings, with every acknowledgement ignored: what the rules see on the raw stack. */
function rawFindings(app: App): Set<string> {
  const pack = new AwsSolutionsChecks();
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  const findings = new Set<string>();
  for (const violation of pack.validateScope(app).violations) {
    for (const resource of violation.violatingResources) findings.add(`${resource.constructPath} ${violation.ruleName}`);
  }
  return findings;
}

/** Every acknowledgement recorded in the tree: where, which rule, why. */
function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))),
    );
}

describe('cdk-nag AwsSolutions', () => {
  for (const [name, context] of Object.entries(VARIANTS)) {
    it(`has no unacknowledged finding and no CDK warning or error (${name})`, async () => {
      const { app, stack } = await synthesize(context);
      const report = new AwsSolutionsChecks().validateScope(app);
      const unacknowledged = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`));
      expect(unacknowledged).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    });

    it(`acknowledges only real findings, each with a specific reason (${name})`, async () => {
      const { app, stack } = await synthesize(context);
      const raw = rawFindings(app);
      const acks = acknowledgements(stack);
      expect(acks.length).toBeGreaterThan(0);
      for (const { path, id, reason } of acks) {
        const covered = [...raw].some((f) => f.endsWith(` ${id}`) && (f.startsWith(`${path}/`) || f.startsWith(`${path} `)));
        expect({ path, id, covered }).toEqual({ path, id, covered: true });
        expect(reason.length).toBeGreaterThanOrEqual(80);
        expect(reason).not.toMatch(/^(n\/?a|todo|tbd|not needed|suppress(ed)?|ok|fine)\b/i);
      }
    });
  }

  it('the check fails on an unacknowledged finding (it can fail)', async () => {
    const { app } = await synthesize();
    const raw = rawFindings(app);
    expect([...raw].some((f) => f.endsWith(' AwsSolutions-SMG4'))).toBe(true);
    expect([...raw].some((f) => f.endsWith(' AwsSolutions-APIG4'))).toBe(true);
  });
});
