/**
 * Output validation: what the action answers must match its output contract — the success schema
 * Genesys will check too, where a mismatch fails the flow with a far less helpful error. A failure is our
 * bug or the business system's surprise: 500 OUTPUT_CONTRACT_VIOLATION, with the failed rules (path and
 * rule, never values) in the log and not in the body.
 */
import { OutputContractViolationError } from '../runtime/errors.js';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';
import { toErrorDetails } from '../runtime/validation-details.js';

export function outputValidationMiddleware(): DataActionMiddleware {
  const outputValidationMiddlewareAfter = (request: DataActionRequest): void => {
    const action = invocationOf(request).action;
    if (action === undefined) throw new Error('outputValidationMiddleware: runs after action routing');
    const validate = action.validateOutput;
    if (!validate(request.response)) {
      throw new OutputContractViolationError('The action produced an answer that does not match its output contract.', {
        details: toErrorDetails(validate.errors),
      });
    }
  };

  return { after: outputValidationMiddlewareAfter };
}
