/**
 * The contract linter: Genesys's rules for data-action contracts (reference §3), checked before anything
 * is registered. Used by the build (our actions), the `data-action validate` CLI (any export file), and the
 * local Genesys Cloud (to refuse at create what Genesys refuses).
 *
 * Every violation names the action, the JSON pointer and the rule, so a failed build says exactly what to fix.
 */
import type { ActionContract, JsonSchema } from './action-contract.js';
import { createDraft04Ajv } from './validator-compiler.js';

export type ContractRule =
  | 'draft-04'
  | 'no-ref'
  | 'max-depth'
  | 'input-object'
  | 'flat-primitive-input'
  | 'property-name'
  | 'reserved-name'
  | 'no-nested-arrays'
  | 'timeout-range'
  | 'request-type'
  | 'name-length'
  | 'required-field'
  // Rules of the whole action definition (config + contract), checked by action-definition-linter.ts.
  | 'category-length'
  | 'accept-header'
  | 'velocity-syntax';

export interface ContractViolation {
  /** File (or other origin) the contract came from. */
  source: string;
  action: string;
  /** JSON pointer into the contract document as given (`/input/properties/customer_id`). */
  pointer: string;
  rule: ContractRule;
  message: string;
}

export const MAX_JSON_DEPTH = 50;
export const INPUT_PROPERTY_NAME = /^[a-zA-Z][a-zA-Z0-9_-]*$/;
export const RESERVED_INPUT_NAMES: ReadonlySet<string> = new Set(['orgId', 'integrationId', 'rawRequest']);
const PRIMITIVE_TYPES: ReadonlySet<string> = new Set(['string', 'integer', 'number', 'boolean', 'null']);
export const REQUEST_TYPES: ReadonlySet<string> = new Set(['GET', 'PUT', 'POST', 'PATCH', 'DELETE']);

export interface LintTarget {
  source: string;
  action: string;
  input: unknown;
  output: unknown;
  /** Pointers of the two schemas inside the document (ours: /input, exports: /contract/input/inputSchema). */
  inputPointer: string;
  outputPointer: string;
}

const escapePointer = (segment: string | number): string => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
/** Appends segments to a JSON pointer, escaping `~` and `/` (RFC 6901). */
export const childPointer = (pointer: string, ...segments: (string | number)[]): string =>
  pointer + segments.map((s) => `/${escapePointer(s)}`).join('');
const child = childPointer;

const ajv = createDraft04Ajv();

/** Lints the two schemas of one action. */
export function lintSchemas(target: LintTarget): ContractViolation[] {
  return [
    ...lintSchema('input', target.input, { source: target.source, action: target.action, pointer: target.inputPointer }),
    ...lintSchema('output', target.output, { source: target.source, action: target.action, pointer: target.outputPointer }),
  ];
}

/** Lints one schema on its own (e.g. an exported `<name>.input.schema.json`) with the rules of its side. */
export function lintSchema(
  kind: 'input' | 'output',
  schema: unknown,
  at: { source: string; action: string; pointer: string },
): ContractViolation[] {
  const out: ContractViolation[] = [];
  const report = (pointer: string, rule: ContractRule, message: string) =>
    out.push({ source: at.source, action: at.action, pointer, rule, message });
  const pointer = at.pointer;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    report(pointer, 'draft-04', `the ${kind} schema must be a JSON object`);
    return out;
  }
  const depth = jsonDepth(schema);
  if (depth > MAX_JSON_DEPTH) report(pointer, 'max-depth', `the ${kind} schema nests ${depth} levels; at most ${MAX_JSON_DEPTH} are allowed`);
  for (const refPointer of findRefs(schema, pointer)) report(refPointer, 'no-ref', '`$ref` is not supported by Genesys contracts');
  if (!ajv.validateSchema(stripId(schema as Record<string, unknown>))) {
    for (const e of ajv.errors ?? []) {
      report(pointer + e.instancePath, 'draft-04', `not a valid draft-04 schema: ${e.message ?? 'invalid'}`);
    }
  }
  if (kind === 'input') lintInput(schema as JsonSchema, pointer, report);
  else lintOutput(schema as JsonSchema, pointer, report);
  return out;
}

function lintInput(schema: JsonSchema, pointer: string, report: (p: string, r: ContractRule, m: string) => void): void {
  if (schema.type !== 'object') {
    report(child(pointer, 'type'), 'input-object', 'the input schema must be one object (`"type": "object"`) of key/value pairs');
  }
  const properties = schema.properties;
  if (properties === undefined) return;
  if (!isObject(properties)) {
    report(child(pointer, 'properties'), 'draft-04', '`properties` must be an object');
    return;
  }
  for (const [name, property] of Object.entries(properties)) {
    const at = child(pointer, 'properties', name);
    if (!INPUT_PROPERTY_NAME.test(name)) {
      report(at, 'property-name', `input property "${name}" must match ${INPUT_PROPERTY_NAME.source}`);
    }
    if (RESERVED_INPUT_NAMES.has(name)) {
      report(at, 'reserved-name', `input property "${name}" is reserved by Genesys (orgId, integrationId, rawRequest)`);
    }
    if (!isObject(property)) continue;
    const types = property.type === undefined ? [] : Array.isArray(property.type) ? property.type : [property.type];
    const nonPrimitive = types.filter((t) => typeof t !== 'string' || !PRIMITIVE_TYPES.has(t));
    if (nonPrimitive.length > 0 || 'properties' in property || 'items' in property) {
      report(
        at,
        'flat-primitive-input',
        `input property "${name}" must be a string, integer, number, boolean or null: Genesys rejects nested objects and arrays in inputs`,
      );
    }
  }
}

