/**
 * Reading a `PostActionInput` / `UpdateDraftInput` body into a stored definition with Genesys's
 * defaults (request template `${input.rawRequest}`, success template `${rawResult}`, empty maps), and
 * the problems that would stop Genesys publishing it: each problem names a field and a rule.
 */
import type { JsonSchema } from '../../../lambda/contracts/action-contract.js';
import { REQUEST_TYPES, isTimeoutSeconds, lintSchemas } from '../../../lambda/contracts/contract-linter.js';
import type { ActionDefinitionBody } from '../store/state.js';

export const DEFAULT_REQUEST_TEMPLATE = '${input.rawRequest}';
export const DEFAULT_SUCCESS_TEMPLATE = '${rawResult}';

/** One reason a definition cannot be published: the rule, the body field (dotted), a message. */
export interface DefinitionProblem {
  rule: string;
  fieldName: string;
  message: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A definition under construction, with the type problems met while reading it. */
export interface ReadDefinition {
  definition: ActionDefinitionBody;
  problems: DefinitionProblem[];
}

type Report = (rule: string, fieldName: string, message: string) => void;

/**
 * Reads an action body. With a `base` (PATCH of an action or a draft), the top-level fields the body
 * leaves out keep the base's values; `config` and `contract`, when given, are taken whole. A template
 * left out keeps the base's text, or Genesys's default on create: a client that read the action back
 * got `requestTemplateUri` instead of the text, and Genesys then silently keeps/defaults the template.
 */
export function readDefinition(body: unknown, base?: ActionDefinitionBody): ReadDefinition {
  const problems: DefinitionProblem[] = [];
  const report: Report = (rule, fieldName, message) => problems.push({ rule, fieldName, message });
  const src: Json = isObject(body) ? body : {};
  if (!isObject(body)) report('invalid-type', '', 'the request body must be a JSON object');

  const name = readString(src.name, 'name', base?.name, report);
  const category = readString(src.category, 'category', base?.category, report);
  const integrationId = readString(src.integrationId, 'integrationId', base?.integrationId, report);
  let secure = base?.secure ?? false;
  if (src.secure !== undefined) {
    if (typeof src.secure === 'boolean') secure = src.secure;
    else report('invalid-type', 'secure', 'secure must be a boolean');
  }
  const config = src.config === undefined && base ? structuredClone(base.config) : readConfig(src.config, base?.config, report);
  const contract = src.contract === undefined && base ? structuredClone(base.contract) : readContract(src.contract, report);
  return { definition: { name, category, integrationId, secure, config, contract }, problems };
}

function readString(value: unknown, field: string, fallback: string | undefined, report: Report): string {
  if (value === undefined || value === null) {
    if (fallback === undefined) report('required-field', field, `${field} is required`);
    return fallback ?? '';
  }
  if (typeof value !== 'string') {
    report('invalid-type', field, `${field} must be a string`);
    return fallback ?? '';
  }
  return value;
}

function readStringMap(value: unknown, field: string, report: Report): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    report('invalid-type', field, `${field} must be an object of string values`);
    return {};
  }
  return { ...(value as Record<string, string>) };
}

function readObject(value: unknown, field: string, report: Report): Json {
  if (value === undefined || value === null) {
    report('required-field', field, `${field} is required`);
    return {};
  }
  if (!isObject(value)) {
    report('invalid-type', field, `${field} must be an object`);
    return {};
  }
  return value;
}

