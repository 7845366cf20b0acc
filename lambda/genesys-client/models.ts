/**
 * Request and response bodies of the Genesys Platform API endpoints this client covers, named and shaped
 * as the official SDK's models (`purecloud-platform-client-v2` index.d.ts, v262). Lean copies: only the
 * models used here, so the Lambda bundle never carries the SDK. Field names must stay exactly the SDK's.
 */

/**
 * A JSON Schema document as Genesys stores it (SDK `JsonSchemaDocument`: `$schema`, `title`, `type`,
 * `properties`, `required`, `additionalProperties`, ...). Kept open: real contracts use more keywords, and
 * `additionalProperties` is a boolean in practice although the SDK types it as an object.
 */
export type JsonSchemaDocument = Record<string, unknown>;

export type RequestType = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestConfig {
  requestUrlTemplate?: string;
  requestTemplate?: string;
  /** Set on reads instead of `requestTemplate` when the text lives behind `/templates/requesttemplate.vm`. */
  requestTemplateUri?: string;
  requestType?: RequestType;
  headers?: Record<string, string>;
}

export interface ResponseConfig {
  translationMap?: Record<string, string>;
  translationMapDefaults?: Record<string, string>;
  successTemplate?: string;
  successTemplateUri?: string;
}

export interface ActionConfig {
  /** 1–60, default 60; not valid on custom-auth actions. */
  timeoutSeconds?: number;
  request?: RequestConfig;
  response?: ResponseConfig;
}

/** SDK `ActionContractInput`: the contract as sent on create. */
export interface ActionContractInput {
  input: { inputSchema: JsonSchemaDocument };
  output: { successSchema: JsonSchemaDocument };
}

/** SDK `FlattenedJsonSchemaDocument`. */
export interface FlattenedJsonSchemaDocument {
  schema?: JsonSchemaDocument;
  arrayProperties?: string[];
}

/** SDK `ActionContract`: the contract as read back (`expand=contract`). */
export interface ActionContract {
  input?: {
    inputSchema?: JsonSchemaDocument;
    inputSchemaFlattened?: JsonSchemaDocument;
    inputSchemaUri?: string;
  };
  output?: {
    successSchema?: JsonSchemaDocument;
    successSchemaUri?: string;
    errorSchema?: JsonSchemaDocument;
    errorSchemaUri?: string;
    successSchemaFlattened?: FlattenedJsonSchemaDocument;
    errorSchemaFlattened?: FlattenedJsonSchemaDocument;
  };
}

/** SDK `PostActionInput`: body of `POST /actions` (published) and `POST /actions/drafts`. */
export interface PostActionInput {
  category: string;
  name: string;
  integrationId: string;
  config: ActionConfig;
  contract: ActionContractInput;
  secure?: boolean;
}

/** SDK `UpdateActionInput`: body of `PATCH /actions/{id}`; the contract and `secure` cannot change. */
export interface UpdateActionInput {
  category?: string;
  name?: string;
  config?: ActionConfig;
  /** The action's current version; a stale one is rejected. */
  version: number;
}

/** SDK `UpdateDraftInput`: body of `PATCH /actions/{id}/draft`. */
export interface UpdateDraftInput {
  category?: string;
  name?: string;
  config?: ActionConfig;
  contract?: ActionContractInput;
  secure?: boolean;
  version: number;
}

/** SDK `PublishDraftInput`: body of `POST /actions/{id}/draft/publish`. */
export interface PublishDraftInput {
  version: number;
}

/** SDK `Action` (also what draft endpoints return). */
export interface Action {
  id?: string;
  name?: string;
  integrationId?: string;
  category?: string;
  contract?: ActionContract;
  version?: number;
  secure?: boolean;
  config?: ActionConfig;
  selfUri?: string;
}

/** The paging envelope shared by SDK `ActionEntityListing`, `IntegrationEntityListing`, ... */
export interface EntityListing<T> {
  entities?: T[];
  pageSize?: number;
  pageNumber?: number;
  total?: number;
  firstUri?: string;
  lastUri?: string;
  selfUri?: string;
  nextUri?: string;
  previousUri?: string;
  pageCount?: number;
}
export type ActionEntityListing = EntityListing<Action>;

