/**
 * Step 5: the output. Validated against the success schema with the project's draft-04 AJV (compiled
 * validators cached by schema text), then optionally flattened the way Genesys hands outputs to Architect.
 */
import type { ValidateFunction } from 'ajv';
import { createDraft04Ajv } from '../../lambda/contracts/validator-compiler.js';
import { ActionErrorCode, ActionExecutionError, describeError } from './errors.js';

const ajv = createDraft04Ajv();
const VALIDATOR_CACHE_LIMIT = 500;
const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = validators.get(key);
  if (cached) return cached;
  // A schema `id` would register it in the shared AJV instance; two actions may reuse one id.
  const { id: _id, $id: _dollarId, ...anonymous } = schema as Record<string, unknown>;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(anonymous);
  } catch (error) {
    throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `The success schema is not a valid draft-04 JSON Schema: ${describeError(error)}`, {
      fieldName: 'contract.output.successSchema',
      cause: error,
    });
  }
  if (validators.size >= VALIDATOR_CACHE_LIMIT) validators.delete(validators.keys().next().value as string);
  validators.set(key, validate);
  return validate;
}

/** Throws `ACTION.SCHEMA_VALIDATION` listing every violation. */
export function validateOutput(schema: object, output: unknown): void {
  const validate = validatorFor(schema);
  if (validate(output)) return;
  const reasons = (validate.errors ?? []).map((e) => `${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? 'is invalid'}`);
  throw new ActionExecutionError(ActionErrorCode.SCHEMA_VALIDATION, `JSON failed output schema validation for the following reasons: ${reasons.join('; ')}`, {
    fieldName: 'contract.output.successSchema',
    errors: reasons.map((message) => ({ message, code: ActionErrorCode.SCHEMA_VALIDATION, status: 400 })),
  });
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Genesys's flattening for Architect [?]: nested objects become dot-separated keys (`customer.address.city`);
 * arrays of primitives stay arrays; an array of objects becomes one array per leaf (`entities.id: [...]`,
 * the "collection" variables Architect shows), with null where an element lacks the leaf. Empty objects
 * have no leaves and disappear. A root that is not an object is returned unchanged.
 */
export function flattenOutput(output: unknown): unknown {
  return isPlainObject(output) ? flattenObject(output) : output;
}

function flattenObject(object: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const path = `${prefix}${key}`;
    if (isPlainObject(value)) Object.assign(flat, flattenObject(value, `${path}.`));
    else if (Array.isArray(value) && value.some(isPlainObject)) Object.assign(flat, flattenObjectArray(value, path));
    else flat[path] = value;
  }
  return flat;
}

function flattenObjectArray(items: unknown[], path: string): Record<string, unknown[]> {
  const flatItems = items.map((item) => (isPlainObject(item) ? flattenObject(item) : {}));
  const leaves = [...new Set(flatItems.flatMap((item) => Object.keys(item)))];
  return Object.fromEntries(leaves.map((leaf) => [`${path}.${leaf}`, flatItems.map((item) => (leaf in item ? item[leaf] : null))]));
}
