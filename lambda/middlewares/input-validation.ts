/**
 * Input validation: the parsed input against the action's input contract, with the validator AJV
 * compiled at build time (no coercion, no defaults: the input is checked, never changed). A failure is
 * 400 INPUT_CONTRACT_VIOLATION with one detail per failed rule: path, rule, message — never the value.
 */
import { InputContractViolationError } from '../runtime/errors.js';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';
import { toErrorDetails } from '../runtime/validation-details.js';

export function inputValidationMiddleware(): DataActionMiddleware {
  const inputValidationMiddlewareBefore = (request: DataActionRequest): void => {
    const state = invocationOf(request);
    const action = state.action;
    if (action === undefined) throw new Error('inputValidationMiddleware: runs after action routing');
    const validate = action.validateInput;
    if (!validate(state.input)) {
      throw new InputContractViolationError(`The input does not match the contract of ${action.contract.name}.`, {
        details: toErrorDetails(validate.errors),
      });
    }
  };

  return { before: inputValidationMiddlewareBefore };
}
