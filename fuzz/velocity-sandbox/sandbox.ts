/**
 * A child process that renders Velocity with the execution emulator (host.ts), one request at a time,
 * under a watchdog: a rendering that does not answer within `timeoutMs` is a hang (the process is killed
 * and replaced), a process that dies while rendering is a crash. Either is reported as the outcome of that
 * request, so a fuzz property can name the template that caused it instead of hanging or dying with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RenderOutcome, RenderReply, RenderRequest } from './protocol.js';

const HOST = fileURLToPath(new URL('./host.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Heap of the rendering process: a template that needs more than this is a finding, not a slow run. */
const MAX_HEAP_MB = 1024;

export class VelocitySandbox {
  #child: ChildProcess | undefined;
  #nextId = 1;
  #pending: { id: number; settle: (outcome: RenderOutcome) => void } | undefined;
  /** Processes started (1 + one per hang or crash). */
  starts = 0;

  private constructor(readonly timeoutMs: number) {}

  static async start(timeoutMs = 10_000): Promise<VelocitySandbox> {
    const sandbox = new VelocitySandbox(timeoutMs);
    await sandbox.#spawn();
    return sandbox;
  }

  async render(request: RenderRequest): Promise<RenderOutcome> {
    if (this.#pending) throw new Error('VelocitySandbox renders one request at a time');
    if (!this.#child) await this.#spawn();
    const child = this.#child!;
    const id = this.#nextId++;
    const started = performance.now();
    return new Promise<RenderOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending = undefined;
        this.#kill();
        resolve({ hung: true, afterMs: performance.now() - started });
      }, this.timeoutMs);
      this.#pending = {
        id,
        settle: (outcome) => {
          clearTimeout(timer);
          this.#pending = undefined;
          resolve(outcome);
        },
      };
      child.send({ ...request, id });
    });
  }

  async close(): Promise<void> {
    this.#kill();
  }

  #spawn(): Promise<void> {
    this.starts += 1;
    const child = fork(HOST, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${MAX_HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2_000)));
    this.#child = child;
    child.on('message', (message: RenderReply | { ready: true }) => {
      if ('id' in message && this.#pending?.id === message.id) this.#pending.settle(message);
    });
    child.on('exit', (code, signal) => {
      if (this.#child === child) this.#child = undefined;
      this.#pending?.settle({ crashed: `the rendering process exited (${signal ?? `code ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
    return new Promise((resolve, reject) => {
      const onReady = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        child.off('message', onReady);
        resolve();
      };
      child.on('message', onReady);
      child.once('exit', (code) => reject(new Error(`the Velocity sandbox did not start (exit ${code}): ${stderr.trim()}`)));
    });
  }

  #kill(): void {
    const child = this.#child;
    this.#child = undefined;
    if (child && child.exitCode === null) child.kill('SIGKILL');
  }
}
