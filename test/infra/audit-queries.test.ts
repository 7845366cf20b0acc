import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import { AUDIT_QUERIES } from '../../infra/constructs/audit-queries.js';
import { ACCESS_LOG_RECORD_FIELDS } from '../../infra/plan/access-log.js';
import { AUDIT_LOG_TYPE } from '../../lambda/runtime/audit.js';
import { AUDIT_RECORD_FIELDS } from './audit-record-fields.js';
import { ORG_ID, removePlaceholderBundles, synthesize } from './fixture.js';

/**
 * The field names a Logs Insights query reads: every identifier that is not a command, keyword, function
 * name, alias (`as x`), string or number. `@`-prefixed names are Logs Insights's own fields.
 */
function fieldsUsed(query: string): { fields: Set<string>; builtins: Set<string> } {
  const withoutStrings = query.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ');
  const commands = new Set(['fields', 'filter', 'stats', 'sort', 'limit', 'display', 'parse', 'dedup', 'unmask']);
  const keywords = new Set(['by', 'as', 'and', 'or', 'not', 'in', 'like', 'asc', 'desc']);
  const aliases = new Set([...withoutStrings.matchAll(/\bas\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
  const fields = new Set<string>();
  const builtins = new Set<string>();
  for (const match of withoutStrings.matchAll(/(@?[A-Za-z_][A-Za-z0-9_.]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (call || name === undefined) continue; // a function: count(, pct(, bin(
    if (name.startsWith('@')) builtins.add(name);
    else if (!commands.has(name) && !keywords.has(name) && !aliases.has(name)) fields.add(name);
  }
  return { fields, builtins };
}

const LOGS_INSIGHTS_BUILTINS = new Set(['@timestamp', '@message', '@logStream', '@log', '@requestId']);
/** Queries that read the API's access log as well as the function's log group. */
const TRAIL_QUERIES = ['every-request', 'one-request-by-any-id'];

/** The field names of the access log format a synthesized stage writes (one JSON object, `$context` values). */
function accessLogFields(t: Template): Set<string> {
  const [stage] = Object.values(t.findResources('AWS::ApiGateway::Stage'));
  const format = stage!.Properties.AccessLogSetting.Format as string;
  return new Set(Object.keys(JSON.parse(format.replace(/\$context\.[A-Za-z.]+/g, '0')) as object));
}

interface SavedQuery {
  query: string;
  logGroups: unknown[];
}
const savedQueries = (t: Template): Map<string, SavedQuery> =>
  new Map(
    Object.values(t.findResources('AWS::Logs::QueryDefinition')).map((r) => [
      (r.Properties.Name as string).replace(/^GenesysDataActions\//, ''),
      { query: r.Properties.QueryString as string, logGroups: r.Properties.LogGroupNames as unknown[] },
    ]),
  );
const logGroupId = (t: Template, prefix: string) => {
  const ids = Object.keys(t.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

let template: Template;
let queries: Map<string, SavedQuery>;
let accessFields: Set<string>;
beforeAll(async () => {
  ({ template } = await synthesize());
  queries = savedQueries(template);
  accessFields = accessLogFields(template);
});
afterAll(removePlaceholderBundles);

describe('Logs Insights queries for auditors', () => {
  it('saves every query under the stack name; the trail queries read the access log too', () => {
    const expected = [
      'every-request',
      'one-request-by-any-id',
      'audit-trail-for-one-correlation-id',
      'failures-by-action-and-error-code',
      'latency-percentiles-per-action',
      'calls-per-genesys-org',
      'authentication-failures',
      'calls-with-one-input-hash',
    ];
    expect([...queries.keys()].sort()).toEqual(expected.sort());
    const functionLogs = { Ref: logGroupId(template, 'DataActionsLogs') };
    const accessLogs = { Ref: logGroupId(template, 'ApiAccessLogs') };
    for (const [name, { logGroups }] of queries) {
      expect({ name, logGroups }).toEqual({ name, logGroups: TRAIL_QUERIES.includes(name) ? [functionLogs, accessLogs] : [functionLogs] });
    }
  });

  it('in lambda mode (no API, every request reaches the function) reads the function log group only', async () => {
    const { template: lambdaMode } = await synthesize({ integrationMode: 'lambda', genesysOrgId: ORG_ID });
    const functionLogs = { Ref: logGroupId(lambdaMode, 'DataActionsLogs') };
    for (const [name, { logGroups }] of savedQueries(lambdaMode)) expect({ name, logGroups }).toEqual({ name, logGroups: [functionLogs] });
  });

  it('reads only fields its log groups really write: the audit record, the access log format the stage defines, Logs Insights built-ins', () => {
    // The plan's access log fields are the stage's: the local API Gateway writes them too.
    expect([...accessFields].sort()).toEqual([...ACCESS_LOG_RECORD_FIELDS].sort());
    for (const [name, { query }] of queries) {
      const { fields, builtins } = fieldsUsed(query);
      expect(fields.size).toBeGreaterThan(0);
      const known = (f: string) => AUDIT_RECORD_FIELDS.has(f) || (TRAIL_QUERIES.includes(name) && accessFields.has(f));
      expect({ name, unknown: [...fields].filter((f) => !known(f)) }).toEqual({ name, unknown: [] });
      expect({ name, builtins: [...builtins].filter((b) => !LOGS_INSIGHTS_BUILTINS.has(b)) }).toEqual({ name, builtins: [] });
    }
  });

  it('selects audit records by the marker the runtime writes', () => {
    for (const { query } of queries.values()) expect(query).toMatch(new RegExp(`filter \\(?log_type = "${AUDIT_LOG_TYPE}"`));
  });

  it('lists every request once: its audit record, or the access log line of an answer API Gateway gave itself', () => {
    const query = queries.get('every-request')!.query;
    expect(query).toContain(`filter log_type = "${AUDIT_LOG_TYPE}" or (ispresent(errorResponseType) and errorResponseType != "-")`);
    const byId = queries.get('one-request-by-any-id')!.query;
    for (const id of ['correlation_id', 'aws_request_id', 'requestId', 'integrationRequestId']) expect(byId).toContain(`${id} = "PUT-ID-HERE"`);
  });

  it('the field check catches a field the records do not write (the check can fail)', () => {
    const { fields } = fieldsUsed('fields @timestamp, customer_email | filter log_type = "AUDIT" | stats count(*) as n by org');
    expect([...fields].filter((f) => !AUDIT_RECORD_FIELDS.has(f)).sort()).toEqual(['customer_email', 'org']);
    expect(fieldsUsed('stats pct(latency_ms, 99) as p99 by action | sort p99 desc').fields).toEqual(new Set(['latency_ms', 'action']));
    const trail = fieldsUsed('fields coalesce(correlation_id, requestId) as id, validationError | filter ispresent(errorResponseType)').fields;
    expect([...trail].filter((f) => !AUDIT_RECORD_FIELDS.has(f) && !accessFields.has(f))).toEqual(['validationError']);
  });

  it('filters authentication failures on the runtime error codes', () => {
    expect(queries.get('authentication-failures')!.query).toContain('error_code in ["UNAUTHORIZED", "FORBIDDEN"]');
    expect(Object.keys(AUDIT_QUERIES)).toHaveLength(queries.size);
  });

  it('computes p50/p95/p99 latency per action', () => {
    const query = queries.get('latency-percentiles-per-action')!.query;
    for (const p of [50, 95, 99]) expect(query).toContain(`pct(latency_ms, ${p})`);
    expect(query).toMatch(/by action\b/);
  });
});
