/**
 * Gateway responses: what API Gateway answers by itself, without the function (failed validation, unknown
 * route, integration failure or timeout, throttling, oversized request).
 *
 * An error raised by the gateway has a response type, a message and a status. The answer is the API's
 * gateway response for that type if it configures one, else its DEFAULT_4XX / DEFAULT_5XX, else API
 * Gateway's built-in default: the status is the configured one, else the error's; the body is the
 * response's mapping template, by default `{"message":$context.error.messageString}`. This resolution order
 * is LocalStack's (localstack-core/.../next_gen/execute_api/gateway_response.py), the statuses and types
 * AWS's ("Gateway response types for API Gateway").
 *
 * `STACK_GATEWAY_RESPONSES` is what the stack deploys: the deployment plan's (infra/plan/gateway-responses.ts),
 * which infra/constructs/data-action-api.ts configures.
 */
import { GATEWAY_RESPONSES, type GatewayResponseType } from '../../../infra/plan/gateway-responses.js';

export type { GatewayResponseType } from '../../../infra/plan/gateway-responses.js';

/** A configured gateway response (`AWS::ApiGateway::GatewayResponse`): status and `application/json` template. */
export interface GatewayResponseConfig {
  statusCode?: number;
  template?: string;
}

export type GatewayResponses = Readonly<Partial<Record<GatewayResponseType, GatewayResponseConfig>>>;

/** An answer API Gateway gives itself. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly responseType: Exclude<GatewayResponseType, 'DEFAULT_4XX' | 'DEFAULT_5XX'>,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/** The errors this emulation raises, with API Gateway's messages and statuses. */
export const gatewayErrors = {
  /** The body does not validate against the method's model (AWS-recorded message, LocalStack snapshot tests). */
  invalidBody: () => new GatewayError('BAD_REQUEST_BODY', 'Invalid request body', 400),
  /** No such resource or method: REST APIs answer 403 "Missing Authentication Token". */
  noRoute: () => new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token', 403),
  /**
   * The function ran but failed (error, timeout, crash) or answered a malformed proxy response: 502
   * `{"message": "Internal server error"}` (AWS Lambda docs, "Handling Lambda errors with an API Gateway
   * API"); access logs show INTEGRATION_FAILURE for it.
   */
  functionFailed: () => new GatewayError('INTEGRATION_FAILURE', 'Internal server error', 502),
  /** The Lambda API refused the invoke (throttled, payload too large): 500, same body (same AWS page). */
  invokeRejected: () => new GatewayError('INTEGRATION_FAILURE', 'Internal server error', 500),
  /** No answer within the integration timeout (29 s at most). */
  integrationTimeout: () => new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out', 504),
  throttled: () => new GatewayError('THROTTLED', 'Too Many Requests', 429),
  /** Over API Gateway's 10 MB payload quota. */
  requestTooLarge: () => new GatewayError('REQUEST_TOO_LARGE', 'Request Too Long', 413),
} as const;

/** `x-amzn-ErrorType` API Gateway sends with its own default answers (where known). */
const ERROR_TYPE_HEADER: Partial<Record<GatewayResponseType, string>> = {
  BAD_REQUEST_BODY: 'BadRequestException',
  MISSING_AUTHENTICATION_TOKEN: 'MissingAuthenticationTokenException',
  INTEGRATION_FAILURE: 'InternalServerErrorException',
  THROTTLED: 'TooManyRequestsException',
};

const DEFAULT_TEMPLATE = '{"message":$context.error.messageString}';

/** What the stack deploys (the deployment plan's gateway responses). */
export const STACK_GATEWAY_RESPONSES: GatewayResponses = Object.freeze(
  Object.fromEntries(Object.entries(GATEWAY_RESPONSES).map(([type, { statusCode, template }]) => [type, { ...(statusCode !== undefined ? { statusCode } : {}), template }])),
);

export interface RenderedGatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function renderGatewayResponse(error: GatewayError, configured: GatewayResponses, requestId: string): RenderedGatewayResponse {
  const own = configured[error.responseType];
  const fallback = error.statusCode >= 500 ? configured.DEFAULT_5XX : configured.DEFAULT_4XX;
  const response = own ?? fallback;
  const statusCode = response?.statusCode ?? error.statusCode;
  const body = substitute(response?.template ?? DEFAULT_TEMPLATE, {
    requestId,
    error: { responseType: error.responseType, message: error.message, messageString: JSON.stringify(error.message) },
  });
  const errorType = ERROR_TYPE_HEADER[error.responseType];
  return { statusCode, headers: { 'Content-Type': 'application/json', ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) }, body };
}

/**
 * Gateway response templates are not VTL: "a non-VTL mapping template supporting only simple variable
 * substitutions" (AWS, "Gateway responses for REST APIs in API Gateway"). So no template engine here: each
 * `$context.<path>` is replaced by its value; a variable this emulation does not know stays as written.
 */
function substitute(template: string, context: Record<string, unknown>): string {
  return template.replace(/\$context((?:\.[A-Za-z]+)+)/g, (variable, path: string) => {
    const value = path.slice(1).split('.').reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), context);
    return typeof value === 'string' ? value : variable;
  });
}
