/**
 * `profile.ts floor`: times each operation of floor-entry.ts in interleaved rounds, with the warm run's
 * loop (fresh event and context outside the timed region, a yield to the event loop between calls).
 */
import { lambdaContext } from '../../test/support/lambda-context.js';
import type { FloorInput } from '../protocol.js';
import { readInput, report } from './io.js';

const input = readInput<FloorInput>();
const { floorOperations } = (await import(input.floorModuleUrl)) as typeof import('../floor-entry.js');
const operations = floorOperations(input.sample);
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function runBlock(run: (typeof operations)[number]['run'], iterations: number, samples: number[] | undefined): Promise<void> {
  for (let i = 0; i < iterations; i++) {
    const event = JSON.parse(input.eventJson) as Parameters<typeof run>[0];
    const context = lambdaContext({ timeoutMs: input.functionTimeoutMs });
    const started = process.hrtime.bigint();
    await run(event, context);
    samples?.push(Number(process.hrtime.bigint() - started) / 1000);
    await yieldToEventLoop();
  }
}

const samples = operations.map((): number[] => []);
for (const operation of operations) await runBlock(operation.run, input.warmupIterations, undefined);
for (let round = 0; round < input.rounds; round++) {
  for (let k = 0; k < operations.length; k++) {
    const index = (round + k) % operations.length;
    await runBlock(operations[index]!.run, input.iterationsPerRound, samples[index]);
  }
}
report({ kind: 'floor', operations: operations.map((o, i) => ({ name: o.name, required: o.required, what: o.what, us: samples[i]! })) });
process.exit(0);
