/**
 * Runs the `data-action` CLI as a real child process, the way a user does: through tsx on main.ts, through the
 * package's bin launcher (bin.js), or through `npx data-action`. Asynchronous, so a test's own HTTP servers keep
 * answering while the CLI runs.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX_CLI = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
const MAIN = join(REPO_ROOT, 'tools/cli/main.ts');
export const BIN = join(REPO_ROOT, 'tools/cli/bin.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type Launcher = 'tsx' | 'bin' | 'npx';

export function runCli(args: string[], options: { cwd?: string; launcher?: Launcher } = {}): Promise<CliResult> {
  const launcher = options.launcher ?? 'tsx';
  const [command, commandArgs] =
    launcher === 'npx'
      ? // --no: never fetch a registry package of that name; --: the rest is the CLI's, not npx's.
        ['npx', ['--no', '--', 'data-action', ...args]]
      : [process.execPath, [...(launcher === 'bin' ? [BIN] : [TSX_CLI, MAIN]), ...args]];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not the CLI's business
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Problem lines of `validate` (everything but the summary line). */
export function problemLines(stdout: string): string[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '' && !/^\d+ files? checked:/.test(line));
}

/** A stack trace line, as Node prints them. */
export const STACK_FRAME = /^\s+at .+[:(]/m;
