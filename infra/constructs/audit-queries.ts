/**
 * Saved CloudWatch Logs Insights queries for auditors, over the function's log group. Each reads only the
 * fields the runtime's audit record writes (one JSON line per invocation, `log_type` = "AUDIT") and Logs
 * Insights' own `@` fields; test/infra/audit-queries.test.ts holds them to that.
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AUDIT_LOG_TYPE } from '../../lambda/runtime/audit.js';

export interface AuditQueriesProps {
  logGroup: logs.ILogGroup;
  /** Folder the queries appear under in the console. @default 'genesys-data-actions' */
  folder?: string;
}

/** The value auditors replace in the parameterised queries. */
export const CORRELATION_ID_PLACEHOLDER = 'PUT-CORRELATION-ID-HERE';
export const INPUT_HASH_PLACEHOLDER = 'PUT-INPUT-HASH-HERE';

const AUDIT = `log_type = "${AUDIT_LOG_TYPE}"`;
const TRAIL_FIELDS = [
  '@timestamp', 'action', 'outcome', 'http_status', 'error_code', 'correlation_id', 'genesys_org_id', 'genesys_user_id',
  'aws_request_id', 'invocation_type', 'latency_ms', 'attempts', 'circuit_state', 'input_hash', 'contract_hash',
];

/** The queries by name: what each answers. */
export const AUDIT_QUERIES: Readonly<Record<string, logs.QueryStringProps>> = {
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
    for (const [name, query] of Object.entries(AUDIT_QUERIES)) {
      queries[name] = new logs.QueryDefinition(this, name, {
        queryDefinitionName: `${folder}/${name}`,
        queryString: new logs.QueryString(query),
        logGroups: [props.logGroup],
      });
    }
    this.queries = queries;
  }
}
