/**
 * What the fuzz properties share: a property is a name and a `check` that runs it with fast-check
 * (`numRuns`, `seed`) and returns fast-check's run details; a target opens what its properties need (a
 * handler harness, a rendering sandbox) and closes it. `npm run fuzz` (fuzz/run.ts) runs every property
 * at 10 000 runs; the jest tests in test/fuzz/ run the same properties with fewer.
 */
import fc from 'fast-check';

export interface FuzzRunOptions {
  numRuns: number;
  seed: number;
}

/** One property's run, in plain terms. */
export interface FuzzCheckResult {
  failed: boolean;
  /** Runs made (up to the failing one). */
  numRuns: number;
  /** fast-check's report of a failure (seed, replay path, shrunk counterexample, error); '' when it held. */
  report: string;
  /** fast-check's replay path: FUZZ_SEED=<seed> with this path replays the failure. */
  path?: string;
  counterexample?: string;
  error?: string;
}

export interface FuzzProperty {
  name: string;
  check(options: FuzzRunOptions): Promise<FuzzCheckResult>;
}

/** Runs `property` with fast-check and sums up the outcome. */
export async function checkProperty<Ts>(property: fc.IAsyncProperty<Ts>, options: FuzzRunOptions): Promise<FuzzCheckResult> {
  const details = await fc.check(property, options);
  if (!details.failed) return { failed: false, numRuns: details.numRuns, report: '' };
  return {
    failed: true,
    numRuns: details.numRuns,
    report: fc.defaultReportMessage(details) ?? 'failed',
    ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    counterexample: String(JSON.stringify(details.counterexample)).slice(0, 2_000),
    error: String((details.errorInstance as Error | undefined)?.message ?? '').slice(0, 2_000),
  };
}

export interface FuzzTarget {
  properties: FuzzProperty[];
  close(): Promise<void>;
}

/** The seed: FUZZ_SEED when set (to replay a failure), otherwise a fresh one (printed by whoever runs). */
export function fuzzSeed(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const given = env.FUZZ_SEED?.trim();
  if (given) {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new RangeError(`FUZZ_SEED must be an integer (got "${given}")`);
    return seed;
  }
  return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}
