/**
 * A structural check of an OpenAPI 3.0 document: what a portal or code generator trips over. Not a full
 * validator (no official schema ships offline); it checks the parts `export` writes and a reader relies on:
 * version and info, paths and operations with responses, every local `$ref` resolving, security requirements
 * naming declared schemes, and schemas using only OpenAPI 3.0 Schema Object keywords.
 */
import { OPENAPI_SCHEMA_KEYWORDS } from './openapi.js';

export interface OpenApiProblem {
  pointer: string;
  message: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SCHEMA_TYPES: ReadonlySet<string> = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string']);

export function checkOpenApiDocument(doc: unknown): OpenApiProblem[] {
  const problems: OpenApiProblem[] = [];
  const report = (pointer: string, message: string) => problems.push({ pointer, message });
  if (!isObject(doc)) return [{ pointer: '', message: 'an OpenAPI document must be a JSON object' }];
  if (typeof doc.openapi !== 'string' || !/^3\.0\.\d+$/.test(doc.openapi)) report('/openapi', 'must be an OpenAPI 3.0.x version string');
  if (!isObject(doc.info) || typeof doc.info.title !== 'string' || typeof doc.info.version !== 'string') {
    report('/info', 'must be an object with a string title and version');
  }
  if (!isObject(doc.paths)) report('/paths', 'must be an object');
  else checkPaths(doc.paths, report);
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  for (const [i, requirement] of (Array.isArray(doc.security) ? doc.security : []).entries()) {
    for (const name of Object.keys(isObject(requirement) ? requirement : {})) {
      if (!(name in schemes)) report(`/security/${i}`, `names the undeclared security scheme "${name}"`);
    }
  }
  if (isObject(components.schemas)) {
    for (const [name, schema] of Object.entries(components.schemas)) checkSchema(schema, `/components/schemas/${escape(name)}`, report);
  }
  checkRefs(doc, report);
  return problems;
}

function checkPaths(paths: Record<string, unknown>, report: (p: string, m: string) => void): void {
  for (const [path, item] of Object.entries(paths)) {
    const at = `/paths/${escape(path)}`;
    if (!path.startsWith('/')) report(at, 'a path must start with "/"');
    if (!isObject(item)) {
      report(at, 'a path item must be an object');
      continue;
    }
    for (const method of METHODS.filter((m) => m in item)) {
      const op = item[method];
      const responses = isObject(op) ? op.responses : undefined;
      if (!isObject(responses) || Object.keys(responses).length === 0) {
        report(`${at}/${method}/responses`, 'an operation needs at least one response');
        continue;
      }
      for (const status of Object.keys(responses)) {
        if (!/^(default|[1-5](\d\d|XX))$/.test(status)) report(`${at}/${method}/responses/${escape(status)}`, 'not an HTTP status code');
      }
    }
  }
}

function checkSchema(schema: unknown, at: string, report: (p: string, m: string) => void): void {
  if (!isObject(schema)) {
    if (typeof schema !== 'boolean') report(at, 'a schema must be an object');
    return;
  }
  if ('$ref' in schema) return;
  for (const key of Object.keys(schema)) {
    if (!OPENAPI_SCHEMA_KEYWORDS.has(key) && !key.startsWith('x-')) report(`${at}/${escape(key)}`, `"${key}" is not an OpenAPI 3.0 Schema Object keyword`);
  }
  if (schema.type !== undefined && (typeof schema.type !== 'string' || !SCHEMA_TYPES.has(schema.type))) {
    report(`${at}/type`, 'type must be one of array, boolean, integer, number, object, string (use nullable for null)');
  }
  if (isObject(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) checkSchema(v, `${at}/properties/${escape(k)}`, report);
  if (schema.items !== undefined) {
    if (Array.isArray(schema.items)) report(`${at}/items`, 'items must be one schema in OpenAPI 3.0');
    else checkSchema(schema.items, `${at}/items`, report);
  }
  if (isObject(schema.additionalProperties)) checkSchema(schema.additionalProperties, `${at}/additionalProperties`, report);
  if (schema.not !== undefined) checkSchema(schema.not, `${at}/not`, report);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((s, i) => checkSchema(s, `${at}/${key}/${i}`, report));
  }
}

/** Every local `$ref` must point at something in the document. */
function checkRefs(doc: Record<string, unknown>, report: (p: string, m: string) => void): void {
  const stack: [unknown, string][] = [[doc, '']];
  while (stack.length > 0) {
    const [node, at] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        if (!value.startsWith('#/')) report(`${at}/$ref`, `only local references are used here (got "${value}")`);
        else if (resolvePointer(doc, value.slice(1)) === undefined) report(`${at}/$ref`, `"${value}" does not resolve`);
      } else {
        stack.push([value, `${at}/${escape(key)}`]);
      }
    }
  }
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  let node: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

const escape = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
