/**
 * The emulator's public shapes: Genesys's action definition (reference §1 and §6), the execution context a
 * Genesys org supplies, and Genesys's `TestExecutionResult` (SDK models `TestExecutionResult`,
 * `TestExecutionOperationResult`, `ErrorBody`).
 */

export type RequestType = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** An action as Genesys stores and exports it: `name`, `secure`, `config`, `contract` (other fields ignored). */
export interface ActionDefinition {
  name: string;
  secure?: boolean;
  /** Export files carry it; `purecloud-data-actions` definitions use URLs relative to the org's Platform API. */
  integrationType?: string;
  config: {
    /** 1..60, default 60. */
    timeoutSeconds?: number;
    request: {
      requestUrlTemplate: string;
      requestType: RequestType;
      headers?: Record<string, string>;
      requestTemplate?: string;
    };
    response?: {
      translationMap?: Record<string, string>;
      translationMapDefaults?: Record<string, string>;
      successTemplate?: string;
    };
  };
  contract: { input: { inputSchema: object }; output: { successSchema: object } };
}

/** A Genesys credential: `basicAuth` ({userName, password}), `userDefined` (any fields), `userDefinedOAuth`. */
export interface ActionCredentials {
  type: string;
  fields: Record<string, string>;
}

/** What the org around an execution supplies. */
export interface ExecutionContext {
  /**
   * `basicAuth` {userName, password} → `Authorization: Basic ...` on every call; the fields of every type are
   * also `${credentials.<field>}` in templates.
   */
  credentials?: ActionCredentials;
  organizationId: string;
  /** Defaults to `organizationId`. */
  homeOrganizationId?: string;
  /** Sent as `ININ-Correlation-Id` and returned as `contextId` in errors; generated when absent. */
  correlationId?: string;
  /** Sent as `ININ-User-Id` when given. */
  userId?: string;
  /** Overrides `config.timeoutSeconds` (any positive number: tests use short ones). */
  timeoutSeconds?: number;
  /** For tests: allow plain http / loopback endpoints (Genesys itself needs https with a public CA). */
  allowInsecureHttp?: boolean;
}

export interface RunOptions {
  /** Flatten the output the way Genesys does for Architect (`?flatten=true`). */
  flatten?: boolean;
  /**
   * Maps the resolved request URL to the URL actually called: resolve the relative URLs of
   * `purecloud-data-actions` against a Platform API, or point an action at a local endpoint
   * (see `redirectToOrigin`). Applied after the URL template is resolved, before the request is sent.
   */
  rewriteUrl?: (resolvedUrl: string) => string;
}

/** Genesys `ErrorBody`. */
export interface ExecutionError {
  message: string;
  /** One of `ActionErrorCode` (the emulator's codes; see errors.ts). */
  code: string;
  status: number;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  /** The correlation id of the execution. */
  contextId?: string;
  details?: unknown[];
  errors?: unknown[];
}

/** Genesys `TestExecutionOperationResult`: one numbered step of the test pane. */
export interface TestExecutionOperation {
  step: number;
  name: string;
  success: boolean;
  result?: unknown;
  error?: ExecutionError;
}

/** Genesys `TestExecutionResult`. */
export interface TestExecutionResult {
  operations: TestExecutionOperation[];
  error?: ExecutionError;
  finalResult?: unknown;
  success: boolean;
}

/** What `/execute` gives a flow: the output, or the error (never thrown). */
export type ExecuteOutcome = { ok: true; output: unknown } | { ok: false; status: number; error: ExecutionError };

/** The request side alone (step 1), as it would go on the wire. */
export interface RenderedRequest {
  url: string;
  method: RequestType;
  headers: Record<string, string>;
  /** Absent for methods that send no body (GET, DELETE). */
  body?: string;
}
