/**
 * Jest global setup: a fresh directory for the runtime log lines every harness records during the run
 * (test/support/runtime-log-sink.ts). Workers are started after this and inherit the variable.
 *
 * Jest loads this file on its own, outside the test module system, so it imports nothing of ours: the
 * variable's name is RUNTIME_LOG_DIR_ENV of runtime-log-sink.ts (canary-sweep.test.ts checks they agree).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function createRuntimeLogDir(): void {
  process.env.GDA_RUNTIME_LOG_DIR = mkdtempSync(join(tmpdir(), 'gda-runtime-logs-'));
}
