/**
 * Where the test harnesses copy every line the runtime logged — the handler's stdout/stderr captured
 * in-process, the local stack's function and API logs, `npm start`'s output — so that one scan at the
 * end of the jest run (test/security/global-teardown.ts) can look for canaries in all of it.
 *
 * Jest runs test files in several worker processes: each process appends to its own file
 * (`<dir>/<pid>.ndjson`, one `{"source", "text"}` per line) in the directory the global setup names in
 * GDA_RUNTIME_LOG_DIR. Writes are synchronous, so nothing is lost when a worker exits. Outside jest
 * (the fuzz and soak scripts), the variable is unset and recording does nothing.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const RUNTIME_LOG_DIR_ENV = 'GDA_RUNTIME_LOG_DIR';

let fd: number | undefined;
let openedFor: string | undefined;

function file(): number | undefined {
  const dir = process.env[RUNTIME_LOG_DIR_ENV];
  if (!dir) return undefined;
  if (fd !== undefined && openedFor === dir) return fd;
  if (fd !== undefined) closeSync(fd);
  fd = openSync(join(dir, `${process.pid}.ndjson`), 'a');
  openedFor = dir;
  return fd;
}

/** Records what the runtime wrote (several lines at once are split); `source` says which harness saw it. */
export function recordRuntimeLog(source: string, text: string): void {
  const target = file();
  if (target === undefined) return;
  let out = '';
  for (const line of text.split('\n')) if (line.trim() !== '') out += `${JSON.stringify({ source, text: line })}\n`;
  if (out !== '') writeSync(target, out);
}

/** The file this process records into, when recording is on (for the test that proves the wiring). */
export function runtimeLogFile(): string | undefined {
  const dir = process.env[RUNTIME_LOG_DIR_ENV];
  return dir ? join(dir, `${process.pid}.ndjson`) : undefined;
}
