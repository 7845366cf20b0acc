/**
 * The four secrets of the system, each referenced by ARN only. Generated ones never leave Secrets
 * Manager; user-supplied ones are either given as an existing secret's ARN or created here empty-handed
 * (a random placeholder) for the user to fill in after deploy — never a value in the template.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface DataActionSecretsProps {
  /** An existing secret holding the downstream API key; otherwise one is created to fill in. */
  downstreamApiKeySecretArn?: string | undefined;
  /** An existing secret `{"clientId","clientSecret"}` of the Genesys OAuth client; otherwise one is created. */
  genesysOAuthSecretArn?: string | undefined;
  /** Username of the generated inbound Basic credential. @default 'genesys' */
  inboundUsername?: string;
}

export class DataActionSecrets extends Construct {
  /** `{"username","password"}`: the Basic credential Genesys sends on every call (generated). */
  readonly inboundCredential: secretsmanager.ISecret;
  /** Bearer key of the business system. */
  readonly downstreamApiKey: secretsmanager.ISecret;
  /** Key of the audit record's `input_hash` HMAC (generated). */
  readonly auditHmacKey: secretsmanager.ISecret;
  /** `{"clientId","clientSecret"}` of the Genesys OAuth client used at deploy time by the registration. */
  readonly genesysOAuthClient: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: DataActionSecretsProps = {}) {
    super(scope, id);

    const inbound = new secretsmanager.Secret(this, 'InboundCredential', {
      description: 'Basic credential Genesys Cloud sends to the data-action endpoint (generated; registered with Genesys by the stack).',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: props.inboundUsername ?? 'genesys' }),
        generateStringKey: 'password',
        passwordLength: 48,
        excludePunctuation: true,
      },
    });
    acknowledgeNoRotation(inbound, 'its value is also held by the Genesys integration credential, which a Secrets Manager rotation function cannot change in step with calls in flight; it is generated per stack and only AWS and Genesys ever hold it');
    this.inboundCredential = inbound;

    // Retained: input_hash values in audit logs kept for the retention period are only verifiable with it.
    const hmac = new secretsmanager.Secret(this, 'AuditHmacKey', {
      description: 'HMAC-SHA256 key of the audit records\' input_hash (generated; retained so retained audit logs stay verifiable).',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNoRotation(hmac, 'input_hash must stay stable for the audit retention period so auditors can find every call made with a given input; a rotated key would split the trail');
    this.auditHmacKey = hmac;

    this.downstreamApiKey = userSecret(this, 'DownstreamApiKey', props.downstreamApiKeySecretArn, {
      description: 'API key of the business system (Authorization: Bearer). Replace the generated placeholder: aws secretsmanager put-secret-value --secret-id <arn> --secret-string <key>',
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    }, 'the key is issued by the business system, which owns its rotation; the function re-reads it every SECRETS_MAX_AGE_SECONDS, so put-secret-value takes effect without a deploy');

    this.genesysOAuthClient = userSecret(this, 'GenesysOAuthClient', props.genesysOAuthSecretArn, {
      description: 'Genesys Cloud OAuth client (client credentials, scope integrations) used by the deploy-time registration. Fill in: aws secretsmanager put-secret-value --secret-id <arn> --secret-string \'{"clientId":"...","clientSecret":"..."}\'',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ clientId: '' }),
        generateStringKey: 'clientSecret',
        passwordLength: 32,
        excludePunctuation: true,
      },
    }, 'the client is issued by Genesys Cloud, which owns its rotation; it is read only at deploy time by the registration function');
  }
}

function userSecret(
  scope: Construct,
  id: string,
  existingArn: string | undefined,
  props: secretsmanager.SecretProps,
  noRotationReason: string,
): secretsmanager.ISecret {
  if (existingArn !== undefined) {
    // Complete ARNs only (config.ts checks the suffix): grants then name exactly this secret.
    return secretsmanager.Secret.fromSecretCompleteArn(scope, id, existingArn);
  }
  const secret = new secretsmanager.Secret(scope, id, props);
  acknowledgeNoRotation(secret, noRotationReason);
  return secret;
}

function acknowledgeNoRotation(secret: Construct, reason: string): void {
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: `No automatic rotation: ${reason}.` });
}
