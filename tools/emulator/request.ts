/**
 * Step 1: the request side. Velocity over `requestUrlTemplate`, each header value and `requestTemplate`,
 * with `input.*`, `input.rawRequest` (the input as JSON text) and `credentials.*`; then the headers Genesys
 * adds itself (reference §4.1, §4.2).
 */
import { randomUUID } from 'node:crypto';
import { ActionErrorCode, ActionExecutionError, describeError } from './errors.js';
import { basicToken } from './redact.js';
import type { ActionDefinition, ExecutionContext, RenderedRequest, RequestType } from './types.js';
import { renderTemplate, TemplateSyntaxError } from './velocity/engine.js';
import { genesysTools } from './velocity/tools.js';

/** Genesys's UI default when an action has no request template. [?] for the API. */
export const DEFAULT_REQUEST_TEMPLATE = '${input.rawRequest}';

const METHODS_WITH_BODY: ReadonlySet<RequestType> = new Set(['POST', 'PUT', 'PATCH']);
const REQUEST_TYPES: ReadonlySet<string> = new Set(['GET', 'PUT', 'POST', 'PATCH', 'DELETE']);

/** `application/json`, `application/<x>+json`, with parameters; `*` wildcards are not JSON types. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// A header value may hold tab and printable Latin-1, no other control character.
// eslint-disable-next-line no-control-regex
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

export const sendsBody = (method: RequestType): boolean => METHODS_WITH_BODY.has(method);

/** The Velocity context of the request templates. */
export function requestTemplateContext(input: Record<string, unknown>, context: ExecutionContext): Record<string, unknown> {
  return {
    ...genesysTools(),
    input: { ...input, rawRequest: JSON.stringify(input) },
    credentials: { ...(context.credentials?.fields ?? {}) },
  };
}

/** Renders one request template; a syntax or render failure is `ACTION.TEMPLATE` naming the field. */
export function renderRequestTemplate(template: string, velocityContext: Record<string, unknown>, fieldName: string): string {
  try {
    return renderTemplate(template, velocityContext);
  } catch (error) {
    const what = error instanceof TemplateSyntaxError ? 'does not parse' : 'failed to render';
    throw new ActionExecutionError(ActionErrorCode.TEMPLATE, `The ${fieldName} template ${what}: ${describeError(error)}`, {
      fieldName,
      cause: error,
    });
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The request configuration has the shape Genesys requires; returns its method. */
export function checkRequestConfig(definition: ActionDefinition): RequestType {
  const request: unknown = (definition as { config?: { request?: unknown } }).config?.request;
  const refuse = (fieldName: string, message: string): never => {
    throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, message, { fieldName });
  };
  if (!isRecord(request)) return refuse('config.request', 'The action has no config.request');
  if (typeof request['requestUrlTemplate'] !== 'string') return refuse('requestUrlTemplate', 'requestUrlTemplate must be a string');
  const headers = request['headers'];
  if (headers !== undefined && !(isRecord(headers) && Object.values(headers).every((v) => typeof v === 'string'))) {
    return refuse('headers', 'headers must map header names to strings');
  }
  const method = request['requestType'];
  if (typeof method !== 'string' || !REQUEST_TYPES.has(method)) {
    return refuse('requestType', `requestType must be one of GET, PUT, POST, PATCH, DELETE (got ${String(method)})`);
  }
  return method as RequestType;
}

export function resolveUrl(definition: ActionDefinition, velocityContext: Record<string, unknown>): string {
  return renderRequestTemplate(definition.config.request.requestUrlTemplate, velocityContext, 'requestUrlTemplate').trim();
}

/** Rendered configured headers, checked the way Genesys checks them (an `Accept` must be a JSON type). */
export function resolveHeaders(definition: ActionDefinition, velocityContext: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(definition.config.request.headers ?? {})) {
    const fieldName = `headers.${name}`;
    if (!HEADER_NAME.test(name)) {
      throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `"${name}" is not a valid HTTP header name`, { fieldName });
    }
    const value = renderRequestTemplate(String(template), velocityContext, fieldName).trim();
    if (INVALID_HEADER_VALUE.test(value)) {
      throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `The ${name} header holds a line break or a character HTTP does not allow`, {
        fieldName,
      });
    }
    if (name.toLowerCase() === 'accept' && !value.split(',').every((range) => JSON_MEDIA_TYPE.test(range.trim()))) {
      throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `The Accept header must be a JSON media type (got "${value}")`, {
        fieldName,
      });
    }
    headers[name] = value;
  }
  return headers;
}

/** The rendered body, or undefined for methods that send none (GET, DELETE). */
export function resolveBody(definition: ActionDefinition, method: RequestType, velocityContext: Record<string, unknown>): string | undefined {
  if (!sendsBody(method)) return undefined;
  return renderRequestTemplate(definition.config.request.requestTemplate ?? DEFAULT_REQUEST_TEMPLATE, velocityContext, 'requestTemplate');
}

const hasHeader = (headers: Record<string, string>, name: string): boolean =>
  Object.keys(headers).some((h) => h.toLowerCase() === name.toLowerCase());

const withoutHeader = (headers: Record<string, string>, name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([h]) => h.toLowerCase() !== name.toLowerCase()));

/**
 * The headers on the wire: the configured ones, `Content-Type`/`Accept` defaults [?], then what Genesys
 * always adds (ININ-* ids, Basic credentials), which win over configured headers of the same name.
 */
export function wireHeaders(configured: Record<string, string>, hasBody: boolean, context: ExecutionContext, correlationId: string): Record<string, string> {
  let headers = { ...configured };
  const basic = basicToken(context.credentials);
  if (hasBody && !hasHeader(headers, 'Content-Type')) headers['Content-Type'] = 'application/json';
  if (!hasHeader(headers, 'Accept')) headers['Accept'] = 'application/json';
  const genesys: Record<string, string | undefined> = {
    'ININ-Correlation-Id': correlationId,
    'ININ-Organization-Id': context.organizationId,
    'ININ-Home-Organization-Id': context.homeOrganizationId ?? context.organizationId,
    'ININ-User-Id': context.userId,
    Authorization: basic === undefined ? undefined : `Basic ${basic}`,
  };
  for (const [name, value] of Object.entries(genesys)) {
    if (value === undefined) continue;
    headers = withoutHeader(headers, name);
    headers[name] = value;
  }
  return headers;
}

/**
 * Step 1 alone: the request as it would go on the wire (before any `rewriteUrl`). Throws
 * `ActionExecutionError` (`ACTION.TEMPLATE`, `ACTION.CONFIGURATION`).
 */
export function renderRequest(definition: ActionDefinition, input: Record<string, unknown>, context: ExecutionContext): RenderedRequest {
  const method = checkRequestConfig(definition);
  const velocityContext = requestTemplateContext(input, context);
  const url = resolveUrl(definition, velocityContext);
  const configured = resolveHeaders(definition, velocityContext);
  const body = resolveBody(definition, method, velocityContext);
  const headers = wireHeaders(configured, body !== undefined, context, context.correlationId ?? randomUUID());
  return body === undefined ? { url, method, headers } : { url, method, headers, body };
}
