import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import { AUDIT_QUERIES } from '../../infra/constructs/audit-queries.js';
import { AUDIT_LOG_TYPE } from '../../lambda/runtime/audit.js';
import { AUDIT_RECORD_FIELDS } from './audit-record-fields.js';
import { removePlaceholderBundles, synthesize } from './fixture.js';

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

let template: Template;
let queryStrings: Map<string, string>;
beforeAll(async () => {
  ({ template } = await synthesize());
  queryStrings = new Map(
    Object.values(template.findResources('AWS::Logs::QueryDefinition')).map((r) => [r.Properties.Name as string, r.Properties.QueryString as string]),
  );
});
afterAll(removePlaceholderBundles);

describe('Logs Insights queries for auditors', () => {
  it('saves every query, under the stack name, over the function log group', () => {
    const expected = [
      'audit-trail-for-one-correlation-id',
      'failures-by-action-and-error-code',
      'latency-percentiles-per-action',
      'calls-per-genesys-org',
      'authentication-failures',
      'calls-with-one-input-hash',
    ];
    expect([...queryStrings.keys()].sort()).toEqual(expected.map((n) => `GenesysDataActions/${n}`).sort());
    const logGroupIds = Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('DataActionsLogs'));
    expect(logGroupIds).toHaveLength(1);
    for (const resource of Object.values(template.findResources('AWS::Logs::QueryDefinition'))) {
      expect(resource.Properties.LogGroupNames).toEqual([{ Ref: logGroupIds[0] }]);
    }
  });

  it('reads only fields the runtime audit record writes, or Logs Insights built-ins', () => {
    for (const [name, query] of queryStrings) {
      const { fields, builtins } = fieldsUsed(query);
      expect(fields.size).toBeGreaterThan(0);
      const unknown = [...fields].filter((f) => !AUDIT_RECORD_FIELDS.has(f));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      expect({ name, builtins: [...builtins].filter((b) => !LOGS_INSIGHTS_BUILTINS.has(b)) }).toEqual({ name, builtins: [] });
    }
  });

  it('selects audit records by the marker the runtime writes', () => {
    for (const query of queryStrings.values()) expect(query).toContain(`filter log_type = "${AUDIT_LOG_TYPE}"`);
  });

  it('the field check catches a field the audit record does not write (the check can fail)', () => {
    const { fields } = fieldsUsed('fields @timestamp, customer_email | filter log_type = "AUDIT" | stats count(*) as n by org');
    expect([...fields].filter((f) => !AUDIT_RECORD_FIELDS.has(f)).sort()).toEqual(['customer_email', 'org']);
    expect(fieldsUsed('stats pct(latency_ms, 99) as p99 by action | sort p99 desc').fields).toEqual(new Set(['latency_ms', 'action']));
  });

  it('filters authentication failures on the runtime error codes', () => {
    expect(queryStrings.get('GenesysDataActions/authentication-failures')).toContain('error_code in ["UNAUTHORIZED", "FORBIDDEN"]');
    expect(Object.keys(AUDIT_QUERIES)).toHaveLength(queryStrings.size);
  });

  it('computes p50/p95/p99 latency per action', () => {
    const query = queryStrings.get('GenesysDataActions/latency-percentiles-per-action')!;
    for (const p of [50, 95, 99]) expect(query).toContain(`pct(latency_ms, ${p})`);
    expect(query).toMatch(/by action\b/);
  });
});
