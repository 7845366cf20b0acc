/**
 * Reads a custom resource's `ResourceProperties` (all strings, see resource-properties.ts) into checked
 * values, before anything is read from Secrets Manager or sent to Genesys. Every problem is collected and
 * reported at once, naming the property; values are quoted only where they cannot be secret (ids, enums).
 */
import type { ActionContract } from '../contracts/action-contract.js';
import { resolveGenesysHosts } from '../genesys-client/index.js';
import { InvalidPropertiesError } from './errors.js';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE,
  GENESYS_INTEGRATION_RESOURCE_TYPE,
  type GenesysConnectionProperties,
  type GenesysDataActionProperties,
  type GenesysIntegrationProperties,
} from './resource-properties.js';

/** A `Custom::GenesysDataAction` with its JSON and string-typed properties parsed. */
export interface DataActionSpec {
  properties: GenesysDataActionProperties;
  contract: ActionContract;
  secure: boolean;
  timeoutSeconds: number;
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w/+=,.@-]+$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]{1,64}(:[\w$-]{1,128})?$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

type Raw = Record<string, unknown>;

class Problems {
  readonly list: string[] = [];

  text(raw: Raw, key: string, maxLength = 1_000): string {
    const value = raw[key];
    if (typeof value !== 'string' || value.trim() === '') {
      this.list.push(`${key} is required (a non-empty string)`);
      return '';
    }
    if ([...value].length > maxLength) this.list.push(`${key} is longer than ${maxLength} characters`);
    return value;
  }

