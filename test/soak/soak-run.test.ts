/**
 * `npm run soak` end to end, briefly: the real local stack (the built bundle in Lambda-like processes
 * behind the local API Gateway) under a few seconds of faulty-business-system load. Only the promises are
 * asserted — nothing unhandled, no audit record lost, no canary in any line — never a timing (the full
 * soak's figures are in the README).
 */
import { brokenPromises, runSoak } from '../../soak/run.js';
import { DEFAULT_SOAK_OPTIONS } from '../../soak/options.js';
import { assertBundleIsCurrent } from '../e2e/support/e2e-stack.js';

describe('npm run soak, in brief', () => {
  it('3 s at 10 requests/s with faults: every must-be-zero figure is zero, and the report holds every figure', async () => {
    assertBundleIsCurrent();
    const report = await runSoak(
      { ...DEFAULT_SOAK_OPTIONS, durationS: 3, rate: 10, connections: 4, customers: 50, warmupS: 0, seed: 20_260_101 },
      () => undefined,
    );
    expect(brokenPromises(report)).toEqual([]);
    expect(report.requests).toBeGreaterThan(10);
    expect(report.auditRecords).toBe(report.requestsReachingFunction);
    expect(report.requests).toBe(report.requestsReachingFunction + report.gatewayRejected);
    for (const figure of ['statusCounts', 'p50Ms', 'p99Ms', 'maxDeadlineOvershootMs', 'peakRssMb', 'rssGrowthMb', 'config'] as const) expect(report[figure]).toBeDefined();
    expect(report.peakRssMb).toBeGreaterThan(10);
    expect(report.config).toMatchObject({ durationS: 3, rate: 10, seed: 20_260_101 });
  }, 40_000);
});
