/**
 * The contract between the stack and the registration handler (`lambda/registration/handler.ts`): the
 * `ResourceProperties` each custom resource receives, the physical ids and the `Data` it must return.
 * This file is the source of truth; the stack (infra/) imports it, since Lambda code never imports infra/.
 *
 * CloudFormation hands every custom-resource property to the handler as a **string** (numbers and booleans
 * included), so these interfaces say so, and anything structured travels as JSON text: the contract in
 * particular, whose `false`/numbers would otherwise arrive as "false"/"1". No property ever holds a secret
 * value: secrets travel as ARNs, and the handler reads them from Secrets Manager.
 *
 * Size: the whole template must stay under CloudFormation's 1 MB; a contract is a few KB, so even a hundred
 * actions fit. `Data` returned by the handler must stay under 4 KB: ids and versions only.
 */

export const GENESYS_INTEGRATION_RESOURCE_TYPE = 'Custom::GenesysIntegration';
export const GENESYS_DATA_ACTION_RESOURCE_TYPE = 'Custom::GenesysDataAction';

/** Genesys integration type ids (reference §1 and §7). */
export type GenesysIntegrationType = 'custom-rest-actions' | 'aws-lambda-data-actions';

/** Where the handler finds Genesys: common to both resources. */
export interface GenesysConnectionProperties {
  /**
   * The org's Genesys Cloud region as configured: an AWS region name (`eu-west-1`) or its domain
   * (`mypurecloud.ie`). Pass it as `region` to the Genesys client (lambda/genesys-client/regions.ts),
   * which validates it again.
   */
  genesysRegion: string;
  /** ARN of the secret `{"clientId","clientSecret"}` of the Genesys OAuth client (client credentials grant). */
  genesysOAuthSecretArn: string;
}

/**
 * `Custom::GenesysIntegration`: one integration holding the credential Genesys sends to our endpoint.
 *
 * Create → create the integration (enabled) and its credential; physical id = the integration id.
 * Update → a change of `integrationType` replaces it (new physical id; CloudFormation deletes the old one);
 *   otherwise update name/credential in place.
 * Delete → delete the integration and its credential; a 404 counts as done.
 * `Data`: `{ IntegrationId, CredentialId }`.
 */
export interface GenesysIntegrationProperties extends GenesysConnectionProperties {
  integrationName: string;
  integrationType: GenesysIntegrationType;
  /**
   * The Genesys credential type: `basicAuth` for `custom-rest-actions` (its `userName`/`password` are the
   * fields `username`/`password` of the secret at `credentialSecretArn`), `amazonWebServicesARN` for
   * `aws-lambda-data-actions` (its `ARN` field is `invokeRoleArn`).
   */
  credentialType: 'basicAuth' | 'amazonWebServicesARN';
  /** basicAuth only: ARN of the stack-generated inbound credential `{"username","password"}`. */
  credentialSecretArn?: string;
  /** amazonWebServicesARN only: the role Genesys assumes to invoke the function's action aliases. */
  invokeRoleArn?: string;
}

/**
 * `Custom::GenesysDataAction`: one published Genesys action per `lambda/actions/<name>/contract.json`.
 *
 * Semantics as the Genesys Terraform provider's:
 * Create → create and publish; physical id = the action id. A failed create leaves nothing behind.
 * Update → if `schemaHash`, `secure` or `integrationId` changed, create a new action (new physical id, so
 *   CloudFormation deletes the old one); otherwise PATCH name/category/config with the current version,
 *   re-reading and retrying on a version conflict.
 * Delete → delete; a 404 counts as done.
 * `Data`: `{ ActionId, Version }`.
 *
 * The Genesys action definition (config.request/response, contract) is built by the handler from
 * `contractJson`, `actionUrl` and `integrationMode`; nothing of it is precomputed here.
 */
export interface GenesysDataActionProperties extends GenesysConnectionProperties {
  /** The Genesys action name (= contract `name` = the URL segment / alias name). */
  actionName: string;
  /** Genesys category: the contract's `category`, else the integration name. */
  category: string;
  /** The integration id: the `Ref` of `Custom::GenesysIntegration`, or the configured existing id. */
  integrationId: string;
  /** How Genesys reaches the action: 'api-gateway' (HTTPS POST) or 'lambda' (direct invoke). */
  integrationMode: 'api-gateway' | 'lambda';
  /**
   * `config.request.requestUrlTemplate`: the stage URL + `actions/<name>` in api-gateway mode, the alias
   * ARN `arn:aws:lambda:<region>:<account>:function:<fn>:<name>` in lambda mode.
   */
  actionUrl: string;
  /** Genesys `config.timeoutSeconds`, decimal integer text (1–60): the contract's `timeoutSeconds`. */
  timeoutSeconds: string;
  /** Genesys `secure` flag, 'true' or 'false'. */
  secure: 'true' | 'false';
  /** The whole `contract.json` as JSON text (an `ActionContract`, lambda/contracts/action-contract.ts). */
  contractJson: string;
  /** sha256 (hex) of the canonical contract JSON: the audit record's `contract_hash`. */
  contractHash: string;
  /**
   * sha256 (hex) of the canonical JSON of `{ input, output }`: changes exactly when the Genesys contract
   * changes, i.e. when an Update must replace the action rather than PATCH it.
   */
  schemaHash: string;
}

/** The `Data` attributes the handler returns (each resource's own). */
export interface GenesysIntegrationData {
  IntegrationId: string;
  CredentialId: string;
}
export interface GenesysDataActionData {
  ActionId: string;
  Version: string;
}
