/**
 * Contract → Genesys action definition: how one of our actions looks to Genesys Cloud (reference §1 and §6).
 *
 * The same mapping serves the `data-action export` CLI (Admin UI import files), registration from the CDK
 * stack (the create body) and `data-action invoke` (the definition the emulator runs), so what is exported,
 * registered and tested locally is one and the same action.
 *
 * The action is a pass-through: Genesys POSTs the whole input (`${input.rawRequest}`) to `<base>/actions/<name>`
 * and hands our JSON reply back unchanged (`${rawResult}`): validation lives in the endpoint, against the very
 * contract Genesys shows to flows.
 */
import type { ActionContract, HttpMethod, JsonSchema } from './action-contract.js';

/** Integration type id of Genesys's Web Services Data Actions. */
export const CUSTOM_REST_ACTIONS = 'custom-rest-actions';

/** A placeholder endpoint for exports made before the stack is deployed. */
export const PLACEHOLDER_BASE_URL = 'https://YOUR-API-ID.execute-api.REGION.amazonaws.com/prod';

export interface GenesysRequestConfig {
  requestUrlTemplate: string;
  requestType: HttpMethod;
  headers: Record<string, string>;
  requestTemplate: string;
}

export interface GenesysResponseConfig {
  translationMap: Record<string, string>;
  translationMapDefaults: Record<string, string>;
  successTemplate: string;
}

/** Genesys `ActionConfig`. */
export interface GenesysActionConfig {
  timeoutSeconds?: number;
  request: GenesysRequestConfig;
  response: GenesysResponseConfig;
}

/** Genesys `ActionContractInput`. */
export interface GenesysActionContract {
  input: { inputSchema: JsonSchema };
  output: { successSchema: JsonSchema };
}

/** The Admin UI export/import file (`<Name>.custom.json`, reference §6). */
export interface GenesysActionExport {
  name: string;
  integrationType: string;
  actionType: 'custom';
  config: GenesysActionConfig;
  contract: GenesysActionContract;
  secure: boolean;
}

/** Genesys `PostActionInput`: the body of `POST /api/v2/integrations/actions`. */
export interface GenesysActionCreateBody {
  name: string;
  category: string;
  integrationId: string;
  secure: boolean;
  config: GenesysActionConfig;
  contract: GenesysActionContract;
}

/**
 * For an integration whose credential is `userDefined` and sent as a header (rather than Basic auth, which
 * Genesys adds by itself): the header is templated from the credential, so the secret never sits in the action.
 */
export interface CredentialHeader {
  /** Header name the endpoint expects, e.g. `X-API-Key`. */
  headerName: string;
  /** Field of the Genesys credential that holds the value, e.g. `apiKey` → `${credentials.apiKey}`. */
  credentialField: string;
}

export interface GenesysActionConfigOptions {
  /**
   * What Genesys calls for this action: an absolute URL, usually `actionUrl(baseUrl, contract.name)`, or, for
   * Genesys's AWS Lambda data actions integration (reference §7), the function's alias ARN.
   */
  actionUrl: string;
  credentialHeader?: CredentialHeader;
}

/** `<base>/actions/<name>`: the one route of the endpoint for an action (trailing slashes of `baseUrl` ignored). */
export function actionUrl(baseUrl: string, actionName: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/actions/${encodeURIComponent(actionName)}`;
}

export function toGenesysActionConfig(contract: ActionContract, options: GenesysActionConfigOptions): GenesysActionConfig {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.credentialHeader !== undefined) {
    const { headerName, credentialField } = options.credentialHeader;
    headers[headerName] = `\${credentials.${credentialField}}`;
  }
  return {
    timeoutSeconds: contract.timeoutSeconds,
    request: {
      requestUrlTemplate: literalUrl(options.actionUrl),
      requestType: contract.method,
      headers,
      requestTemplate: '${input.rawRequest}',
    },
    response: {
      translationMap: {},
      translationMapDefaults: {},
      successTemplate: '${rawResult}',
    },
  };
}

export function toGenesysActionContract(contract: ActionContract): GenesysActionContract {
  return {
    input: { inputSchema: structuredClone(contract.input) },
    output: { successSchema: structuredClone(contract.output) },
  };
}

/** The Admin UI import file for one action. */
export function toGenesysActionExport(contract: ActionContract, options: GenesysActionConfigOptions): GenesysActionExport {
  return {
    name: contract.name,
    integrationType: CUSTOM_REST_ACTIONS,
    actionType: 'custom',
    config: toGenesysActionConfig(contract, options),
    contract: toGenesysActionContract(contract),
    secure: contract.secure,
  };
}

/** The create body registration sends; `category` defaults to the contract's, which defaults to the integration's name. */
export function toGenesysActionCreateBody(
  contract: ActionContract,
  options: GenesysActionConfigOptions & { integrationId: string; category?: string },
): GenesysActionCreateBody {
  const category = options.category ?? contract.category;
  if (category === undefined || category === '') {
    throw new Error(`${contract.name}: a category is required to create an action (by convention the integration's name)`);
  }
  return {
    name: contract.name,
    category,
    integrationId: options.integrationId,
    secure: contract.secure,
    config: toGenesysActionConfig(contract, options),
    contract: toGenesysActionContract(contract),
  };
}

/** Conventional file name of an export: `<Name>.custom.json`. */
export function exportFileName(actionName: string): string {
  return `${actionName.replace(/[^a-zA-Z0-9._-]/g, '_')}.custom.json`;
}

/** A Lambda function ARN with its qualifier (the action's alias), as AWS Lambda data actions call it. */
export const LAMBDA_ALIAS_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,128}$/;

/** The URL becomes a Velocity template: a `$` or `#` in it would be read as a reference or a directive. */
function literalUrl(url: string): string {
  if (!/^https?:\/\/[^\s$#]+$/.test(url) && !LAMBDA_ALIAS_ARN.test(url)) {
    throw new Error(`action URL must be an absolute http(s) URL without '$', '#' or spaces, or a Lambda alias ARN: ${url}`);
  }
  return url;
}
