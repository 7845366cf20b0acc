/**
 * Whether the handler keeps anything per invocation: RSS, which `npm run soak` measures, also moves with
 * V8's and the allocator's reserves, so this runs the real handler in-process (test/support/lambda-harness.ts,
 * the downstream client over HTTP to the customer service stub) and reads the JS heap after a forced full
 * garbage collection every ROUND invocations. A leak shows as a heap that climbs round after round.
 *
 *   npx tsx --expose-gc soak/heap-check.ts [rounds=9] [per-round=2500]
 *
 * Prints one JSON line: the heap (MB) after each round, and its spread after the first.
 */
import { LambdaHarness } from '../test/support/lambda-harness.js';
import { round1 } from './stats.js';

const gc = (globalThis as { gc?: () => void }).gc;
// The harness captures stdout while open: keep the real one.
const stdout = process.stdout.write.bind(process.stdout);

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc: npx tsx --expose-gc soak/heap-check.ts');
  const rounds = Number(process.argv[2] ?? 9);
  const perRound = Number(process.argv[3] ?? 2_500);
  const harness = await LambdaHarness.start();
  const heapMb: number[] = [];
  const rssMb: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < perRound; i++) {
        const update = i % 3 === 0;
        const body = update ? { customer_id: 'cust_12345', first_name: `Name${i}` } : { customer_id: 'cust_67890' };
        await harness.invoke(harness.apiEvent({ action: update ? 'customer-update' : 'customer-lookup', body }));
        harness.captured.length = 0; // the harness's own records, not the handler's
        harness.stub.requests.length = 0;
      }
      gc();
      gc();
      heapMb.push(round1(process.memoryUsage().heapUsed / 1_048_576));
      rssMb.push(round1(process.memoryUsage().rss / 1_048_576));
    }
  } finally {
    await harness.close();
  }
  const settled = heapMb.slice(1);
  stdout(`${JSON.stringify({ invocations: rounds * perRound, heapAfterGcMb: heapMb, heapSpreadMb: round1(Math.max(...settled) - Math.min(...settled)), rssMb })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`heap-check: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
