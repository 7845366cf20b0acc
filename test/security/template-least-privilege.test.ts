/**
 * The synthesized template, in every deploy variant, against three security rules:
 * - no IAM wildcard where AWS allows a narrower grant: every policy statement of every kind is scanned,
 *   and the few wildcards there are must each be one of the justified exceptions listed below;
 * - secrets readable only by the functions that need them: every statement of every policy that could
 *   read a secret is mapped to who holds it (test/infra/secrets.test.ts checks each function's own list;
 *   this checks nobody else has one);
 * - HTTPS only: no endpoint in the template is plain http (API Gateway itself only serves HTTPS; the
 *   deploy config refuses an http downstream URL: test/infra/config.test.ts).
 * Each scan is shown to fail on a planted violation.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { ORG_ID, removePlaceholderBundles, synthesize } from '../infra/fixture.js';
import { policyStatements, renderValue, wildcards, type RenderedStatement, type Wildcard } from './iam-statements.js';

afterAll(removePlaceholderBundles);

type Json = Record<string, unknown>;

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
  },
  'not registering, secrets to fill in': { genesysOAuthSecretArn: undefined, registerActions: 'false' },
};

const synthesized = new Map<string, Promise<Json>>();
/** Each variant's template, synthesized once for the whole file. */
const templateOf = (variant: string): Promise<Json> => {
  if (!synthesized.has(variant)) synthesized.set(variant, synthesize(VARIANTS[variant]).then(({ template }) => template.toJSON() as Json));
  return synthesized.get(variant)!;
};

/** The wildcards the stack keeps, each with why AWS offers nothing narrower (or why it must be so). */
const JUSTIFIED_WILDCARDS: ReadonlyArray<{ where: RegExp; what: RegExp; reason: string }> = [
  {
    where: /^GenesysRegistrationFrameworkRoleDefaultPolicy/,
    what: /^lambda:InvokeFunction on <GenesysRegistrationHandler[0-9A-F]+\.Arn>:\*$/,
    reason:
      "aws-cdk-lib's custom-resource Provider framework may invoke any version or alias of the one registration handler it fronts; the `:*` covers qualifiers of that function only",
  },
  {
    where: /^Api[0-9A-F]+ Policy#\d+$/,
    what: /^principal AWS:\* for execute-api:Invoke$|^execute-api:Invoke on execute-api:\/\*$/,
    reason:
      'the REST API resource policy: Genesys Cloud calls the endpoint from the internet, so the principal is anyone; `execute-api:/*` means every method of this API only (a resource policy applies to its own API), and a Deny for sources outside sourceIpAllowlist narrows it',
  },
  {
    where: /^ApiCloudWatchRole[0-9A-F]+ managed$/,
    what: /^managed policy arn:<AWS::Partition>:iam::aws:policy\/service-role\/AmazonAPIGatewayPushToCloudWatchLogs$/,
    reason:
      "API Gateway's account-level logging role (apiGatewayCloudWatchRole, default true) needs the AWS-managed policy API Gateway documents for it; its log groups are created by API Gateway itself, so no narrower resource exists. Set apiGatewayCloudWatchRole=false where the account already has one",
  },
];

const isJustified = (w: Wildcard) => JUSTIFIED_WILDCARDS.some((j) => j.where.test(w.where) && j.what.test(w.what));

/** Which role or resource each statement that can read a secret belongs to, by secret. */
function secretReaders(template: Json, statements: readonly RenderedStatement[]): Record<string, string[]> {
  const resources = template.Resources as Record<string, { Type: string; Properties: Json }>;
  const holder = (where: string): string => {
    const id = where.split(/[ #]/)[0]!;
    const resource = resources[id];
    if (resource?.Type === 'AWS::IAM::Policy') return (resource.Properties.Roles as unknown[]).map(renderValue).join(',');
    return id;
  };
  const readers: Record<string, string[]> = {};
  const readsSecrets = (action: string) => /^(\*|secretsmanager:(\*|Get\*|GetSecretValue))$/i.test(action);
  for (const s of statements) {
    if (s.effect !== 'Allow' || !s.actions.some(readsSecrets)) continue;
    for (const resource of s.resources) (readers[resource] ??= []).push(holder(s.where));
  }
  for (const list of Object.values(readers)) list.sort();
  return readers;
}

/** Every URL-ish string in the template, joins rendered. */
function urls(template: Json): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"']*/gi)) found.push(match[0]);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      if ('Fn::Join' in (value as Json)) found.push(...urls({ joined: renderValue(value) }));
      else Object.values(value as Json).forEach(walk);
    }
  };
  walk(template);
  return found;
}

