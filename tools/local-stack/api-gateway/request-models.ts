/**
 * Request validation at the edge, as API Gateway's request validator does it with the method's model
 * (the action's input contract, draft-04 like every API Gateway model): the body must be JSON that
 * validates, or API Gateway answers BAD_REQUEST_BODY without calling the function. The stack maps the
 * model to `application/json` and `$default`, so every body is validated whatever its Content-Type.
 * An empty body is validated as `{}` (LocalStack's reading, method_request.py; AWS does not document it).
 */
import type { ValidateFunction } from 'ajv';
import { createDraft04Ajv } from '../../../lambda/contracts/validator-compiler.js';

export type BodyValidator = (body: Buffer) => boolean;

export function compileRequestModel(schema: object): BodyValidator {
  // One failure is enough to refuse: API Gateway reports none of them to the caller.
  const ajv = createDraft04Ajv({ allErrors: false });
  const { id: _id, $id: _dollarId, ...model } = schema as Record<string, unknown>;
  const validate: ValidateFunction = ajv.compile(model);
  return (body) => {
    let value: unknown;
    try {
      value = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
    } catch {
      return false;
    }
    return validate(value) === true;
  };
}
