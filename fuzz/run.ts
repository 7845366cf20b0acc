/**
 * `npm run fuzz`: every fuzz property (fuzz/properties/) at FUZZ_RUNS runs each (default 10 000), with one
 * seed for the whole run — FUZZ_SEED replays a run exactly. Progress and fast-check's report of any failure
 * (seed, replay path, shrunk counterexample) go to stderr; the last line of stdout is one JSON line:
 *
 *   {"runs": <total>, "failures": <failed properties>, "seed": ..., "numRunsPerProperty": ..., "properties": [...]}
 *
 * Exit status 1 when a property failed. The jest tests in test/fuzz/ run the same properties with fewer runs.
 */
import { fuzzSeed, type FuzzTarget } from './properties/property.js';
import { openHttpInterfaceTarget } from './properties/http-interface.js';
import { openVelocityTarget } from './properties/velocity.js';

// The handler harness captures this process's stdout and stderr while it is open: keep the real ones.
const stdout = process.stdout.write.bind(process.stdout);
const stderr = process.stderr.write.bind(process.stderr);
const say = (text: string) => stderr(`${text}\n`);

interface PropertyResult {
  name: string;
  runs: number;
  failed: boolean;
  durationMs: number;
  /** fast-check's replay path, when it failed (with the seed: FUZZ_SEED=<seed> and this path replay it). */
  path?: string;
  counterexample?: string;
  error?: string;
}

function runsFromEnv(): number {
  const raw = process.env.FUZZ_RUNS?.trim();
  if (!raw) return 10_000;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`FUZZ_RUNS must be a positive integer (got "${raw}")`);
  return runs;
}

async function main(): Promise<void> {
  const numRuns = runsFromEnv();
  const seed = fuzzSeed();
  say(`fuzz: seed ${seed} (FUZZ_SEED=${seed} replays this run), ${numRuns} runs per property`);
  const results: PropertyResult[] = [];
  for (const open of [openHttpInterfaceTarget, openVelocityTarget]) {
    const target: FuzzTarget = await open();
    try {
      for (const property of target.properties) {
        const started = performance.now();
        const { report, numRuns: runs, ...outcome } = await property.check({ numRuns, seed });
        const durationMs = Math.round(performance.now() - started);
        if (outcome.failed) say(`✗ ${property.name}\n${report}`);
        else say(`✓ ${property.name}: ${runs} runs in ${(durationMs / 1000).toFixed(1)} s`);
        results.push({ name: property.name, runs, durationMs, ...outcome });
      }
    } finally {
      await target.close();
    }
  }
  const summary = {
    runs: results.reduce((sum, r) => sum + r.runs, 0),
    failures: results.filter((r) => r.failed).length,
    seed,
    numRunsPerProperty: numRuns,
    properties: results,
  };
  stdout(`${JSON.stringify(summary)}\n`);
  process.exitCode = summary.failures > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  say(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 2;
});
