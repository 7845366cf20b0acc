/**
 * The business system's faults during a soak: a per-request decision for the customer service stub
 * (`DownstreamStub.decide`), drawn from the seeded random source — hang, connection reset, 503 with
 * `Retry-After`, or the real API — every answer delayed by a lognormal latency with a long tail.
 * Counts what it injected, for the report.
 */
import { reply, type RecordedRequest, type ScriptedReply } from '../tools/customer-service-stub/downstream-stub.js';
import type { FaultSettings } from './options.js';
import { lognormalMs } from './random.js';
import { percentile } from './stats.js';

export type FaultKind = 'none' | 'unavailable' | 'hang' | 'reset';

export class FaultPlan {
  readonly injected: Record<FaultKind, number> = { none: 0, unavailable: 0, hang: 0, reset: 0 };
  /** Updates and deletes handed to the business system's API (not faulted), by operation and body. */
  readonly #carriedOut = new Map<string, number>();
  readonly #latencies: number[] = [];

  constructor(
    readonly settings: FaultSettings,
    readonly random: () => number,
  ) {}

  /**
   * Identical updates and deletes the business system carried out more than once (a faulted request never
   * reaches its API: a retry after one is the first execution). Within the idempotency window an identical
   * input is the same call, so any count here is a double update.
   */
  mutations(): { carriedOut: number; carriedOutTwice: number } {
    const counts = [...this.#carriedOut.values()];
    return { carriedOut: counts.reduce((sum, n) => sum + n, 0), carriedOutTwice: counts.filter((n) => n > 1).length };
  }

  /** The reply to the next downstream request (`request`: what arrived, to track mutations). */
  decide(request?: Pick<RecordedRequest, 'path' | 'body'>): ScriptedReply {
    const { unavailable, hang, reset, latencyMedianMs, latencySigma, latencyMaxMs, retryAfterSeconds } = this.settings;
    const draw = this.random();
    const delayMs = lognormalMs(this.random, latencyMedianMs, latencySigma, latencyMaxMs);
    let kind: FaultKind = 'none';
    if (draw < hang) kind = 'hang';
    else if (draw < hang + reset) kind = 'reset';
    else if (draw < hang + reset + unavailable) kind = 'unavailable';
    this.injected[kind] += 1;
    if (kind === 'hang') return reply.hang();
    if (kind === 'reset') return { kind: 'reset', delayMs };
    this.#latencies.push(delayMs);
    if (kind === 'none' && request && /\/operations\/(update|delete)$/.test(request.path)) {
      const key = `${request.path} ${request.body}`;
      this.#carriedOut.set(key, (this.#carriedOut.get(key) ?? 0) + 1);
    }
    if (kind === 'unavailable') {
      return { kind: 'json', status: 503, headers: { 'Retry-After': String(retryAfterSeconds) }, body: { error: { code: 'SERVICE_UNAVAILABLE', message: 'Injected 503.' } }, delayMs };
    }
    return reply.api(delayMs);
  }

  /** The injected latency distribution (of the answers that were not hangs or resets). */
  latencySummary(): { p50Ms: number; p99Ms: number; maxMs: number } {
    return { p50Ms: percentile(this.#latencies, 0.5), p99Ms: percentile(this.#latencies, 0.99), maxMs: percentile(this.#latencies, 1) };
  }
}