describe('no IAM wildcard where AWS allows a narrower grant', () => {
  for (const name of Object.keys(VARIANTS)) {
    it(`every wildcard is a justified exception (${name})`, async () => {
      const statements = policyStatements(await templateOf(name));
      expect(statements.length).toBeGreaterThan(5);
      expect(wildcards(statements).filter((w) => !isJustified(w))).toEqual([]);
    });
  }

  it('each exception is explained, and is still needed (none is stale)', async () => {
    const all: Wildcard[] = [];
    for (const name of Object.keys(VARIANTS)) all.push(...wildcards(policyStatements(await templateOf(name))));
    for (const exception of JUSTIFIED_WILDCARDS) {
      expect(exception.reason.length).toBeGreaterThan(80);
      expect({ exception: exception.what.source, used: all.some((w) => exception.where.test(w.where) && exception.what.test(w.what)) }).toEqual({ exception: exception.what.source, used: true });
    }
  });

  it('the scan finds every kind of wildcard (it can fail)', () => {
    const planted = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket' }] } }],
            ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        },
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyDocument: {
              Statement: [
                { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
                { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::bucket' },
                { Effect: 'Deny', Action: '*', Resource: '*' },
              ],
            },
          },
        },
        Permission: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'f', Principal: 'apigateway.amazonaws.com' } },
        Bucket: { Type: 'AWS::S3::BucketPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'B' }, '/*']] } }] } } },
      },
    };
    expect(wildcards(policyStatements(planted)).map((w) => `${w.where}: ${w.what}`).sort()).toEqual(
      [
        'Bucket PolicyDocument#0: s3:GetObject on arn:aws:s3:::<B>/*',
        'Bucket PolicyDocument#0: principal * for s3:GetObject',
        'Permission: invoke by apigateway.amazonaws.com without a source ARN',
        'Policy#0: secretsmanager:GetSecretValue on *',
        'Policy#1: NotAction',
        'Role inline 0#0: action s3:*',
        'Role managed: managed policy arn:aws:iam::aws:policy/AdministratorAccess',
        'Role trust#0: trust of AWS:* without a condition',
      ].sort(),
    );
  });
});

describe('secrets are readable only by the functions that need them', () => {
  it('no role or resource other than the data-action and registration functions can read a secret, in any variant', async () => {
    for (const [name, context] of Object.entries(VARIANTS)) {
      const json = await templateOf(name);
      const readers = secretReaders(json, policyStatements(json));
      const holders = new Set(Object.values(readers).flat().flatMap((h) => h.split(',')));
      expect({ name, holders: [...holders].map((h) => h.replace(/[0-9A-F]{8}>?$/, '')).sort() }).toEqual({
        name,
        holders: (context.registerActions === 'false' ? ['<DataActionsRole'] : ['<DataActionsRole', '<GenesysRegistrationHandlerRole']).sort(),
      });
      // Every grant names one secret: no wildcard resource reads several.
      for (const resource of Object.keys(readers)) expect(resource).not.toContain('*');
    }
  });

  it('the data-action function cannot read the Genesys OAuth client, and the registration cannot read the downstream key or the HMAC key', async () => {
    const json = await templateOf('api-gateway, registering');
    const readers = secretReaders(json, policyStatements(json));
    const readersOf = (prefix: string) => Object.entries(readers).find(([resource]) => resource.startsWith(prefix))?.[1] ?? [];
    expect(readersOf('<SecretsDownstreamApiKey').join()).not.toContain('Registration');
    expect(readersOf('<SecretsAuditHmacKey').join()).not.toContain('Registration');
    expect(readersOf('arn:aws:secretsmanager:eu-west-1:111122223333:secret:genesys-oauth').join()).not.toContain('DataActions');
    expect(readersOf('<SecretsInboundCredential')).toHaveLength(2);
  });

  it('the mapping sees a stray grant (it can fail)', () => {
    const planted = {
      Resources: {
        Stray: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'OtherRole' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: { Ref: 'SecretsAuditHmacKey1' } }] } } },
      },
    };
    expect(secretReaders(planted, policyStatements(planted))).toEqual({ '<SecretsAuditHmacKey1>': ['<OtherRole>'] });
  });
});

describe('HTTPS only', () => {
  /** `$schema` ids are names, not endpoints: nothing is ever fetched from them. */
  const SCHEMA_ID = 'http://json-schema.org/draft-04/schema#';

  for (const name of Object.keys(VARIANTS)) {
    it(`every endpoint in the template is https (${name})`, async () => {
      const json = await templateOf(name);
      const found = urls(json);
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((url) => url !== SCHEMA_ID && !url.startsWith('https://'))).toEqual([]);
    });
  }

  it('the function calls the business system over https, and Genesys is registered with an https action URL', async () => {
    const json = (await templateOf('api-gateway, registering')) as { Resources: Record<string, { Type: string; Properties: Json }> };
    const functions = Object.values(json.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    const downstream = functions.map((f) => (f.Properties.Environment as { Variables?: Json } | undefined)?.Variables?.DOWNSTREAM_BASE_URL).filter(Boolean);
    expect(downstream).toEqual(['https://business.example.com']);
    const actionUrls = Object.values(json.Resources)
      .filter((r) => r.Type === 'Custom::GenesysDataAction')
      .map((r) => renderValue(r.Properties.actionUrl));
    expect(actionUrls).toHaveLength(3);
    for (const url of actionUrls) expect(url).toMatch(/^https:\/\/<Api[0-9A-F]+>\.execute-api\./);
  });

  it('the scan sees a plain http endpoint, also inside a join (it can fail)', () => {
    expect(urls({ a: 'http://plain.example.com/x', b: { 'Fn::Join': ['', ['http://', { Ref: 'Api' }, '/v1']] }, c: 'https://fine.example.com' })).toEqual([
      'http://plain.example.com/x',
      'http://<Api>/v1',
      'https://fine.example.com',
    ]);
  });
});
