/**
 * The stage's access log record, with the fields the stack's access log format writes
 * (infra/constructs/data-action-api.ts `accessLogFormat`): no header, body or validation message, and
 * `integrationRequestId` = the Lambda request id, i.e. the audit record's `aws_request_id`. Absent values
 * are "-", as API Gateway writes them; `status` is a number.
 */
export interface AccessLogRecord {
  service: string;
  requestId: string;
  extendedRequestId: string;
  requestTime: string;
  sourceIp: string;
  httpMethod: string;
  resourcePath: string;
  status: number;
  responseLength: string;
  responseLatency: string;
  integrationLatency: string;
  integrationStatus: string;
  integrationRequestId: string;
  errorResponseType: string;
  errorMessage: string;
}
