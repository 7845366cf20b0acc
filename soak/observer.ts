/**
 * Watches every line written during a soak — the functions' stdout and stderr, the API's access log, the
 * local stack's own messages, and this process's stdout and stderr — as it is written:
 * - scans each one for every canary (secrets and the run's personal-data marker);
 * - keeps a compact record of each audit record and access log record (not the line: memory stays flat
 *   over long runs);
 * - collects the lines that show a failure nobody handled: the Lambda runtime's `Invoke Error` and
 *   `Init Error`, `Task timed out`, an uncaught exception or unhandled rejection, the local API Gateway's
 *   "unexpected error".
 */
import type { LocalLogEntry } from '../tools/local-stack/log-output.js';
import type { CanaryNeedle } from '../test/support/canaries.js';

export interface AuditSummary {
  awsRequestId: string;
  action: string | null;
  httpStatus: number;
  errorCode: string | null;
  outcome: string;
  latencyMs: number;
  coldStart: boolean;
  attempts: number;
  retries: number;
  /** Answered from the exactly-once store (`idempotent_replay`). */
  replayed: boolean;
}

export interface AccessSummary {
  requestId: string;
  /** The Lambda request id ('-' when the function was never invoked). */
  integrationRequestId: string;
  status: number;
  errorResponseType: string;
}

export interface ObservedLeak {
  canary: string;
  source: string;
}

/** Lines that only a failure nobody handled writes. */
const UNHANDLED_FAILURE = [
  { kind: 'Lambda Invoke Error', pattern: /\tERROR\tInvoke Error / },
  { kind: 'Lambda Init Error', pattern: /\tERROR\tInit Error / },
  { kind: 'Lambda task timed out', pattern: /Task timed out after/ },
  { kind: 'uncaught exception', pattern: /Runtime\.UncaughtException|uncaughtException/ },
  { kind: 'unhandled rejection', pattern: /Runtime\.UnhandledPromiseRejection|unhandledRejection|UnhandledPromiseRejection/ },
  { kind: 'API Gateway unexpected error', pattern: /^local API Gateway: unexpected error/ },
] as const;

export class RunObserver {
  readonly audits: AuditSummary[] = [];
  readonly access: AccessSummary[] = [];
  readonly leaks: ObservedLeak[] = [];
  readonly unhandled: { kind: string; source: string; excerpt: string }[] = [];
  /** Function log lines at level ERROR or CRITICAL (a 500's log line, a failed input hash...). */
  errorLogLines = 0;
  /** Function lines that are not JSON (Node warnings, stray console output). */
  unstructuredLines = 0;
  readonly linesBySource: Record<string, number> = {};

  constructor(readonly needles: readonly CanaryNeedle[]) {}

  /** Every entry of the local stack's log sink. */
  onLocalStackLog = (entry: LocalLogEntry): void => {
    if (entry.source === 'api-gateway') {
      const record = entry.record;
      this.#scan('api-gateway access log', JSON.stringify(record));
      this.access.push({ requestId: record.requestId, integrationRequestId: record.integrationRequestId, status: record.status, errorResponseType: record.errorResponseType });
      return;
    }
    const source = entry.source === 'function' ? `function ${entry.functionName} ${entry.stream}` : 'local stack';
    this.#scan(source, entry.text);
    if (entry.source !== 'function') return;
    const json = parseJson(entry.text);
    if (!json) {
      this.unstructuredLines += 1;
      return;
    }
    if (json.level === 'ERROR' || json.level === 'CRITICAL') this.errorLogLines += 1;
    if (json.log_type === 'AUDIT') {
      this.audits.push({
        awsRequestId: String(json.aws_request_id),
        action: typeof json.action === 'string' ? json.action : null,
        httpStatus: Number(json.http_status),
        errorCode: typeof json.error_code === 'string' ? json.error_code : null,
        outcome: String(json.outcome),
        latencyMs: Number(json.latency_ms),
        coldStart: json.cold_start === true,
        attempts: Number(json.attempts),
        retries: Number(json.retries),
        replayed: json.idempotent_replay === true,
      });
    }
  };

  /** A chunk this process wrote to its stdout or stderr. */
  onProcessOutput = (stream: 'stdout' | 'stderr', text: string): void => {
    for (const line of text.split('\n')) if (line.trim() !== '') this.#scan(`soak process ${stream}`, line);
  };

  #scan(source: string, text: string): void {
    this.linesBySource[source] = (this.linesBySource[source] ?? 0) + 1;
    for (const { name, value } of this.needles) if (text.includes(value)) this.leaks.push({ canary: name, source });
    for (const { kind, pattern } of UNHANDLED_FAILURE) {
      if (pattern.test(text)) this.unhandled.push({ kind, source, excerpt: text.slice(0, 300) });
    }
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
