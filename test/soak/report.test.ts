/**
 * The soak's figures (soak/report.ts) and what feeds them (soak/observer.ts): each must-be-zero figure
 * moves when its failure happens — a lost or duplicated audit record, a crash line, a gateway-made or
 * undeliberate 5xx, a dead environment, a canary in any line — and memory growth compares the same
 * environment across the two windows.
 */
import { blankAccessLogRecord } from '../../tools/local-stack/api-gateway/access-log.js';
import { canaryNeedles, SECRET_CANARIES } from '../support/canaries.js';
import { RunObserver, type AuditSummary } from '../../soak/observer.js';
import { DEFAULT_SOAK_OPTIONS } from '../../soak/options.js';
import { auditReconciliation, buildReport, rssGrowth, rssTimeline, type SoakInputs } from '../../soak/report.js';
import type { RssSample } from '../../soak/rss-sampler.js';

const plan = {
  lambdaTimeoutSeconds: 5,
  deadlineSafetyMarginMs: 250,
  actions: { 'customer-lookup': { genesysTimeoutSeconds: 5, integrationTimeoutMs: 5_000, handlerBudgetMs: 4_750 } },
};

const audit = (id: string, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ log_type: 'AUDIT', level: 'INFO', aws_request_id: id, action: 'customer-lookup', http_status: 200, error_code: null, outcome: 'success', latency_ms: 30, cold_start: false, attempts: 1, retries: 0, ...overrides });
const access = (id: string, integrationRequestId: string, status = 200, errorResponseType = '-') => ({
  source: 'api-gateway' as const,
  record: { ...blankAccessLogRecord('s'), requestId: id, status, integrationRequestId, errorResponseType },
});
const fn = (text: string, stream: 'stdout' | 'stderr' = 'stdout') => ({ source: 'function' as const, functionName: 'f', stream, text });

function inputs(observer: RunObserver, overrides: Partial<SoakInputs> = {}): SoakInputs {
  return {
    options: DEFAULT_SOAK_OPTIONS,
    plan,
    client: [{ action: 'customer-lookup', status: 200, code: null, responseTimeMs: 40 }],
    clientErrors: 0,
    clientTimeouts: 0,
    durationS: 10,
    observer,
    rss: { samples: [], windows: { loadStartMs: 0, loadEndMs: 10_000, warmupMs: 1_000, windowMs: 2_000 }, environmentsSeen: 1, environmentsAliveAtEnd: 1 },
    processUnhandled: 0,
    faults: { none: 1, unavailable: 0, hang: 0, reset: 0 },
    injectedLatency: { p50Ms: 1, p99Ms: 1, maxMs: 1 },
    mutations: { carriedOut: 0, carriedOutTwice: 0 },
    ...overrides,
  };
}