/** SDK `Detail`. */
export interface ErrorDetail {
  errorCode?: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/** SDK `ErrorBody`: every Platform API error reply, and the errors inside test results. */
export interface ErrorBody {
  message?: string;
  code?: string;
  status?: number;
  entityId?: string;
  entityName?: string;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  contextId?: string;
  details?: ErrorDetail[];
  errors?: ErrorBody[];
  limit?: { key?: string; namespace?: string; value?: number };
}

/** SDK `DraftValidationResult`. */
export interface DraftValidationResult {
  valid?: boolean;
  errors?: ErrorBody[];
}

/** SDK `TestExecutionOperationResult`: one numbered step of a test run. */
export interface TestExecutionOperationResult {
  step?: number;
  name?: string;
  success?: boolean;
  result?: unknown;
  error?: ErrorBody;
}

/** SDK `TestExecutionResult`: what `/test` and `/draft/test` return. */
export interface TestExecutionResult {
  operations?: TestExecutionOperationResult[];
  error?: ErrorBody;
  finalResult?: unknown;
  success?: boolean;
}

/** The input of `/test` and `/execute`: the action's input contract fields (SDK: `object`). */
export type ActionExecutionInput = Record<string, unknown>;

/** Template files readable under `/actions/{id}/templates/` and `/actions/{id}/draft/templates/`. */
export type ActionTemplateFileName = 'requesttemplate.vm' | 'successtemplate.vm';

// --- Integrations ---------------------------------------------------------------------------------

/** Web Services Data Actions; `aws-lambda-data-actions` for AWS Lambda data actions. */
export type IntegrationTypeId = 'custom-rest-actions' | 'aws-lambda-data-actions' | (string & {});

export type IntegrationIntendedState = 'ENABLED' | 'DISABLED' | 'DELETED';

/** SDK `IntegrationType`, the fields this project reads. */
export interface IntegrationType {
  id: IntegrationTypeId;
  name?: string;
  description?: string;
  provider?: string;
  category?: string;
  selfUri?: string;
}

/** SDK `CreateIntegrationRequest`: body of `POST /api/v2/integrations`. */
export interface CreateIntegrationRequest {
  name: string;
  integrationType: { id: IntegrationTypeId };
}

/** SDK `CredentialInfo`: a credential reference (never its secret fields). */
export interface CredentialInfo {
  id?: string;
  name?: string;
  createdDate?: string;
  modifiedDate?: string;
  type?: CredentialType;
  selfUri?: string;
}

/** SDK `IntegrationConfiguration`: body and reply of `/integrations/{id}/config/current`. */
export interface IntegrationConfiguration {
  id?: string;
  name: string;
  /** The current configuration version; a stale one is rejected. */
  version: number;
  properties: Record<string, unknown>;
  advanced: Record<string, unknown>;
  notes: string;
  /** Credential slot (e.g. `basicAuth`) → the credential to use; `{ id }` is enough on update. */
  credentials: Record<string, CredentialInfo>;
  selfUri?: string;
}

/** SDK `IntegrationStatusInfo`. */
export interface IntegrationStatusInfo {
  code?: string;
  effective?: string;
  detail?: { localizableMessageCode?: string; message?: string; messageWithParams?: string };
  lastUpdated?: string;
}

/** SDK `Integration`. */
export interface Integration {
  id?: string;
  name?: string;
  integrationType?: IntegrationType;
  notes?: string;
  intendedState: IntegrationIntendedState;
  config?: { current?: IntegrationConfiguration };
  reportedState?: IntegrationStatusInfo;
  attributes?: Record<string, string>;
  selfUri?: string;
}
export type IntegrationEntityListing = EntityListing<Integration>;

/** Body of `PATCH /api/v2/integrations/{id}` (SDK types it `Integration`; `intendedState` is required). */
export interface IntegrationPatch {
  intendedState: IntegrationIntendedState;
  name?: string;
  notes?: string;
  attributes?: Record<string, string>;
}

// --- Credentials ----------------------------------------------------------------------------------

/**
 * `basicAuth` (`userName`, `password`), `userDefined` (any fields, `${credentials.<field>}` in templates),
 * `userDefinedOAuth`, `amazonWebServicesARN` (`ARN`, AWS Lambda data actions).
 */
export type CredentialTypeName =
  | 'basicAuth'
  | 'userDefined'
  | 'userDefinedOAuth'
  | 'amazonWebServicesARN'
  | (string & {});

/** SDK `CredentialType`; on create and update `{ name }` is what is sent. */
export interface CredentialType {
  id?: string;
  name?: CredentialTypeName;
  properties?: Record<string, unknown>;
  displayOrder?: string[];
  required?: string[];
}

/** SDK `Credential`: body of create and update; reads come back with sensitive fields redacted. */
export interface Credential {
  id?: string;
  name?: string;
  type: CredentialType;
  credentialFields?: Record<string, string>;
  selfUri?: string;
}
