import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import { OAUTH_SECRET_ARN, ORG_ID, removePlaceholderBundles, synthesize } from './fixture.js';
import { scanForSecrets } from './secret-scan.js';

let template: Template;
beforeAll(async () => {
  ({ template } = await synthesize());
});
afterAll(removePlaceholderBundles);

/** Logical ids of the secrets a role's policies let it read (a Ref to a stack secret, or an imported ARN). */
function secretsReadableBy(t: Template, roleLogicalIdPrefix: string): string[] {
  const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith(roleLogicalIdPrefix)),
  );
  expect(policies.length).toBeGreaterThan(0);
  const readable: string[] = [];
  for (const policy of policies) {
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      const actions = [statement.Action].flat() as string[];
      if (!actions.includes('secretsmanager:GetSecretValue')) continue;
      for (const resource of [statement.Resource].flat()) readable.push(typeof resource === 'string' ? resource : resource.Ref);
    }
  }
  return readable.sort();
}

const secretId = (t: Template, prefix: string): string => {
  const ids = Object.keys(t.findResources('AWS::SecretsManager::Secret')).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('secrets', () => {
  it('generates the inbound Basic credential and the audit HMAC key, never holding a value', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { SecretStringTemplate: '{"username":"genesys"}', GenerateStringKey: 'password', ExcludePunctuation: true, PasswordLength: 48 },
    });
    const hmac = template.findResources('AWS::SecretsManager::Secret')[secretId(template, 'SecretsAuditHmacKey')]!;
    expect(hmac).toMatchObject({ DeletionPolicy: 'Retain', Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } } });
    for (const secret of Object.values(template.findResources('AWS::SecretsManager::Secret'))) {
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString).toBeDefined();
    }
  });

  it('creates the downstream API key and the Genesys OAuth client to fill in, unless existing ARNs are given', async () => {
    secretId(template, 'SecretsDownstreamApiKey');
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret')).some((id) => id.startsWith('SecretsGenesysOAuthClient'))).toBe(false);
    const { template: created } = await synthesize({ genesysOAuthSecretArn: undefined, registerActions: 'false' });
    created.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { SecretStringTemplate: '{"clientId":""}', GenerateStringKey: 'clientSecret' },
    });
    const downstreamArn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:crm-api-key-Zz9Yx8';
    const { template: existing } = await synthesize({ downstreamApiKeySecretArn: downstreamArn });
    expect(Object.keys(existing.findResources('AWS::SecretsManager::Secret')).filter((id) => id.startsWith('SecretsDownstreamApiKey'))).toEqual([]);
    expect(secretsReadableBy(existing, 'DataActionsRole')).toContain(downstreamArn);
  });

  it('lets the data-action function read its three secrets and not the Genesys OAuth client', () => {
    expect(secretsReadableBy(template, 'DataActionsRole')).toEqual(
      [secretId(template, 'SecretsInboundCredential'), secretId(template, 'SecretsDownstreamApiKey'), secretId(template, 'SecretsAuditHmacKey')].sort(),
    );
  });

  it('lets the registration read the OAuth client and the inbound credential, not the downstream key or HMAC key', async () => {
    expect(secretsReadableBy(template, 'GenesysRegistrationHandlerRole')).toEqual([OAUTH_SECRET_ARN, secretId(template, 'SecretsInboundCredential')].sort());
    // Lambda mode: the Genesys credential is the invoke role, so the inbound credential is not needed either.
    const { template: lambdaMode } = await synthesize({ integrationMode: 'lambda', genesysOrgId: ORG_ID });
    expect(secretsReadableBy(lambdaMode, 'GenesysRegistrationHandlerRole')).toEqual([OAUTH_SECRET_ARN]);
    expect(secretsReadableBy(lambdaMode, 'DataActionsRole')).not.toContain(OAUTH_SECRET_ARN);
  });

  it('leaves no secret value anywhere in the template', async () => {
    for (const t of [template, (await synthesize({ integrationMode: 'lambda', genesysOrgId: ORG_ID })).template]) {
      expect(scanForSecrets(t.toJSON())).toEqual([]);
    }
  });

  it('the scan finds what it looks for (it can fail)', () => {
    const planted = {
      Resources: {
        Leaky: {
          Type: 'AWS::SecretsManager::Secret',
          Properties: {
            SecretString: '{"password":"hunter2hunter2"}',
            Description: 'key AKIAABCDEFGHIJKLMNOP and token tV9xQ2mB7rLk3ZpW8nYc4HdJ6sFg',
            Env: 'https://user:pw@host.example.com',
            Header: 'Authorization: Basic Z2VuZXN5czpodW50ZXIy',
            Prose: 'Basic credential Genesys sends, and a Bearer token for the business system',
          },
        },
      },
    };
    const whys = scanForSecrets(planted, ['hunter2']).map((f) => f.why).sort();
    expect(whys).toEqual(
      ['AWS access key id', 'Basic credential', 'URL with credentials', 'credential field with a value', 'high-entropy token', 'planted canary', 'secret value property'].sort(),
    );
  });
});
