/**
 * Runs one child process on the project's Node 24 and times it from the parent: spawn → its first
 * report line (fd 3) and spawn → exit, both on the parent's monotonic clock.
 */
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { CHILD_REPORT_FD, type ChildReport } from './protocol.js';
import { ROOT } from './artifact.js';

/** node_modules/.bin/node (the `node` devDependency): the Lambda runtime's major version, not the machine's. */
export const NODE_BIN = realpathSync(join(ROOT, 'node_modules/.bin/node'));

export interface ChildRun {
  pid: number | undefined;
  reports: ChildReport[];
  exitCode: number | null;
  /** Parent's clock, ms: spawn → the first report line arrived; undefined when none came. */
  firstReportMs: number | undefined;
  /** Parent's clock, ms: spawn → the process exited. */
  exitMs: number;
  /** The child's stdout, when piped. */
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  env: Record<string, string>;
  /** 'pipe' collects stdout; a file descriptor sends it there. */
  stdout: 'pipe' | number;
  timeoutMs: number;
}

export function runChild(args: string[], options: ChildOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const sinceStart = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(NODE_BIN, args, { env: options.env, stdio: ['ignore', options.stdout, 'pipe', 'pipe'] });
    let firstReportMs: number | undefined;
    let reportText = '';
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${args.join(' ').slice(0, 80)} did not finish within ${options.timeoutMs} ms; stderr: ${stderr.slice(0, 2000)}`));
    }, options.timeoutMs);
    child.stdio[CHILD_REPORT_FD]?.on('data', (chunk: Buffer) => {
      if (firstReportMs === undefined && chunk.includes(10)) firstReportMs = sinceStart();
      reportText += chunk.toString('utf8');
    });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (exitCode) => {
      const exitMs = sinceStart();
      // 'close' follows once every stdio stream has been drained.
      child.on('close', () => {
        clearTimeout(timer);
        const reports = reportText
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as ChildReport);
        resolve({ pid: child.pid, reports, exitCode, firstReportMs, exitMs, stdout, stderr });
      });
    });
  });
}

/** The one report of `kind` a child sent, or an error carrying its stderr. */
export function reportOf<K extends ChildReport['kind']>(run: ChildRun, kind: K): Extract<ChildReport, { kind: K }> {
  const found = run.reports.find((r): r is Extract<ChildReport, { kind: K }> => r.kind === kind);
  if (found === undefined || run.exitCode !== 0) {
    throw new Error(`the ${kind} child failed (exit ${run.exitCode}); stderr:\n${run.stderr.slice(0, 4000)}`);
  }
  return found;
}
