/**
 * One OpenAPI 3.0 document of the data-action endpoint, for a developer portal: `POST /actions/<name>` per
 * action with its contract as request and 200 bodies, the error envelope for every status the runtime answers,
 * and the inbound credential (Basic auth, or a user-defined header).
 *
 * OpenAPI 3.0's Schema Object is a dialect of draft-04, not draft-04 itself; `toOpenApiSchema` does the small
 * conversions (see there).
 */
import type { ActionContract, JsonSchema } from '../../lambda/contracts/action-contract.js';

export interface OpenApiOptions {
  /** The endpoint's base URL (the API Gateway stage URL). */
  baseUrl: string;
  /** Document version (the package version). */
  version: string;
  /** When the endpoint authenticates with a header (Genesys user-defined credential) rather than Basic auth. */
  authHeader?: string;
}

export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, unknown> };

/** Every status the runtime answers with the error envelope, with its codes (lambda/runtime/errors.ts). */
export const ERROR_RESPONSES: Readonly<Record<string, string>> = {
  '400': '`INVALID_JSON`: the body is not JSON; `INPUT_CONTRACT_VIOLATION`: the input breaks the contract (one `details` entry per failed rule).',
  '401': '`UNAUTHORIZED`: the credential is missing or wrong.',
  '403': '`FORBIDDEN`: the calling Genesys organization (`ININ-Organization-Id`) is not allowed.',
  '404': '`UNKNOWN_ACTION`: no such action; `NOT_FOUND`: the business system has no such record.',
  '413': '`PAYLOAD_TOO_LARGE`: the body is larger than the endpoint accepts.',
  '415': '`UNSUPPORTED_MEDIA_TYPE`: the content type is not `application/json`.',
  '422': '`DOWNSTREAM_REJECTED`: the business system rejected the request.',
  '500': "`OUTPUT_CONTRACT_VIOLATION`: the endpoint's own answer broke the output contract (details are in its log); `INTERNAL_ERROR`.",
  '502':
    '`DOWNSTREAM_AUTH_FAILED`, `DOWNSTREAM_ERROR` (5xx or network failure after retries), `DOWNSTREAM_BAD_REPLY` (not JSON, or oversized).',
  '503': '`CIRCUIT_OPEN` or `DOWNSTREAM_THROTTLED` (429 after retries): the business system is unavailable; see `Retry-After`.',
  '504': "`DEADLINE_EXCEEDED`: the action's time budget ran out before the business system answered.",
};

/** The keywords of an OpenAPI 3.0 Schema Object (besides `x-` extensions). */
export const OPENAPI_SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'title', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'required', 'enum', 'type', 'allOf', 'oneOf',
  'anyOf', 'not', 'items', 'properties', 'additionalProperties', 'description', 'format', 'default', 'nullable',
  'discriminator', 'readOnly', 'writeOnly', 'xml', 'externalDocs', 'example', 'deprecated',
]);

export function buildOpenApiDocument(contracts: ActionContract[], options: OpenApiOptions): OpenApiDocument {
  const schemas: Record<string, unknown> = { ErrorResponse: errorResponseSchema() };
  const paths: Record<string, unknown> = {};
  for (const contract of contracts) {
    const base = pascalCase(contract.name);
    schemas[`${base}Input`] = toOpenApiSchema(contract.input);
    schemas[`${base}Output`] = toOpenApiSchema(contract.output);
    paths[`/actions/${contract.name}`] = { post: operation(contract, base) };
  }
  const securitySchemes =
    options.authHeader === undefined
      ? { basicAuth: { type: 'http', scheme: 'basic', description: "The Genesys integration's Basic Auth credential." } }
      : {
          apiKeyHeader: {
            type: 'apiKey',
            in: 'header',
            name: options.authHeader,
            description: "The Genesys integration's User Defined credential, sent as this header.",
          },
        };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Genesys Cloud data actions',
      version: options.version,
      description:
        'The HTTPS endpoint Genesys Cloud calls through Web Services Data Actions. Each action takes one flat JSON object ' +
        'and answers with its output contract; errors share one envelope.',
    },
    servers: [{ url: options.baseUrl.replace(/\/+$/, '') }],
    security: [{ [Object.keys(securitySchemes)[0] as string]: [] }],
    tags: [{ name: 'data-actions', description: 'One operation per Genesys data action.' }],
    paths,
    components: {
      schemas,
      securitySchemes,
      parameters: {
        CorrelationId: header('ININ-Correlation-Id', 'Genesys correlation id; echoed as `trace_id`/`traceId` and in the audit log.'),
        OrganizationId: header('ININ-Organization-Id', 'The calling Genesys organization; checked against the allowlist when one is set.'),
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, description]) => [
          `Error${status}`,
          {
            description,
            ...(status === '503' ? { headers: { 'Retry-After': { description: 'Seconds to wait, when known.', schema: { type: 'integer' } } } } : {}),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
          },
        ]),
      ),
    },
  };
}

