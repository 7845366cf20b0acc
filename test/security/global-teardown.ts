/**
 * Jest global teardown: the suite-wide canary check. Scans every line the runtime logged during the run
 * (recorded by the harnesses, test/support/runtime-log-sink.ts) for every canary (test/support/canaries.ts)
 * and fails the run — jest exits non-zero — when one is found. Prints what it scanned, so a run that fed
 * it nothing shows as such. test/security/canary-sweep.test.ts proves the scan finds a planted leak.
 *
 * Jest loads this file on its own, outside the test module system (no `.js` → `.ts` mapping), so the
 * modules it needs are imported by their `.ts` paths: Node 24 strips their types itself.
 */
import { rmSync } from 'node:fs';

const load = <T>(path: string): Promise<T> => import(new URL(path, import.meta.url).href) as Promise<T>;

export default async function scanRuntimeLogsForCanaries(): Promise<void> {
  const dir = process.env.GDA_RUNTIME_LOG_DIR;
  if (!dir) return;
  const { canaryNeedles } = await load<typeof import('../support/canaries.js')>('../support/canaries.ts');
  const { describeScan, scanRuntimeLogDir } = await load<typeof import('./canary-scan.js')>('./canary-scan.ts');
  const report = scanRuntimeLogDir(dir, canaryNeedles());
  process.stderr.write(`\n${describeScan(report)}\n`);
  if (report.leaks.length > 0) {
    // Kept for inspection when something leaked.
    throw new Error(`${report.leaks.length} canary value(s) reached a runtime log line; the recorded lines are in ${dir}`);
  }
  rmSync(dir, { recursive: true, force: true });
}