  optionalText(raw: Raw, key: string): string | undefined {
    const value = raw[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') this.list.push(`${key} must be a string`);
    return typeof value === 'string' ? value : undefined;
  }

  oneOf<T extends string>(raw: Raw, key: string, allowed: readonly T[]): T {
    const value = raw[key];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.list.push(`${key} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
    return allowed[0]!;
  }

  matches(key: string, value: string | undefined, pattern: RegExp, what: string): void {
    if (value !== undefined && value !== '' && !pattern.test(value)) this.list.push(`${key} must be ${what}`);
  }

  throwIfAny(resourceType: string): void {
    if (this.list.length > 0) throw new InvalidPropertiesError(resourceType, this.list);
  }
}

function asRecord(raw: unknown): Raw {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Raw) : {};
}

function connection(raw: Raw, problems: Problems): GenesysConnectionProperties {
  const genesysRegion = problems.text(raw, 'genesysRegion', 100);
  if (genesysRegion !== '') {
    try {
      resolveGenesysHosts({ region: genesysRegion });
    } catch (error) {
      problems.list.push(`genesysRegion: ${(error as Error).message.replace(/^Genesys client: /, '')}`);
    }
  }
  const genesysOAuthSecretArn = problems.text(raw, 'genesysOAuthSecretArn', 2_048);
  problems.matches('genesysOAuthSecretArn', genesysOAuthSecretArn, SECRET_ARN, 'a Secrets Manager secret ARN');
  return { genesysRegion, genesysOAuthSecretArn };
}

/** Only what a Delete needs: where Genesys is and how to log in. */
export function readConnectionProperties(resourceType: string, raw: unknown): GenesysConnectionProperties {
  const problems = new Problems();
  const result = connection(asRecord(raw), problems);
  problems.throwIfAny(resourceType);
  return result;
}

export function readIntegrationProperties(raw: unknown): GenesysIntegrationProperties {
  const record = asRecord(raw);
  const problems = new Problems();
  const base = connection(record, problems);
  const integrationName = problems.text(record, 'integrationName', 256);
  const integrationType = problems.oneOf(record, 'integrationType', ['custom-rest-actions', 'aws-lambda-data-actions'] as const);
  const credentialType = problems.oneOf(record, 'credentialType', ['basicAuth', 'amazonWebServicesARN'] as const);
  const credentialSecretArn = problems.optionalText(record, 'credentialSecretArn');
  const invokeRoleArn = problems.optionalText(record, 'invokeRoleArn');
  const expected = integrationType === 'custom-rest-actions' ? 'basicAuth' : 'amazonWebServicesARN';
  if (record.integrationType !== undefined && record.credentialType !== undefined && credentialType !== expected) {
    problems.list.push(`credentialType must be '${expected}' for a '${integrationType}' integration`);
  }
  if (credentialType === 'basicAuth' && credentialSecretArn === undefined) {
    problems.list.push('credentialSecretArn is required for a basicAuth credential');
  }
  if (credentialType === 'amazonWebServicesARN' && invokeRoleArn === undefined) {
    problems.list.push('invokeRoleArn is required for an amazonWebServicesARN credential');
  }
  problems.matches('credentialSecretArn', credentialSecretArn, SECRET_ARN, 'a Secrets Manager secret ARN');
  problems.matches('invokeRoleArn', invokeRoleArn, ROLE_ARN, 'an IAM role ARN');
  problems.throwIfAny(GENESYS_INTEGRATION_RESOURCE_TYPE);
  return {
    ...base,
    integrationName,
    integrationType,
    credentialType,
    ...(credentialSecretArn === undefined ? {} : { credentialSecretArn }),
    ...(invokeRoleArn === undefined ? {} : { invokeRoleArn }),
  };
}

export function readDataActionProperties(raw: unknown): DataActionSpec {
  const record = asRecord(raw);
  const problems = new Problems();
  const base = connection(record, problems);
  const actionName = problems.text(record, 'actionName', 256);
  const category = problems.text(record, 'category', 256);
  const integrationId = problems.text(record, 'integrationId', 256);
  const integrationMode = problems.oneOf(record, 'integrationMode', ['api-gateway', 'lambda'] as const);
  const actionUrl = problems.text(record, 'actionUrl', 2_048);
  if (integrationMode === 'lambda') {
    problems.matches('actionUrl', actionUrl, LAMBDA_ARN, 'a Lambda function ARN (with its alias) in lambda mode');
  } else {
    problems.matches('actionUrl', actionUrl, /^https?:\/\/[^\s$#]+$/, "an absolute http(s) URL without '$', '#' or spaces");
  }
  const timeoutText = problems.text(record, 'timeoutSeconds', 10);
  const timeoutSeconds = Number(timeoutText);
  if (timeoutText !== '' && !(/^\d+$/.test(timeoutText) && timeoutSeconds >= 1 && timeoutSeconds <= 60)) {
    problems.list.push('timeoutSeconds must be a whole number from 1 to 60');
  }
  const secure = problems.oneOf(record, 'secure', ['true', 'false'] as const);
  const contractHash = problems.text(record, 'contractHash', 64);
  const schemaHash = problems.text(record, 'schemaHash', 64);
  problems.matches('contractHash', contractHash, SHA256_HEX, 'a sha256 in lower-case hex');
  problems.matches('schemaHash', schemaHash, SHA256_HEX, 'a sha256 in lower-case hex');
  const contractJson = problems.text(record, 'contractJson', 900_000);
  const contract = contractJson === '' ? undefined : parseContract(contractJson, problems);
  problems.throwIfAny(GENESYS_DATA_ACTION_RESOURCE_TYPE);
  return {
    properties: {
      ...base,
      actionName,
      category,
      integrationId,
      integrationMode,
      actionUrl,
      timeoutSeconds: timeoutText,
      secure,
      contractJson,
      contractHash,
      schemaHash,
    },
    contract: contract!,
    secure: secure === 'true',
    timeoutSeconds,
  };
}

const isObject = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);

function parseContract(text: string, problems: Problems): ActionContract | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.list.push('contractJson is not valid JSON');
    return undefined;
  }
  if (!isObject(parsed)) {
    problems.list.push('contractJson must be a JSON object (an ActionContract)');
    return undefined;
  }
  for (const key of ['input', 'output'] as const) {
    if (!isObject(parsed[key])) problems.list.push(`contractJson.${key} must be a JSON Schema object`);
  }
  if (typeof parsed.name !== 'string' || parsed.name === '') problems.list.push('contractJson.name is required');
  if (typeof parsed.method !== 'string') problems.list.push('contractJson.method is required');
  return parsed as unknown as ActionContract;
}
