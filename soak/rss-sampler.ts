/**
 * Samples the resident set size of the local Lambda execution environments — the child processes of
 * this one that run the runtime host (tools/local-stack/lambda/runtime-host.ts) — with `ps`, which
 * reports every process's RSS on Linux and macOS alike. A process that disappears between two samples
 * while the stack is running is recorded as gone.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RssSample {
  /** ms since the sampler started. */
  atMs: number;
  pid: number;
  rssMb: number;
}

export class RssSampler {
  readonly samples: RssSample[] = [];
  /** Pids seen, and when each was last seen (ms). */
  readonly seen = new Map<number, { firstMs: number; lastMs: number }>();
  readonly #startedAt = performance.now();
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #lastSampleMs = -1;

  constructor(
    readonly intervalMs: number,
    readonly isEnvironment: (commandLine: string) => boolean = (line) => line.includes('runtime-host'),
    readonly parentPid: number = process.pid,
  ) {}

  start(): void {
    const tick = () => {
      this.#inFlight = this.sampleOnce().finally(() => {
        this.#inFlight = undefined;
      });
    };
    tick();
    this.#timer = setInterval(() => {
      if (!this.#inFlight) tick();
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#inFlight;
  }

  /** ms since start. */
  now(): number {
    return performance.now() - this.#startedAt;
  }

  /** The environments alive at the last sample. */
  alive(): number[] {
    return [...this.seen].filter(([, s]) => s.lastMs === this.#lastSampleMs).map(([pid]) => pid);
  }

  async sampleOnce(): Promise<void> {
    const { stdout } = await run('ps', ['-e', '-o', 'pid=,ppid=,rss=,args='], { maxBuffer: 16 * 1024 * 1024 });
    const atMs = this.now();
    this.#lastSampleMs = atMs;
    for (const line of stdout.split('\n')) {
      const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      if (!match || Number(match[2]) !== this.parentPid || !this.isEnvironment(match[4]!)) continue;
      const pid = Number(match[1]);
      this.samples.push({ atMs, pid, rssMb: Number(match[3]) / 1024 });
      const known = this.seen.get(pid);
      if (known) known.lastMs = atMs;
      else this.seen.set(pid, { firstMs: atMs, lastMs: atMs });
    }
    // A pid seen before and absent now keeps its older lastMs: it is gone.
  }
}
