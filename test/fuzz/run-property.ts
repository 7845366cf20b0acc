/**
 * Runs a fuzz property (fuzz/properties/) inside a jest test: FUZZ_TEST_RUNS runs (default 300; `npm run
 * fuzz` runs 10 000), the seed from FUZZ_SEED or a fresh one. A failure throws fast-check's report: the
 * seed and replay path, and the shrunk counterexample.
 */
import { fuzzSeed, type FuzzProperty } from '../../fuzz/properties/property.js';

export const TEST_RUNS = Number(process.env.FUZZ_TEST_RUNS ?? 300);

export async function expectPropertyHolds(property: FuzzProperty, numRuns = TEST_RUNS): Promise<void> {
  const outcome = await property.check({ numRuns, seed: fuzzSeed() });
  if (outcome.failed) throw new Error(`${property.name}\n${outcome.report}`);
  expect(outcome.numRuns).toBe(numRuns);
}