function readConfig(value: unknown, base: ActionDefinitionBody['config'] | undefined, report: Report): ActionDefinitionBody['config'] {
  // A missing parent is reported once, not once per missing child.
  const quiet: Report = () => undefined;
  const config = readObject(value, 'config', report);
  const request = readObject(config.request, 'config.request', isObject(value) ? report : quiet);
  const inner = isObject(config.request) ? report : quiet;
  const response: Json = isObject(config.response) ? config.response : {};
  if (config.response !== undefined && config.response !== null && !isObject(config.response)) {
    report('invalid-type', 'config.response', 'config.response must be an object');
  }
  const out: ActionDefinitionBody['config'] = {
    request: {
      requestUrlTemplate: readString(request.requestUrlTemplate, 'config.request.requestUrlTemplate', undefined, inner),
      requestType: readString(request.requestType, 'config.request.requestType', undefined, inner),
      headers: readStringMap(request.headers, 'config.request.headers', report),
      requestTemplate: readString(request.requestTemplate, 'config.request.requestTemplate', base?.request.requestTemplate ?? DEFAULT_REQUEST_TEMPLATE, report),
    },
    response: {
      translationMap: readStringMap(response.translationMap, 'config.response.translationMap', report),
      translationMapDefaults: readStringMap(response.translationMapDefaults, 'config.response.translationMapDefaults', report),
      successTemplate: readString(response.successTemplate, 'config.response.successTemplate', base?.response.successTemplate ?? DEFAULT_SUCCESS_TEMPLATE, report),
    },
  };
  if (config.timeoutSeconds !== undefined && config.timeoutSeconds !== null) {
    if (typeof config.timeoutSeconds === 'number') out.timeoutSeconds = config.timeoutSeconds;
    else report('timeout-range', 'config.timeoutSeconds', 'config.timeoutSeconds must be an integer from 1 to 60');
  }
  return out;
}

function readContract(value: unknown, report: Report): ActionDefinitionBody['contract'] {
  const quiet: Report = () => undefined;
  const contract = readObject(value, 'contract', report);
  const below = isObject(value) ? report : quiet;
  const input = readObject(contract.input, 'contract.input', below);
  const output = readObject(contract.output, 'contract.output', below);
  return {
    input: { inputSchema: readObject(input.inputSchema, 'contract.input.inputSchema', isObject(contract.input) ? report : quiet) as JsonSchema },
    output: { successSchema: readObject(output.successSchema, 'contract.output.successSchema', isObject(contract.output) ? report : quiet) as JsonSchema },
  };
}

const pointerToField = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

/** Everything Genesys checks before an action can be published (create, publish, draft validation). */
export function publishProblems(def: ActionDefinitionBody): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const problem = (rule: string, fieldName: string, message: string) => problems.push({ rule, fieldName, message });
  for (const field of ['name', 'category'] as const) {
    const length = [...def[field]].length;
    if (length < 1 || length > 256) problem('name-length', field, `${field} must be 1 to 256 characters long`);
  }
  if (def.integrationId === '') problem('required-field', 'integrationId', 'integrationId is required');
  const request = def.config.request;
  if (request.requestUrlTemplate.trim() === '') {
    problem('required-field', 'config.request.requestUrlTemplate', 'config.request.requestUrlTemplate is required');
  }
  if (!REQUEST_TYPES.has(request.requestType)) {
    problem('request-type', 'config.request.requestType', `config.request.requestType must be one of ${[...REQUEST_TYPES].join(', ')}`);
  }
  if (def.config.timeoutSeconds !== undefined && !isTimeoutSeconds(def.config.timeoutSeconds)) {
    problem('timeout-range', 'config.timeoutSeconds', 'config.timeoutSeconds must be an integer from 1 to 60');
  }
  for (const [header, value] of Object.entries(request.headers)) {
    if (header.toLowerCase() === 'accept' && !isJsonMediaRange(value)) {
      problem('accept-header', `config.request.headers.${header}`, 'an Accept header must name a JSON media type (application/json)');
    }
  }
  for (const v of lintSchemas({
    source: 'request body',
    action: def.name,
    input: def.contract.input.inputSchema,
    output: def.contract.output.successSchema,
    inputPointer: '/contract/input/inputSchema',
    outputPointer: '/contract/output/successSchema',
  })) {
    problem(v.rule, pointerToField(v.pointer), v.message);
  }
  return problems;
}

function isJsonMediaRange(value: string): boolean {
  return value
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase())
    .every((type) => type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type));
}
