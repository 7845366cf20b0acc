/**
 * Lints a whole Genesys action definition — an Admin UI export file (`<Name>.custom.json`) or a create body
 * (`PostActionInput`) — for everything Genesys refuses at create: the contract rules (via `lintSchema`, the contract linter's rules),
 * `timeoutSeconds` outside 1–60, the request type, a non-JSON `Accept` header, name and category length, and
 * Velocity syntax errors in the four templates.
 *
 * Shared by the `data-action validate` CLI and the local Genesys Cloud, so both refuse the same definitions with
 * the same rule names. Pointers address the definition document (`/contract/input/inputSchema/properties/x`,
 * `/config/request/requestTemplate`).
 */
import {
  REQUEST_TYPES,
  childPointer,
  isTimeoutSeconds,
  lintSchema,
  type ContractRule,
  type ContractViolation,
} from './contract-linter.js';
import { findVelocitySyntaxErrors, formatVelocitySyntaxError } from './velocity-syntax.js';

export interface ActionDefinitionLintOptions {
  /**
   * `export` (default): an Admin UI export file, which has no category or integration.
   * `create`: a `POST /api/v2/integrations/actions` body, where `category` and `integrationId` are required.
   */
  form?: 'export' | 'create';
}

export const MAX_NAME_LENGTH = 256;

/** `application/json`, or any `application/<x>+json`, with optional parameters (`; charset=utf-8`). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;.*)?$/i;

type Report = (pointer: string, rule: ContractRule, message: string) => void;

/** Every problem Genesys would refuse `definition` for; empty when it would be accepted. */
export function lintActionDefinition(definition: unknown, source: string, options: ActionDefinitionLintOptions = {}): ContractViolation[] {
  const out: ContractViolation[] = [];
  const action = isObject(definition) && typeof definition.name === 'string' ? definition.name : '(unnamed)';
  const report: Report = (pointer, rule, message) => out.push({ source, action, pointer, rule, message });
  if (!isObject(definition)) {
    report('', 'required-field', 'an action definition must be a JSON object');
    return out;
  }
  lintLabel(definition, 'name', 'name-length', true, report);
  lintLabel(definition, 'category', 'category-length', options.form === 'create', report);
  if (options.form === 'create' && (typeof definition.integrationId !== 'string' || definition.integrationId === '')) {
    report('/integrationId', 'required-field', '"integrationId" is required to create an action');
  }
  if (definition.secure !== undefined && typeof definition.secure !== 'boolean') {
    report('/secure', 'required-field', '"secure" must be true or false');
  }
  lintConfig(definition.config, report);
  lintContractSection(definition.contract, source, action, out, report);
  return out;
}

/** Velocity problems of one template, reported at `pointer`. */
export function lintVelocityTemplate(template: string, pointer: string, report: Report): void {
  for (const error of findVelocitySyntaxErrors(template)) report(pointer, 'velocity-syntax', formatVelocitySyntaxError(error));
}

/** True when an `Accept` header value names only JSON media types. */
export function isJsonAcceptHeader(value: string): boolean {
  const ranges = value.split(',').map((r) => r.trim());
  return ranges.length > 0 && ranges.every((r) => JSON_MEDIA_TYPE.test(r));
}

function lintLabel(definition: Record<string, unknown>, field: 'name' | 'category', rule: ContractRule, required: boolean, report: Report): void {
  const value = definition[field];
  if (value === undefined) {
    if (required) report(`/${field}`, 'required-field', `"${field}" is required`);
    return;
  }
  if (typeof value !== 'string') {
    report(`/${field}`, 'required-field', `"${field}" must be a string`);
  } else if (value.length < 1 || value.length > MAX_NAME_LENGTH) {
    report(`/${field}`, rule, `the ${field} must be 1–${MAX_NAME_LENGTH} characters (it has ${value.length})`);
  }
}

function lintConfig(config: unknown, report: Report): void {
  if (!isObject(config)) {
    report('/config', 'required-field', '"config" with "request" and "response" is required');
    return;
  }
  if (config.timeoutSeconds !== undefined && !isTimeoutSeconds(config.timeoutSeconds)) {
    report('/config/timeoutSeconds', 'timeout-range', `timeoutSeconds must be an integer from 1 to 60 (got ${JSON.stringify(config.timeoutSeconds)})`);
  }
  lintRequest(config.request, report);
  lintResponse(config.response, report);
}