function lintOutput(schema: JsonSchema, pointer: string, report: (p: string, r: ContractRule, m: string) => void): void {
  // A top-level array success schema is accepted by Genesys (three corpus exports use one), so only
  // arrays nested directly in arrays are refused. An array whose items are themselves arrays: Genesys flattens outputs for Architect and cannot.
  const visit = (node: unknown, at: string): void => {
    if (!isObject(node)) return;
    if (isArraySchema(node)) {
      const items = node.items;
      const itemList = Array.isArray(items) ? items.map((it, i) => [it, child(at, 'items', i)] as const) : [[items, child(at, 'items')] as const];
      for (const [item, itemAt] of itemList) {
        if (isObject(item) && isArraySchema(item)) {
          report(itemAt, 'no-nested-arrays', 'an array of arrays is not allowed in a success schema');
        }
      }
    }
    for (const key of ['properties', 'patternProperties', 'definitions'] as const) {
      const group = node[key];
      if (isObject(group)) for (const [name, sub] of Object.entries(group)) visit(sub, child(at, key, name));
    }
    if (Array.isArray(node.items)) node.items.forEach((it, i) => visit(it, child(at, 'items', i)));
    else visit(node.items, child(at, 'items'));
    if (isObject(node.additionalProperties)) visit(node.additionalProperties, child(at, 'additionalProperties'));
  };
  visit(schema, pointer);
}

/** Lints one of our `contract.json` files: the schemas plus the fields registration sends. */
export function lintContract(contract: ActionContract, source: string): ContractViolation[] {
  const action = typeof contract?.name === 'string' ? contract.name : '(unnamed)';
  const out: ContractViolation[] = [];
  const report = (pointer: string, rule: ContractRule, message: string) => out.push({ source, action, pointer, rule, message });
  for (const field of ['name', 'description', 'method', 'timeoutSeconds', 'idempotent', 'secure', 'input', 'output'] as const) {
    if (contract[field] === undefined) report(`/${field}`, 'required-field', `contract.json must declare "${field}"`);
  }
  // `mutating` decides exactly-once protection: a non-idempotent action must decide it explicitly.
  if (contract.mutating === undefined && contract.idempotent === false) {
    report('/mutating', 'required-field', 'a non-idempotent action must declare "mutating" (true: carried out exactly once per distinct input)');
  } else if (contract.mutating !== undefined && typeof contract.mutating !== 'boolean') {
    report('/mutating', 'required-field', '"mutating" must be true or false');
  }
  if (typeof contract.name === 'string' && (contract.name.length < 1 || contract.name.length > 256)) {
    report('/name', 'name-length', 'the action name must be 1–256 characters');
  }
  if (contract.method !== undefined && !REQUEST_TYPES.has(contract.method)) {
    report('/method', 'request-type', `method must be one of ${[...REQUEST_TYPES].join(', ')}`);
  }
  if (contract.timeoutSeconds !== undefined && !isTimeoutSeconds(contract.timeoutSeconds)) {
    report('/timeoutSeconds', 'timeout-range', 'timeoutSeconds must be an integer from 1 to 60');
  }
  out.push(...lintSchemas({ source, action, input: contract.input, output: contract.output, inputPointer: '/input', outputPointer: '/output' }));
  return out;
}

export function lintContracts(list: { source: string; contract: ActionContract }[]): ContractViolation[] {
  return list.flatMap(({ source, contract }) => lintContract(contract, source));
}

export function isTimeoutSeconds(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 60;
}

export function formatViolation(v: ContractViolation): string {
  return `${v.source}: ${v.action} ${v.pointer || '/'} [${v.rule}] ${v.message}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isArraySchema(node: Record<string, unknown>): boolean {
  return node.type === 'array' || (Array.isArray(node.type) && node.type.includes('array'));
}

/** Depth of a JSON value: a scalar is 0, `{}` is 1, `{"a":{}}` is 2. Iterative, so hostile depth cannot overflow the stack. */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') {
      max = Math.max(max, depth);
      continue;
    }
    max = Math.max(max, depth + 1);
    for (const v of Object.values(node)) stack.push([v, depth + 1]);
  }
  return max;
}

function findRefs(node: unknown, pointer: string): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[node, pointer]];
  while (stack.length > 0) {
    const [n, at] = stack.pop()!;
    if (n === null || typeof n !== 'object') continue;
    for (const [k, v] of Object.entries(n)) {
      if (k === '$ref' && !Array.isArray(n)) found.push(child(at, k));
      stack.push([v, child(at, k)]);
    }
  }
  return found.sort();
}

/** Draft-04 `id` values in exports are free text Genesys ignores; AJV would try to resolve them as URIs. */
function stripId(schema: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = schema;
  return rest;
}
