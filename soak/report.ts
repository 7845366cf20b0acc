/**
 * The soak's figures, from what the client saw (status, error code, response time of each request), what
 * the system logged (audit and access log records, failure lines: observer.ts) and what the environments
 * weighed (rss-sampler.ts). Definitions — also in soak/README.md:
 *
 * - `requests`: requests the API received (its access log; the client stops at the duration with a few in
 *   flight, which the system still answers and logs). `statusCounts`: theirs, by HTTP status. `p50Ms`/`p99Ms`:
 *   response times of the answers the client received (send to last byte, through the local API Gateway).
 * - `maxDeadlineOvershootMs`: the most any answer's audit `latency_ms` (the function's own clock, from the
 *   start of its chain) went past the action's handler budget (the timeout plan's `handlerBudgetMs`:
 *   min(Lambda timeout, action timeoutSeconds) − safety margin); 0 when none did. `maxClientOvershootMs` is
 *   the same against the client's response time (gateway and network included), and
 *   `minGenesysTimeoutMarginMs` the least time any answer left before the action's Genesys timeout.
 * - `unhandledErrors`: failures nobody handled — runtime failure lines (Invoke Error, Init Error, Task timed
 *   out, uncaught exception, unhandled rejection, the gateway's "unexpected error"), environments that died
 *   while the stack ran, unhandled errors in this process, requests the client got no answer to (connection
 *   error or timeout), and every 5xx that is not a deliberate error code: a gateway-made 5xx (function
 *   crash, timeout, refused invoke: access log `errorResponseType`) or a function 5xx whose audit
 *   `error_code` is not one of `DELIBERATE_5XX_CODES`.
 * - `auditRecords` must equal `requestsReachingFunction` (access log records with a Lambda request id):
 *   `lostAuditRecords` and `duplicateAuditRecords` say otherwise, by id. `gatewayRejected` counts requests
 *   API Gateway answered itself without invoking the function (throttled, invalid body...).
 * - `canaryLeaks`: canary occurrences in any line of any process.
 * - `doubleMutations`: identical updates and deletes the business system carried out more than once (the
 *   workload sends a share of them again, as a retrying flow would); `idempotentReplays`: answers the
 *   exactly-once store replayed.
 * - `peakRssMb`: the largest RSS of one Lambda environment; `rssGrowthMb`: the largest growth of one
 *   environment between the mean of its samples in the first window after warm-up and in the last window;
 *   `rssTimelineMb`: that environment's mean RSS in each tenth of the load.
 */
import type { LocalStack } from '../tools/local-stack/local-stack.js';
import type { FaultKind } from './faults.js';
import type { AccessSummary, AuditSummary, RunObserver } from './observer.js';
import type { SoakOptions } from './options.js';
import type { RssSample } from './rss-sampler.js';
import { mean, percentile, round1 } from './stats.js';

type TimeoutPlan = LocalStack['timeoutPlan'];

/** The 5xx codes the function answers on purpose when the business system fails or time runs out. */
export const DELIBERATE_5XX_CODES: ReadonlySet<string> = new Set(['DOWNSTREAM_ERROR', 'DOWNSTREAM_BAD_REPLY', 'DOWNSTREAM_THROTTLED', 'CIRCUIT_OPEN', 'DEADLINE_EXCEEDED']);

export interface ClientRecord {
  action: string;
  status: number;
  /** The error envelope's code, or null (a success, or a body that is not the envelope). */
  code: string | null;
  responseTimeMs: number;
}

export interface RssWindows {
  /** Sampler-clock ms at which load started and ended. */
  loadStartMs: number;
  loadEndMs: number;
  warmupMs: number;
  windowMs: number;
}

export interface SoakInputs {
  options: SoakOptions;
  plan: TimeoutPlan;
  client: ClientRecord[];
  /** Client-side failures: connection errors and timeouts (no answer at all). */
  clientErrors: number;
  clientTimeouts: number;
  durationS: number;
  observer: RunObserver;
  rss: { samples: RssSample[]; windows: RssWindows; environmentsSeen: number; environmentsAliveAtEnd: number };
  processUnhandled: number;
  faults: Record<FaultKind, number>;
  injectedLatency: { p50Ms: number; p99Ms: number; maxMs: number };
  /** Updates and deletes the business system carried out, and how many identical ones it carried out twice. */
  mutations: { carriedOut: number; carriedOutTwice: number };
}