function operation(contract: ActionContract, base: string): Record<string, unknown> {
  return {
    operationId: base.charAt(0).toLowerCase() + base.slice(1),
    summary: contract.description,
    tags: ['data-actions'],
    description: `Genesys action \`${contract.name}\`; Genesys times out after ${contract.timeoutSeconds} s. ${
      contract.idempotent ? 'Idempotent: safe to retry.' : 'Not idempotent: do not retry blindly.'
    }`,
    parameters: [{ $ref: '#/components/parameters/CorrelationId' }, { $ref: '#/components/parameters/OrganizationId' }],
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${base}Input` } } } },
    responses: {
      '200': { description: 'The action result.', content: { 'application/json': { schema: { $ref: `#/components/schemas/${base}Output` } } } },
      ...Object.fromEntries(Object.keys(ERROR_RESPONSES).map((status) => [status, { $ref: `#/components/responses/Error${status}` }])),
    },
  };
}

/**
 * A draft-04 schema as an OpenAPI 3.0 Schema Object:
 * - `$schema` and `id` removed (not Schema Object keywords);
 * - `type` arrays become one `type` plus `nullable`, or an `anyOf` when several non-null types remain;
 * - a tuple `items` array becomes `items: {anyOf: [...]}` (3.0 allows one schema only);
 * - an empty `required` is dropped (3.0 needs at least one entry);
 * - other keywords 3.0 does not know (`patternProperties`, `displayName`...) are kept as `x-<keyword>` extensions.
 */
export function toOpenApiSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === 'id') continue;
    if (key === 'type' && Array.isArray(value)) Object.assign(out, convertTypeArray(value as unknown[]));
    else if (key === 'properties' && isObject(value)) out.properties = mapValues(value, convertSubschema);
    else if (key === 'items') out.items = Array.isArray(value) ? { anyOf: value.map(convertSubschema) } : convertSubschema(value);
    else if (key === 'additionalProperties') out.additionalProperties = isObject(value) ? toOpenApiSchema(value) : value;
    else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) out[key] = value.map(convertSubschema);
    else if (key === 'not') out.not = convertSubschema(value);
    else if (key === 'required' && Array.isArray(value) && value.length === 0) continue;
    else if (OPENAPI_SCHEMA_KEYWORDS.has(key) || key.startsWith('x-')) out[key] = value;
    else out[`x-${key}`] = value;
  }
  return out;
}

function convertTypeArray(types: unknown[]): JsonSchema {
  const nullable = types.includes('null');
  const others = types.filter((t) => t !== 'null');
  if (others.length === 0) return { nullable: true, enum: [null] };
  if (others.length === 1) return nullable ? { type: others[0], nullable: true } : { type: others[0] };
  return { anyOf: others.map((t) => ({ type: t })), ...(nullable ? { nullable: true } : {}) };
}

function convertSubschema(value: unknown): unknown {
  return isObject(value) ? toOpenApiSchema(value) : value;
}

function errorResponseSchema(): JsonSchema {
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'traceId'],
        properties: {
          code: { type: 'string', description: 'Stable machine-readable code, e.g. `DEADLINE_EXCEEDED`.' },
          message: { type: 'string', description: 'What went wrong, for people; never internals.' },
          details: {
            type: 'array',
            description: 'For contract violations: one entry per failed rule (never the rejected value).',
            items: {
              type: 'object',
              required: ['path', 'rule', 'message'],
              properties: {
                path: { type: 'string', description: "JSON pointer into the input (`/customer_id`), or '' for the whole document." },
                rule: { type: 'string', description: 'The rule that failed (`required`, `pattern`, `type`, ...).' },
                message: { type: 'string' },
              },
              additionalProperties: false,
            },
          },
          traceId: {
            type: 'string',
            description:
              'The id to quote in support requests: the correlation id of the call (ININ-Correlation-Id, else the Lambda request id) when the function answered; ' +
              "API Gateway's request id (also the x-amzn-RequestId header) when API Gateway answered by itself (edge validation, unknown route, throttling).",
          },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}

function header(name: string, description: string): Record<string, unknown> {
  return { name, in: 'header', required: false, description, schema: { type: 'string' } };
}

function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function mapValues(record: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