function lintRequest(request: unknown, report: Report): void {
  if (!isObject(request)) {
    report('/config/request', 'required-field', '"config.request" is required');
    return;
  }
  const at = '/config/request';
  if (typeof request.requestUrlTemplate !== 'string' || request.requestUrlTemplate.trim() === '') {
    report(`${at}/requestUrlTemplate`, 'required-field', '"requestUrlTemplate" must be a non-empty string');
  } else {
    lintVelocityTemplate(request.requestUrlTemplate, `${at}/requestUrlTemplate`, report);
  }
  if (request.requestType === undefined) {
    report(`${at}/requestType`, 'required-field', `"requestType" is required (${[...REQUEST_TYPES].join(', ')})`);
  } else if (typeof request.requestType !== 'string' || !REQUEST_TYPES.has(request.requestType)) {
    report(`${at}/requestType`, 'request-type', `requestType must be one of ${[...REQUEST_TYPES].join(', ')} (got ${JSON.stringify(request.requestType)})`);
  }
  if (request.headers !== undefined) {
    if (!isObject(request.headers)) {
      report(`${at}/headers`, 'required-field', '"headers" must be an object of header name to value template');
    } else {
      for (const [name, value] of Object.entries(request.headers)) {
        const headerAt = childPointer(`${at}/headers`, name);
        if (typeof value !== 'string') {
          report(headerAt, 'required-field', `header "${name}" must be a string`);
          continue;
        }
        if (name.toLowerCase() === 'accept' && !isJsonAcceptHeader(value)) {
          report(headerAt, 'accept-header', `the Accept header must be a JSON media type such as application/json (got "${value}")`);
        }
        lintVelocityTemplate(value, headerAt, report);
      }
    }
  }
  if (request.requestTemplate !== undefined) {
    if (typeof request.requestTemplate !== 'string') report(`${at}/requestTemplate`, 'required-field', '"requestTemplate" must be a string');
    else lintVelocityTemplate(request.requestTemplate, `${at}/requestTemplate`, report);
  }
}

function lintResponse(response: unknown, report: Report): void {
  if (response === undefined) return;
  const at = '/config/response';
  if (!isObject(response)) {
    report(at, 'required-field', '"config.response" must be an object');
    return;
  }
  for (const map of ['translationMap', 'translationMapDefaults'] as const) {
    const value = response[map];
    if (value === undefined) continue;
    if (!isObject(value)) {
      report(`${at}/${map}`, 'required-field', `"${map}" must be an object of name to string`);
      continue;
    }
    for (const [name, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') report(childPointer(`${at}/${map}`, name), 'required-field', `"${map}.${name}" must be a string`);
    }
  }
  if (response.successTemplate !== undefined) {
    if (typeof response.successTemplate !== 'string') report(`${at}/successTemplate`, 'required-field', '"successTemplate" must be a string');
    else lintVelocityTemplate(response.successTemplate, `${at}/successTemplate`, report);
  }
}

function lintContractSection(contract: unknown, source: string, action: string, out: ContractViolation[], report: Report): void {
  if (!isObject(contract)) {
    report('/contract', 'required-field', '"contract" with "input.inputSchema" and "output.successSchema" is required');
    return;
  }
  const input = isObject(contract.input) ? contract.input.inputSchema : undefined;
  const output = isObject(contract.output) ? contract.output.successSchema : undefined;
  if (input === undefined) report('/contract/input/inputSchema', 'required-field', '"contract.input.inputSchema" is required');
  if (output === undefined) report('/contract/output/successSchema', 'required-field', '"contract.output.successSchema" is required');
  const at = { source, action };
  if (input !== undefined) out.push(...lintSchema('input', input, { ...at, pointer: '/contract/input/inputSchema' }));
  if (output !== undefined) out.push(...lintSchema('output', output, { ...at, pointer: '/contract/output/successSchema' }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
