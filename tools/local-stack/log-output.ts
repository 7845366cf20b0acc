/**
 * How the local stack prints what the functions and the API write — the lines CloudWatch Logs would hold.
 *
 * - `json` (default when stdout is not a terminal): every function line exactly as written (Powertools JSON,
 *   audit records, EMF metrics), and the API's access log records as JSON in the stack's format: what a log
 *   pipeline or a test parses.
 * - `pretty` (default on a terminal; POWERTOOLS_DEV-style): one readable line per record — audit records,
 *   metrics, access log, other log lines — for a person watching the terminal.
 *
 * Only fields the records already hold are printed: the runtime never logs a secret or a raw input, so
 * neither does this.
 */
import { styleText } from 'node:util';
import type { AccessLogRecord } from './api-gateway/access-log.js';
import type { LogFormat } from './config.js';

export type LocalLogEntry =
  | { source: 'function'; functionName: string; stream: 'stdout' | 'stderr'; text: string }
  | { source: 'api-gateway'; record: AccessLogRecord }
  | { source: 'local-stack'; text: string };

export type LogSink = (entry: LocalLogEntry) => void;

type Json = Record<string, unknown>;

function parseJson(text: string): Json | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

export function createLogSink(format: LogFormat, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): LogSink {
  if (format === 'json') {
    return (entry) => write(entry.source === 'api-gateway' ? JSON.stringify(entry.record) : entry.text);
  }
  return (entry) => write(prettyLine(entry));
}

const color = (format: Parameters<typeof styleText>[0], text: string) => styleText(format, text, { stream: process.stdout });

function clock(timestamp: unknown): string {
  const date = typeof timestamp === 'string' || typeof timestamp === 'number' ? new Date(timestamp) : new Date();
  return color('dim', (Number.isNaN(date.getTime()) ? new Date() : date).toISOString().slice(11, 23));
}

const short = (id: unknown) => (typeof id === 'string' ? id.slice(0, 8) : '-');
const ms = (value: unknown) => (typeof value === 'number' ? `${Math.round(value * 10) / 10} ms` : '-');

export function prettyLine(entry: LocalLogEntry): string {
  if (entry.source === 'local-stack') return `${clock(undefined)} ${entry.text}`;
  if (entry.source === 'api-gateway') return prettyAccess(entry.record);
  const json = parseJson(entry.text);
  const tag = color('cyan', `[${entry.functionName}]`);
  if (!json) return `${clock(undefined)} ${tag} ${entry.stream === 'stderr' ? color('yellow', entry.text) : entry.text}`;
  if (json.log_type === 'AUDIT') return prettyAudit(json);
  if (json._aws !== undefined) return prettyMetrics(json);
  const level = String(json.level ?? 'INFO');
  // Powertools' standard keys, and the registration's per-event bookkeeping: noise for a person watching.
  const known = new Set([
    'level', 'message', 'timestamp', 'service', 'cold_start', 'function_arn', 'function_memory_size', 'function_name',
    'function_request_id', 'sampling_rate', 'xray_trace_id', 'requestType', 'cloudFormationRequestId', 'data', 'durationMs',
  ]);
  const extra = Object.entries(json)
    .filter(([key]) => !known.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const styled = level === 'ERROR' || level === 'CRITICAL' ? color('red', level) : level === 'WARN' ? color('yellow', level) : level;
  return `${clock(json.timestamp)} ${tag} ${styled} ${String(json.message ?? '')}${extra ? `  ${color('dim', extra)}` : ''}`;
}

function prettyAudit(a: Json): string {
  const outcome = String(a.outcome);
  const styled = outcome === 'success' ? color('green', outcome) : outcome === 'client_error' ? color('yellow', outcome) : color('red', outcome);
  const downstream = typeof a.attempts === 'number' && a.attempts > 0 ? ` downstream ${ms(a.downstream_latency_ms)} ×${a.attempts}` : '';
  const error = a.error_code ? ` ${String(a.error_code)}` : '';
  return (
    `${clock(a.timestamp)} ${color('bold', 'AUDIT')}  ${String(a.action ?? '(no action)')} ${styled} ${String(a.http_status)}${error} ${ms(a.latency_ms)}${downstream}` +
    `${a.circuit_state ? ` circuit ${String(a.circuit_state)}` : ''}${a.cold_start ? ' cold' : ''}` +
    color('dim', `  correlation ${short(a.correlation_id)} request ${short(a.aws_request_id)}${a.input_hash ? ` input ${short(a.input_hash)}` : ''}`)
  );
}

function prettyMetrics(m: Json): string {
  const aws = m._aws as { CloudWatchMetrics?: { Metrics?: { Name?: string; Unit?: string }[] }[] } | undefined;
  const metrics = (aws?.CloudWatchMetrics ?? []).flatMap((d) => d.Metrics ?? []);
  const value = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 10) / 10) : JSON.stringify(v));
  const values = metrics.map(({ Name = '?', Unit }) => `${Name}=${value(m[Name])}${Unit === 'Milliseconds' ? 'ms' : ''}`).join(' ');
  const subject = String(m.action ?? m.function_name ?? m.service ?? '');
  return `${clock((aws as { Timestamp?: number } | undefined)?.Timestamp)} ${color('bold', 'METRIC')} ${subject} ${color('dim', values)}`;
}

function prettyAccess(r: AccessLogRecord): string {
  const status = r.status < 400 ? color('green', String(r.status)) : r.status < 500 ? color('yellow', String(r.status)) : color('red', String(r.status));
  const error = r.errorResponseType !== '-' ? ` ${r.errorResponseType} (${r.errorMessage})` : '';
  const integration = r.integrationLatency !== '-' ? `, function ${r.integrationLatency} ms` : '';
  return `${clock(undefined)} ${color('bold', 'API')}    ${r.httpMethod} ${r.resourcePath !== '-' ? r.resourcePath : `${r.path} (no route)`} → ${status}${error} in ${r.responseLatency} ms${integration}`;
}