describe('soak report', () => {
  it('a clean run: every must-be-zero figure is zero, audit records match the requests that reached the function', () => {
    const observer = new RunObserver(canaryNeedles());
    observer.onLocalStackLog(access('g1', 'r1'));
    observer.onLocalStackLog(fn(audit('r1', { latency_ms: 4_760 })));
    observer.onLocalStackLog(access('g2', '-', 429, 'THROTTLED'));
    const report = buildReport(inputs(observer));
    expect(report).toMatchObject({
      requests: 2,
      statusCounts: { 200: 1, 429: 1 },
      unhandledErrors: 0,
      auditRecords: 1,
      requestsReachingFunction: 1,
      gatewayRejected: 1,
      lostAuditRecords: 0,
      canaryLeaks: 0,
      maxDeadlineOvershootMs: 10,
      minGenesysTimeoutMarginMs: 4_960,
    });
  });

  it('lost and duplicated audit records are found by request id', () => {
    const audits = [{ awsRequestId: 'r1' }, { awsRequestId: 'r1' }, { awsRequestId: 'r9' }] as AuditSummary[];
    const accessed = [access('a', 'r1').record, access('b', 'r2').record, access('c', '-', 400, 'BAD_REQUEST_BODY').record];
    expect(auditReconciliation(audits, accessed)).toEqual({
      requestsReachingFunction: 2,
      gatewayRejected: 1,
      auditRecords: 3,
      lostAuditRecords: 1,
      duplicateAuditRecords: 1,
      unmatchedAuditRecords: 1,
    });
  });

  it('counts as unhandled: runtime failure lines, gateway-made and undeliberate 5xx, dead environments, client errors — not a deliberate 504', () => {
    const observer = new RunObserver(canaryNeedles());
    observer.onLocalStackLog(fn(`2026-01-01T00:00:00.000Z\tabc\tERROR\tInvoke Error \t{"errorType":"Runtime.UnhandledPromiseRejection"}`, 'stderr'));
    observer.onLocalStackLog(access('g1', 'r1', 502, 'INTEGRATION_FAILURE'));
    observer.onLocalStackLog(access('g2', 'r2', 500));
    observer.onLocalStackLog(fn(audit('r2', { http_status: 500, error_code: 'INTERNAL_ERROR', outcome: 'server_error', level: 'INFO' })));
    observer.onLocalStackLog(access('g3', 'r3', 504));
    observer.onLocalStackLog(fn(audit('r3', { http_status: 504, error_code: 'DEADLINE_EXCEEDED', outcome: 'deadline_exceeded' })));
    const report = buildReport(inputs(observer, { clientTimeouts: 1, rss: { ...inputs(observer).rss, environmentsSeen: 3, environmentsAliveAtEnd: 1 } }));
    expect(report.unhandledBreakdown).toEqual({
      runtimeFailureLines: 2, // the Invoke Error line names an unhandled rejection: both patterns
      gatewayMade5xx: 1,
      function5xxNotDeliberate: 1,
      environmentsLost: 2,
      processUnhandled: 0,
      clientErrors: 0,
      clientTimeouts: 1,
      kinds: { 'Lambda Invoke Error': 1, 'unhandled rejection': 1 },
    });
    expect(report.unhandledErrors).toBe(7);
    expect(report.errorCodes).toEqual({ INTERNAL_ERROR: 1, DEADLINE_EXCEEDED: 1 });
  });

  it('a canary in any line of any process is a leak, named by canary and source', () => {
    const observer = new RunObserver(canaryNeedles({ 'soak personal data marker': 'SoakCanaryzz' }));
    observer.onLocalStackLog(fn(`{"level":"WARN","header":"Bearer ${SECRET_CANARIES.downstreamApiKey}"}`));
    observer.onLocalStackLog({ source: 'local-stack', text: 'customer Ada-SoakCanaryzz' });
    observer.onProcessOutput('stderr', 'first\nsecond with ada.SoakCanaryzz@example.org\n');
    expect(observer.leaks).toEqual([
      { canary: 'secret downstreamApiKey', source: 'function f stdout' },
      { canary: 'soak personal data marker', source: 'local stack' },
      { canary: 'soak personal data marker', source: 'soak process stderr' },
    ]);
    expect(buildReport(inputs(observer)).canaryLeaks).toBe(3);
  });

  it('memory growth compares each environment with itself across the two windows, and skips one absent from either', () => {
    const samples: RssSample[] = [
      ...[1_500, 2_000, 2_500].map((atMs) => ({ atMs, pid: 1, rssMb: 80 })),
      ...[8_500, 9_000, 9_500].map((atMs) => ({ atMs, pid: 1, rssMb: 83 })),
      ...[1_500, 9_500].map((atMs) => ({ atMs, pid: 2, rssMb: atMs > 5_000 ? 70 : 75 })),
      { atMs: 9_000, pid: 3, rssMb: 200 }, // born late: no first-window sample
    ];
    const windows = { loadStartMs: 0, loadEndMs: 10_000, warmupMs: 1_000, windowMs: 2_000 };
    expect(rssGrowth(samples, windows)).toEqual({ growthMb: 3, environmentsCompared: 2, pid: 1 });
    expect(rssGrowth([], windows)).toEqual({ growthMb: null, environmentsCompared: 0, pid: null });
    expect(rssTimeline(samples, windows, 1)).toEqual([null, 80, 80, null, null, null, null, null, 83, 83]);
  });
});
