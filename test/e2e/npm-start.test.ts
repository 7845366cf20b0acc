/**
 * `npm start` as a user runs it: a child process (`npm start`, in its own process group like a terminal's
 * foreground job), configured by environment variables (free ports, a temporary secrets file, JSON logs).
 * It prints its URLs, the registered action ids and the commands to paste — which work as printed — logs
 * the audit records as JSON, stops cleanly on Ctrl-C (SIGINT to the group) and SIGTERM, freeing its ports,
 * and says clearly, without a stack trace, when a port is taken.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { canaryLocalSecrets } from '../support/canaries.js';
import { portIsFree } from '../support/ports.js';
import { recordRuntimeLog } from '../support/runtime-log-sink.js';
import { assertBundleIsCurrent, root } from './support/e2e-stack.js';

const run = promisify(execFile);

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code, or the signal npm re-raises on itself after its script stopped on that signal. */
  exited: Promise<number | NodeJS.Signals | null>;
}

function npmStart(env: Record<string, string>): Started {
  let stdout = '';
  let stderr = '';
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  // Everything npm start printed goes to the suite-wide canary scan once its output is complete.
  child.on('close', () => {
    recordRuntimeLog('npm start stdout', stdout);
    recordRuntimeLog('npm start stderr', stderr);
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`npm start: ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** After a failed test: nothing of ours may outlive it. */
function stopGroup(started: Started): void {
  try {
    process.kill(-started.child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const READY = 'Ctrl-C stops everything.';
const portsOf = (text: string) => [...text.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));

describe('npm start', () => {
  let dir: string;
  const env = () => ({
    LOCAL_API_PORT: '0',
    LOCAL_GENESYS_PORT: '0',
    LOCAL_DOWNSTREAM_PORT: '0',
    LOCAL_SECRETS_FILE: join(dir, 'secrets.json'),
    LOCAL_LOG_FORMAT: 'json',
  });
  beforeAll(() => {
    assertBundleIsCurrent();
    dir = mkdtempSync(join(tmpdir(), 'npm-start-'));
    // Canary secrets (test/support/canaries.ts) instead of generated ones: the suite-wide scan looks for them.
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(canaryLocalSecrets()), { mode: 0o600 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints URLs, action ids and commands that work as printed, logs audit records as JSON, and stops on Ctrl-C', async () => {
    const started = npmStart(env());
    try {
      await until(() => started.stdout().includes(READY), 'the ready banner');
      const lines = started.stdout().split('\n');
      const curl = lines.filter((line) => line.startsWith('curl '));
      const invoke = lines.filter((line) => line.startsWith('npx data-action invoke customer-lookup '));
      expect(curl).toHaveLength(1);
      expect(invoke).toHaveLength(1);
      expect(started.stdout()).toMatch(/customer-lookup {2}custom_-_[0-9a-f-]{36}/);
      expect(started.stdout()).toContain(`"$(cat ${join(dir, 'inbound-credential')})"`);

      const { stdout } = await run('sh', ['-c', curl[0]!], { cwd: root, timeout: 20_000 });
      expect(JSON.parse(stdout)).toMatchObject({ success: true, data: { customer_id: 'cust_12345' } });
      await until(() => started.stdout().includes('"log_type":"AUDIT"'), 'the audit record');
      const audit = started.stdout().split('\n').find((line) => line.includes('"log_type":"AUDIT"'))!;
      expect(JSON.parse(audit)).toMatchObject({ action: 'customer-lookup', outcome: 'success', http_status: 200 });

      const ports = [...new Set(portsOf(started.stdout()))];
      expect(ports.length).toBeGreaterThanOrEqual(3);
      process.kill(-started.child.pid!, 'SIGINT');
      // npm itself ends by the signal it relayed; the local stack's own process stopped cleanly first.
      expect([0, 'SIGINT']).toContain(await started.exited);
      expect(started.stderr()).toContain('npm start: stopped');
      expect(await Promise.all(ports.map(portIsFree))).toEqual(ports.map(() => true));
    } finally {
      stopGroup(started);
    }
  }, 40_000);

  it('stops on SIGTERM too', async () => {
    const started = npmStart(env());
    try {
      await until(() => started.stdout().includes(READY), 'the ready banner');
      const ports = [...new Set(portsOf(started.stdout()))];
      started.child.kill('SIGTERM');
      expect([0, 'SIGTERM']).toContain(await started.exited);
      expect(started.stderr()).toContain('npm start: stopped');
      expect(await Promise.all(ports.map(portIsFree))).toEqual(ports.map(() => true));
    } finally {
      stopGroup(started);
    }
  }, 30_000);

  it('says which port is taken and how to move it, without a stack trace', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const started = npmStart({ ...env(), LOCAL_API_PORT: String(port) });
      expect(await started.exited).toBe(1);
      expect(started.stderr()).toContain(`npm start: Port ${port} on 127.0.0.1 for the local API Gateway is already in use`);
      expect(started.stderr()).toContain('set LOCAL_API_PORT to another port');
      expect(started.stderr()).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  }, 30_000);
});
