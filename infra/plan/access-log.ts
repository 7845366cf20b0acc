/**
 * The stage's access log: one JSON object per request, the record of every request API Gateway answers by
 * itself (the function never runs, so there is no audit record) and the join to the audit record of every
 * request it passed on (`integrationRequestId` = the Lambda request id = the audit record's `aws_request_id`).
 * The construct writes this format; the local API Gateway writes records with exactly these fields; the
 * auditors' queries read them (test/infra/audit-queries.test.ts holds them to the synthesized format).
 *
 * What is deliberately not logged: headers (the Basic credential), the body, and
 * `$context.error.validationErrorString` — API Gateway's validator quotes the offending input value in it
 * (e.g. `ECMA 262 regex "^cust_…" does not match input string "<value>"`), and raw input values never go into
 * a log. The record says the body broke the contract (BAD_REQUEST_BODY), not how: the caller holds its input,
 * and `npx data-action validate` on it names the rule. Nor is any caller identity: the methods have no IAM or
 * authorizer (Genesys's Basic credential is checked by the function, whose audit record names the org), so
 * at the edge the caller is its `sourceIp`.
 */

/** Field → `$context` variable. Numbers are unquoted; everything else is a JSON string ("-" when empty). */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  httpMethod: '$context.httpMethod',
  /** The path as called (an unknown route has no `resourcePath`). */
  path: '$context.path',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  /** Empty ("-") when API Gateway rejected the request before invoking the function. */
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  /** The Lambda request id: the audit record's `aws_request_id`. */
  integrationRequestId: '$context.integration.requestId',
  /** Set only when API Gateway answered by itself: the gateway response type (BAD_REQUEST_BODY, THROTTLED…). */
  errorResponseType: '$context.error.responseType',
  errorMessage: '$context.error.message',
} as const;

type AccessLogField = keyof typeof ACCESS_LOG_FIELDS;
const NUMERIC_FIELDS: ReadonlySet<AccessLogField> = new Set(['status']);

/** One access log record as CloudWatch holds it. Absent values are "-", as API Gateway writes them. */
export type AccessLogRecord = { service: string; status: number } & Record<Exclude<AccessLogField, 'status'>, string>;

/** The field names of a record, `service` included: what a query over the access log may read. */
export const ACCESS_LOG_RECORD_FIELDS: readonly string[] = ['service', ...Object.keys(ACCESS_LOG_FIELDS)];

/** The format string of the stage's access log setting; `service` is a constant (the throttle metric's dimension). */
export function accessLogFormat(serviceName: string): string {
  const fields = Object.entries(ACCESS_LOG_FIELDS).map(([name, variable]) =>
    `"${name}":${NUMERIC_FIELDS.has(name as AccessLogField) ? variable : `"${variable}"`}`,
  );
  return `{${[`"service":${JSON.stringify(serviceName)}`, ...fields].join(',')}}`;
}
