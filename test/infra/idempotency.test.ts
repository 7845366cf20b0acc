/**
 * The idempotency table of the mutating actions: its properties (on demand, the key and TTL attribute
 * Powertools writes, point-in-time recovery, encryption), the function's environment, and access that is
 * least privilege — the four item operations, for the data-action function only, on the table's ARN only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS, IDEMPOTENCY_TABLE } from '../../lambda/runtime/idempotency.js';
import { ConfigError } from '../../infra/config.js';
import { ORG_ID, realActions, removePlaceholderBundles, synthesize, testConfig } from './fixture.js';

type Json = Record<string, any>;

let template: Template;
beforeAll(async () => {
  ({ template } = await synthesize());
});
afterAll(removePlaceholderBundles);

const tableId = (t: Template): string => {
  const ids = Object.keys(t.findResources('AWS::DynamoDB::Table'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

/** Every IAM statement in the template that allows a DynamoDB action, with the role it is attached to. */
function dynamoStatements(t: Template): { roles: string[]; actions: string[]; resources: unknown[] }[] {
  return Object.values(t.findResources('AWS::IAM::Policy')).flatMap((policy: Json) =>
    (policy.Properties.PolicyDocument.Statement as Json[])
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')))
      .map((s) => ({ roles: (policy.Properties.Roles as { Ref: string }[]).map((r) => r.Ref), actions: [s.Action].flat(), resources: [s.Resource].flat() })),
  );
}

const dataActionFunction = (t: Template): Json =>
  Object.values(t.findResources('AWS::Lambda::Function')).find((f: Json) => f.Properties.Handler === 'handler.handler') as Json;

describe('idempotency table', () => {
  it('is on demand, keyed and expired as Powertools writes it, with point-in-time recovery and encryption', () => {
    const table = template.findResources('AWS::DynamoDB::Table')[tableId(template)]!;
    expect(table.Properties).toEqual({
      KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: IDEMPOTENCY_TABLE.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    // Short-lived records, not audit material: removed with the stack.
    expect(table.DeletionPolicy).toBe('Delete');
    expect(IDEMPOTENCY_TABLE).toEqual({ partitionKey: 'id', ttlAttribute: 'expiration' });
  });

  it('gives the data-action function, and nothing else, the four item operations on this table only', () => {
    const statements = dynamoStatements(template);
    expect(statements).toEqual([
      {
        roles: [expect.stringMatching(/^DataActionsRole/)],
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [{ 'Fn::GetAtt': [tableId(template), 'Arn'] }],
      },
    ]);
    // No wildcard anywhere in them: no `dynamodb:*`, no `*` resource, no index ARN pattern.
    expect(JSON.stringify(statements)).not.toContain('*');
  });

  it("sets the function's IDEMPOTENCY_TABLE_NAME to this table and IDEMPOTENCY_TTL_SECONDS from the configuration", async () => {
    const variables = dataActionFunction(template).Properties.Environment.Variables as Json;
    expect(variables.IDEMPOTENCY_TABLE_NAME).toEqual({ Ref: tableId(template) });
    expect(variables.IDEMPOTENCY_TTL_SECONDS).toBe(String(DEFAULT_IDEMPOTENCY_TTL_SECONDS));
    const { template: longer } = await synthesize({ idempotencyTtlSeconds: '7200' });
    expect(dataActionFunction(longer).Properties.Environment.Variables.IDEMPOTENCY_TTL_SECONDS).toBe('7200');
  });

  it('is there in lambda mode too, with the same access', async () => {
    const { template: lambdaMode } = await synthesize({ integrationMode: 'lambda', genesysOrgId: ORG_ID });
    expect(dynamoStatements(lambdaMode)).toEqual([expect.objectContaining({ resources: [{ 'Fn::GetAtt': [tableId(lambdaMode), 'Arn'] }] })]);
  });

  it('is not created when no action is mutating (and the function gets no idempotency settings)', async () => {
    const lookupOnly = (await realActions()).filter((a) => a.contract.mutating !== true);
    expect(lookupOnly.map((a) => a.contract.name)).toEqual(['customer-lookup']);
    const { template: readOnly } = await synthesize({}, lookupOnly);
    expect(readOnly.findResources('AWS::DynamoDB::Table')).toEqual({});
    expect(dynamoStatements(readOnly)).toEqual([]);
    expect(Object.keys(dataActionFunction(readOnly).Properties.Environment.Variables)).not.toContain('IDEMPOTENCY_TABLE_NAME');
  });

  it('refuses an expiry window shorter than a minute (a claim must outlive the call that holds it)', () => {
    expect(() => testConfig({ idempotencyTtlSeconds: '30' })).toThrow(ConfigError);
    expect(() => testConfig({ idempotencyTtlSeconds: '30' })).toThrow(/idempotencyTtlSeconds \(GDA_IDEMPOTENCY_TTL_SECONDS\): '30' must be an integer from 60 to 604800/);
    expect(testConfig({ idempotencyTtlSeconds: '60' }).idempotencyTtlSeconds).toBe(60);
  });
});