export function auditReconciliation(audits: readonly AuditSummary[], access: readonly AccessSummary[]) {
  const reached = access.filter((a) => a.integrationRequestId !== '-');
  const auditCounts = new Map<string, number>();
  for (const audit of audits) auditCounts.set(audit.awsRequestId, (auditCounts.get(audit.awsRequestId) ?? 0) + 1);
  const reachedIds = new Set(reached.map((a) => a.integrationRequestId));
  return {
    requestsReachingFunction: reached.length,
    gatewayRejected: access.length - reached.length,
    auditRecords: audits.length,
    lostAuditRecords: [...reachedIds].filter((id) => !auditCounts.has(id)).length,
    duplicateAuditRecords: [...auditCounts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    /** Audit records of no request the gateway logged (should not exist). */
    unmatchedAuditRecords: [...auditCounts.keys()].filter((id) => !reachedIds.has(id)).length,
  };
}

/**
 * One environment's RSS over the load, as the mean of its samples in each tenth of it: the shape of its
 * memory (climbing, or levelling off). The environment shown is the one that grew most.
 */
export function rssTimeline(samples: readonly RssSample[], windows: RssWindows, pid: number | null): (number | null)[] {
  const span = (windows.loadEndMs - windows.loadStartMs) / 10;
  return Array.from({ length: 10 }, (_, i) => {
    const from = windows.loadStartMs + i * span;
    const values = samples.filter((s) => s.pid === pid && s.atMs >= from && s.atMs < from + span).map((s) => s.rssMb);
    return values.length === 0 ? null : round1(mean(values));
  });
}

/** The largest growth of one environment between the first window after warm-up and the last window. */
export function rssGrowth(samples: readonly RssSample[], windows: RssWindows): { growthMb: number | null; environmentsCompared: number; pid: number | null } {
  const firstStart = windows.loadStartMs + windows.warmupMs;
  const inFirst = (s: RssSample) => s.atMs >= firstStart && s.atMs < firstStart + windows.windowMs;
  const inLast = (s: RssSample) => s.atMs > windows.loadEndMs - windows.windowMs && s.atMs <= windows.loadEndMs;
  let growthMb: number | null = null;
  let grownMost: number | null = null;
  let compared = 0;
  for (const pid of new Set(samples.map((s) => s.pid))) {
    const first = samples.filter((s) => s.pid === pid && inFirst(s)).map((s) => s.rssMb);
    const last = samples.filter((s) => s.pid === pid && inLast(s)).map((s) => s.rssMb);
    if (first.length === 0 || last.length === 0) continue;
    compared += 1;
    const growth = mean(last) - mean(first);
    if (growthMb === null || growth > growthMb) [growthMb, grownMost] = [growth, pid];
  }
  return { growthMb: growthMb === null ? null : round1(growthMb), environmentsCompared: compared, pid: grownMost };
}

export function buildReport(inputs: SoakInputs) {
  const { options, plan, client, observer, rss } = inputs;
  // Server-side: every request the API received, including the few still in flight when the client stopped.
  const statusCounts: Record<string, number> = {};
  for (const record of observer.access) statusCounts[record.status] = (statusCounts[record.status] ?? 0) + 1;
  const codeCounts: Record<string, number> = {};
  for (const audit of observer.audits) if (audit.errorCode) codeCounts[audit.errorCode] = (codeCounts[audit.errorCode] ?? 0) + 1;
  const gatewayMade5xx = observer.access.filter((a) => a.status >= 500 && a.errorResponseType !== '-').length;
  const function5xxNotDeliberate = observer.audits.filter((a) => a.httpStatus >= 500 && (a.errorCode === null || !DELIBERATE_5XX_CODES.has(a.errorCode))).length;

  const budget = (action: string | null) => (action ? plan.actions[action]?.handlerBudgetMs : undefined);
  const overshoots = observer.audits.flatMap((a) => {
    const b = budget(a.action);
    return b === undefined ? [] : [a.latencyMs - b];
  });
  const clientOvershoots = client.flatMap((r) => {
    const b = budget(r.action);
    return b === undefined ? [] : [r.responseTimeMs - b];
  });
  const genesysMargins = client.flatMap((r) => {
    const timeout = plan.actions[r.action]?.genesysTimeoutSeconds;
    return timeout === undefined ? [] : [timeout * 1000 - r.responseTimeMs];
  });

  const environmentsStarted = observer.audits.filter((a) => a.coldStart).length;
  const timedOut = observer.unhandled.filter((u) => u.kind === 'Lambda task timed out').length;
  const environmentsLost = Math.max(0, rss.environmentsSeen - rss.environmentsAliveAtEnd - timedOut);
  const breakdown = {
    runtimeFailureLines: observer.unhandled.length,
    gatewayMade5xx,
    function5xxNotDeliberate,
    environmentsLost,
    processUnhandled: inputs.processUnhandled,
    clientErrors: inputs.clientErrors,
    clientTimeouts: inputs.clientTimeouts,
  };
  const unhandledKinds: Record<string, number> = {};
  for (const u of observer.unhandled) unhandledKinds[u.kind] = (unhandledKinds[u.kind] ?? 0) + 1;

  const growth = rssGrowth(rss.samples, rss.windows);
  const reconciliation = auditReconciliation(observer.audits, observer.access);
  const times = client.map((r) => r.responseTimeMs);
  const perTime = new Map<number, number>();
  for (const s of rss.samples) perTime.set(s.atMs, (perTime.get(s.atMs) ?? 0) + s.rssMb);

  return {
    requests: observer.access.length,
    statusCounts,
    p50Ms: round1(percentile(times, 0.5)),
    p99Ms: round1(percentile(times, 0.99)),
    maxDeadlineOvershootMs: round1(Math.max(0, ...overshoots)),
    unhandledErrors: Object.values(breakdown).reduce((sum, n) => sum + n, 0),
    auditRecords: reconciliation.auditRecords,
    requestsReachingFunction: reconciliation.requestsReachingFunction,
    gatewayRejected: reconciliation.gatewayRejected,
    lostAuditRecords: reconciliation.lostAuditRecords,
    duplicateAuditRecords: reconciliation.duplicateAuditRecords,
    unmatchedAuditRecords: reconciliation.unmatchedAuditRecords,
    canaryLeaks: observer.leaks.length,
    doubleMutations: inputs.mutations.carriedOutTwice,
    mutationsCarriedOut: inputs.mutations.carriedOut,
    idempotentReplays: observer.audits.filter((a) => a.replayed).length,
    peakRssMb: round1(Math.max(0, ...rss.samples.map((s) => s.rssMb))),
    rssGrowthMb: growth.growthMb,
    unhandledBreakdown: { ...breakdown, kinds: unhandledKinds },
    errorCodes: codeCounts,
    maxClientOvershootMs: round1(Math.max(0, ...clientOvershoots)),
    minGenesysTimeoutMarginMs: round1(Math.min(...genesysMargins)),
    answeredToClient: client.length,
    p999Ms: round1(percentile(times, 0.999)),
    maxMs: round1(percentile(times, 1)),
    durationS: round1(inputs.durationS),
    achievedRate: round1(observer.access.length / inputs.durationS),
    faultsInjected: { ...inputs.faults, injectedLatency: inputs.injectedLatency },
    downstreamAttempts: observer.audits.reduce((sum, a) => sum + a.attempts, 0),
    downstreamRetries: observer.audits.reduce((sum, a) => sum + a.retries, 0),
    environments: { started: environmentsStarted, seenBySampler: rss.environmentsSeen, aliveAtEnd: rss.environmentsAliveAtEnd, rssCompared: growth.environmentsCompared },
    peakTotalRssMb: round1(Math.max(0, ...perTime.values())),
    rssTimelineMb: rssTimeline(rss.samples, rss.windows, growth.pid),
    functionLogLines: { errorLevel: observer.errorLogLines, unstructured: observer.unstructuredLines },
    config: {
      durationS: options.durationS,
      rate: options.rate,
      connections: options.connections,
      seed: options.seed,
      customers: options.customers,
      mix: options.mix,
      repeatShare: options.repeatShare,
      faults: options.faults,
      lambdaTimeoutSeconds: plan.lambdaTimeoutSeconds,
      handlerBudgetMs: Object.fromEntries(Object.entries(plan.actions).map(([name, a]) => [name, a.handlerBudgetMs])),
      rssWindows: { warmupMs: rss.windows.warmupMs, windowMs: rss.windows.windowMs, sampleIntervalMs: options.rssSampleIntervalMs },
    },
  };
}

export type SoakReport = ReturnType<typeof buildReport>;
