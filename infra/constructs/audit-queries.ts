/**
 * Saved CloudWatch Logs Insights queries for auditors. Most read the function's log group, where the runtime
 * writes one audit record per invocation (`log_type` = "AUDIT"). Two read the API's access log too (when the
 * stack has an API), because a request API Gateway answers by itself — a body that breaks the input contract,
 * an unknown route, throttling, a failed integration — never reaches the function and has no audit record:
 * its record is the access log line (infra/plan/access-log.ts). Together they list every request as one trail.
 * Each query reads only fields those records really write and Logs Insights' own `@` fields;
 * test/infra/audit-queries.test.ts holds them to that.
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AUDIT_LOG_TYPE } from '../../lambda/runtime/audit.js';

export interface AuditQueriesProps {
  /** The function's log group (the audit records). */
  logGroup: logs.ILogGroup;
  /** The API's access log group (api-gateway mode): the record of every request the edge answered itself. */
  accessLogGroup?: logs.ILogGroup | undefined;
  /** Folder the queries appear under in the console. @default 'genesys-data-actions' */
  folder?: string;
}

/** The value auditors replace in the parameterised queries. */
export const CORRELATION_ID_PLACEHOLDER = 'PUT-CORRELATION-ID-HERE';
export const INPUT_HASH_PLACEHOLDER = 'PUT-INPUT-HASH-HERE';
export const ANY_ID_PLACEHOLDER = 'PUT-ID-HERE';

const AUDIT = `log_type = "${AUDIT_LOG_TYPE}"`;
/** An access log line of an answer API Gateway gave itself (the function did not answer; "-" = none). */
const EDGE_ANSWER = 'ispresent(errorResponseType) and errorResponseType != "-"';
/** One row per request, from either record: the audit record's field, else the access log's. */
const ONE_TRAIL_FIELDS = [
  '@timestamp', '@log', 'coalesce(correlation_id, requestId) as trace_id', 'coalesce(action, path) as called',
  'coalesce(http_status, status) as answered', 'outcome', 'coalesce(error_code, errorResponseType) as error', 'errorMessage',
  'genesys_org_id', 'sourceIp', 'aws_request_id', 'integrationRequestId', 'integrationStatus', 'coalesce(latency_ms, responseLatency) as total_ms',
];
const TRAIL_FIELDS = [
  '@timestamp', 'action', 'outcome', 'http_status', 'error_code', 'correlation_id', 'genesys_org_id', 'genesys_user_id',
  'aws_request_id', 'invocation_type', 'latency_ms', 'attempts', 'circuit_state', 'input_hash', 'contract_hash',
];

export interface AuditQuery extends logs.QueryStringProps {
  /** Reads the API's access log as well as the function's log group (when the stack has an API). */
  readsAccessLog?: boolean;
}

/** The queries by name: what each answers. */
export const AUDIT_QUERIES: Readonly<Record<string, AuditQuery>> = {
  // Every request, as one trail: audit records (the function answered) and the access log lines of answers
  // API Gateway gave itself (errorResponseType set; integrationStatus empty when the edge rejected the request).
  'every-request': {
    readsAccessLog: true,
    fields: ONE_TRAIL_FIELDS,
    filterStatements: [`${AUDIT} or (${EDGE_ANSWER})`],
    sort: '@timestamp desc',
  },
  // Whatever id a caller quotes: an error's traceId (the correlation id, or API Gateway's request id when
  // API Gateway answered), the x-amzn-RequestId header, or a Lambda request id.
  'one-request-by-any-id': {
    readsAccessLog: true,
    fields: ONE_TRAIL_FIELDS,
    filterStatements: [
      `(${AUDIT} and (correlation_id = "${ANY_ID_PLACEHOLDER}" or aws_request_id = "${ANY_ID_PLACEHOLDER}")) or ` +
        `requestId = "${ANY_ID_PLACEHOLDER}" or integrationRequestId = "${ANY_ID_PLACEHOLDER}"`,
    ],
    sort: '@timestamp asc',
  },
  'audit-trail-for-one-correlation-id': {
    fields: TRAIL_FIELDS,
    filterStatements: [AUDIT, `correlation_id = "${CORRELATION_ID_PLACEHOLDER}"`],
    sort: '@timestamp asc',
  },
  'failures-by-action-and-error-code': {
    filterStatements: [AUDIT, 'outcome != "success"'],
    statsStatements: ['count(*) as failures by action, outcome, error_code, http_status'],
    sort: 'failures desc',
  },
  'latency-percentiles-per-action': {
    filterStatements: [AUDIT],
    statsStatements: [
      'count(*) as calls, pct(latency_ms, 50) as p50_ms, pct(latency_ms, 95) as p95_ms, pct(latency_ms, 99) as p99_ms, ' +
      'max(latency_ms) as max_ms, pct(downstream_latency_ms, 99) as downstream_p99_ms by action',
    ],
    sort: 'p99_ms desc',
  },
  'calls-per-genesys-org': {
    filterStatements: [AUDIT],
    statsStatements: ['count(*) as calls by genesys_org_id, action, outcome'],
    sort: 'calls desc',
  },
  'authentication-failures': {
    fields: ['@timestamp', 'error_code', 'http_status', 'action', 'genesys_org_id', 'correlation_id', 'aws_request_id', 'invocation_type'],
    filterStatements: [AUDIT, 'error_code in ["UNAUTHORIZED", "FORBIDDEN"]'],
    sort: '@timestamp desc',
  },
  // Who called with this input? The auditor computes HMAC-SHA256(audit key, canonical JSON of the input).
  'calls-with-one-input-hash': {
    fields: TRAIL_FIELDS,
    filterStatements: [AUDIT, `input_hash = "${INPUT_HASH_PLACEHOLDER}"`],
    sort: '@timestamp desc',
  },
};

export class AuditQueries extends Construct {
  readonly queries: Readonly<Record<string, logs.QueryDefinition>>;

  constructor(scope: Construct, id: string, props: AuditQueriesProps) {
    super(scope, id);
    const folder = props.folder ?? 'genesys-data-actions';
    const queries: Record<string, logs.QueryDefinition> = {};
    for (const [name, { readsAccessLog, ...query }] of Object.entries(AUDIT_QUERIES)) {
      queries[name] = new logs.QueryDefinition(this, name, {
        queryDefinitionName: `${folder}/${name}`,
        queryString: new logs.QueryString(query),
        logGroups: readsAccessLog && props.accessLogGroup ? [props.logGroup, props.accessLogGroup] : [props.logGroup],
      });
    }
    this.queries = queries;
  }
}
