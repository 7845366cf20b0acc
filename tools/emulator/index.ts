/**
 * The data-action execution emulator: runs a Genesys action definition the way Genesys Cloud does.
 * Used by the local Genesys Cloud's `/test` and `/execute`, and by `data-action invoke`.
 *
 * ```ts
 * import { runAction, redirectToOrigin } from './tools/emulator/index.js';
 * const result = await runAction(definition, { customerId: 'c-1' }, { organizationId: 'org-1', allowInsecureHttp: true }, {
 *   rewriteUrl: redirectToOrigin('http://127.0.0.1:8080'),
 * });
 * if (!result.success) console.log(result.error?.code); // ACTION.REMOTE_ENDPOINT, ACTION.TIMEOUT, ...
 * ```
 */
export type {
  ActionCredentials,
  ActionDefinition,
  ExecuteOutcome,
  ExecutionContext,
  ExecutionError,
  RenderedRequest,
  RequestType,
  RunOptions,
  TestExecutionOperation,
  TestExecutionResult,
} from './types.js';
export { ActionErrorCode, ActionExecutionError, isActionExecutionError } from './errors.js';
export { renderRequest } from './request.js';
export { DEFAULT_TIMEOUT_SECONDS, executeAction, redirectToOrigin, runAction, StepName } from './run.js';
export { flattenOutput } from './output.js';
export { sampleInput, sampleFromSchema } from './samples.js';
