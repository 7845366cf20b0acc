/**
 * What the stand-in's organisation offers: the integration types that carry data actions, and the
 * credential types they use (reference §1 and §7: `custom-rest-actions`, `aws-lambda-data-actions`;
 * `basicAuth`, `userDefined`, `userDefinedOAuth`, `amazonWebServicesARN`).
 */
import type { CredentialType, IntegrationType } from '../models.js';

export const WEB_SERVICES_TYPE_ID = 'custom-rest-actions';
export const AWS_LAMBDA_TYPE_ID = 'aws-lambda-data-actions';

export const INTEGRATION_TYPES: readonly IntegrationType[] = [
  {
    id: WEB_SERVICES_TYPE_ID,
    name: 'Web Services Data Actions',
    description: 'Invoke web services from Genesys Cloud: REST endpoints called with Velocity templates.',
    provider: 'inin',
    category: 'Data Actions',
    credentials: {
      basicAuth: { required: false, title: 'Credentials', credentialTypes: ['basicAuth', 'userDefined', 'userDefinedOAuth'] },
    },
    nonInstallable: false,
    selfUri: `/api/v2/integrations/types/${WEB_SERVICES_TYPE_ID}`,
  },
  {
    id: AWS_LAMBDA_TYPE_ID,
    name: 'AWS Lambda Data Actions',
    description: 'Invoke AWS Lambda functions directly from Genesys Cloud.',
    provider: 'inin',
    category: 'Data Actions',
    credentials: {
      AmazonWebServicesARN: { required: true, title: 'Role ARN', credentialTypes: ['amazonWebServicesARN'] },
    },
    nonInstallable: false,
    selfUri: `/api/v2/integrations/types/${AWS_LAMBDA_TYPE_ID}`,
  },
];

/** Integration types whose integrations hold data actions (all of the above). */
export const ACTION_INTEGRATION_TYPES: ReadonlySet<string> = new Set(INTEGRATION_TYPES.map((t) => t.id));

interface CredentialTypeSpec extends CredentialType {
  name: string;
  required: string[];
}

export const CREDENTIAL_TYPES: readonly CredentialTypeSpec[] = [
  {
    name: 'basicAuth',
    properties: { userName: { type: 'string' }, password: { type: 'string' } },
    displayOrder: ['userName', 'password'],
    required: ['userName', 'password'],
  },
  { name: 'userDefined', properties: {}, displayOrder: [], required: [] },
  {
    name: 'userDefinedOAuth',
    properties: { clientId: { type: 'string' }, clientSecret: { type: 'string' } },
    displayOrder: ['clientId', 'clientSecret'],
    required: [],
  },
  {
    name: 'amazonWebServicesARN',
    properties: { ARN: { type: 'string' } },
    displayOrder: ['ARN'],
    required: ['ARN'],
  },
];

export const credentialTypeSpec = (name: string): CredentialTypeSpec | undefined => CREDENTIAL_TYPES.find((t) => t.name === name);
