/** A child's side of protocol.ts: its input from the environment, its report on fd 3. */
import { writeSync } from 'node:fs';
import { CHILD_INPUT_VARIABLE, CHILD_REPORT_FD, type ChildReport } from '../protocol.js';

export function readInput<T>(): T {
  const raw = process.env[CHILD_INPUT_VARIABLE];
  if (raw === undefined) throw new Error(`${CHILD_INPUT_VARIABLE} is not set: run this through bench/run.ts`);
  return JSON.parse(raw) as T;
}

export function report(message: ChildReport): void {
  writeSync(CHILD_REPORT_FD, `${JSON.stringify(message)}\n`);
}

/** An API Gateway proxy result's status code, if `result` is one. */
export function statusCodeOf(result: unknown): number | undefined {
  const status = (result as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
