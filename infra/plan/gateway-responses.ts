/**
 * The answers API Gateway gives by itself, without the function (a body that breaks the input contract, an
 * unknown route, throttling, an integration failure…): the stack configures them so that they carry the
 * runtime's JSON error envelope (lambda/runtime/errors.ts) instead of API Gateway's `{"message": …}`, and
 * never the rejected value. The construct (infra/constructs/data-action-api.ts) deploys exactly these; the
 * local API Gateway (tools/local-stack/api-gateway) answers with them.
 *
 * `traceId` here is API Gateway's request id (`$context.requestId`, also the `x-amzn-RequestId` header and
 * the access log's `requestId`), while the function's envelope carries the correlation id (ININ-Correlation-Id,
 * else the Lambda request id). A gateway response cannot carry the correlation id with a fallback: its
 * templates are not VTL ("a non-VTL mapping template supporting only simple variable substitutions", AWS,
 * "Gateway responses for REST APIs in API Gateway"), so there is no `#if`, and a request header substituted
 * into the body is not escaped — a caller could break the JSON. Either id finds the request's record (the
 * `one-request-by-any-id` query of infra/constructs/audit-queries.ts).
 */

/** The gateway response types the stack configures or the local API Gateway raises (AWS's names). */
export type GatewayResponseType =
  | 'BAD_REQUEST_BODY'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'THROTTLED'
  | 'REQUEST_TOO_LARGE'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

export interface PlannedGatewayResponse {
  /** The construct id. Kept stable: a new id would replace the resource, and the delete of the old one reset the type to AWS's default. */
  id: string;
  /** Overrides API Gateway's status; absent = the error's own. */
  statusCode?: number;
  /** The `application/json` response template. */
  template: string;
}

/** The runtime's error envelope as a gateway response template; `message` is a JSON value (quoted text or `$context.error.messageString`). */
export const errorEnvelopeTemplate = (code: string, message: string): string =>
  `{"error":{"code":"${code}","message":${message},"traceId":"$context.requestId"}}`;

const quoted = (text: string) => JSON.stringify(text);

/** Each configured response, by type; other types fall back to DEFAULT_4XX / DEFAULT_5XX. */
export const GATEWAY_RESPONSES: Readonly<Partial<Record<GatewayResponseType, PlannedGatewayResponse>>> = Object.freeze({
  BAD_REQUEST_BODY: {
    id: 'BadRequestBody',
    statusCode: 400,
    template: errorEnvelopeTemplate('INPUT_CONTRACT_VIOLATION', quoted("The request body does not match the action's input contract.")),
  },
  // Unknown path or method: 404 like the runtime's unknown action, not API Gateway's misleading 403.
  MISSING_AUTHENTICATION_TOKEN: { id: 'UnknownAction', statusCode: 404, template: errorEnvelopeTemplate('UNKNOWN_ACTION', quoted('No such action.')) },
  THROTTLED: { id: 'Throttled', template: errorEnvelopeTemplate('THROTTLED', quoted('Too many requests.')) },
  DEFAULT_4XX: { id: 'Default4xx', template: errorEnvelopeTemplate('$context.error.responseType', '$context.error.messageString') },
  DEFAULT_5XX: { id: 'Default5xx', template: errorEnvelopeTemplate('$context.error.responseType', '$context.error.messageString') },
});
