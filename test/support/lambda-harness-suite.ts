/**
 * The jest life cycle of a LambdaHarness, for one describe block. Kept out of lambda-harness.ts, which
 * the benchmark, the fuzzer and the soak import outside jest.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { LambdaHarness, type HarnessOptions } from './lambda-harness.js';

/**
 * Starts a harness before the enclosing describe's tests and closes it after them; before each test the
 * downstream stub is reset (no scripted reply, recorded request or changed customer carries over).
 * `options` may be a function, for options that need something started in an outer `beforeAll`.
 *
 * ```ts
 * let h: LambdaHarness;
 * withLambdaHarness((started) => (h = started), { credential: 'header' });
 * ```
 */
export function withLambdaHarness(
  onStarted: (harness: LambdaHarness) => void,
  options: HarnessOptions | (() => Promise<HarnessOptions>) = {},
): void {
  let harness: LambdaHarness | undefined;
  beforeAll(async () => {
    harness = await LambdaHarness.start(typeof options === 'function' ? await options() : options);
    onStarted(harness);
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => {
    harness?.stub.reset();
  });
}
