/**
 * One local Lambda execution environment: a child process running runtime-host.ts with the function's
 * environment variables and nothing of ours (no inherited NODE_OPTIONS, no loader unless the code is
 * TypeScript source), initialised once, then serving one invocation at a time. Lambda's timeout is
 * enforced here: at the deadline the process is killed, as Lambda stops a timed-out environment, and the
 * invocation ends with Lambda's `Sandbox.Timedout` error.
 *
 * Everything the code writes to stdout and stderr — what Lambda sends to CloudWatch Logs — is handed, line
 * by line, to `onLine`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FunctionError, HostMessage, InvokeMessage } from './runtime-protocol.js';

const HOST = fileURLToPath(new URL('./runtime-host.ts', import.meta.url));

export interface EnvironmentLogLine {
  /** The environment's log stream name (`YYYY/MM/DD/[$LATEST]<id>`), as in CloudWatch. */
  logStreamName: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface EnvironmentSpec {
  /** Absolute path of the code: a bundle (`.mjs`/`.js`) or TypeScript source (`.ts`, loaded through tsx). */
  entryPath: string;
  exportName: string;
  factoryArgs?: unknown[];
  /** The process's complete environment. */
  environment: Record<string, string>;
  logStreamName: string;
  initTimeoutMs: number;
  onLine: (line: EnvironmentLogLine) => void;
}

export type InvocationOutcome =
  | { kind: 'result'; payload: string }
  | { kind: 'function-error'; error: FunctionError }
  /** Killed at the deadline. */
  | { kind: 'timeout' };

/** The code could not be loaded (Lambda's init phase failed). */
export class LambdaInitError extends Error {
  override readonly name = 'LambdaInitError';
  constructor(readonly error: FunctionError) {
    super(`the function's init failed: ${error.errorType}: ${error.errorMessage}`);
  }
}

export class ExecutionEnvironment {
  #pending: { requestId: string; settle: (outcome: InvocationOutcome) => void } | undefined;
  #exited = false;
  /** Killed, or its runtime is going down: never handed another invocation. */
  #retired = false;
  #invocations = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly logStreamName: string,
  ) {
    child.on('message', (message: HostMessage) => {
      if (message.type !== 'result' || this.#pending?.requestId !== message.requestId) return;
      if (!message.ok && message.fatal) this.#retired = true;
      this.#pending.settle(message.ok ? { kind: 'result', payload: message.payload } : { kind: 'function-error', error: message.error });
    });
    const gone = (how: string) => {
      this.#exited = true;
      this.#pending?.settle({
        kind: 'function-error',
        error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${this.#pending.requestId} Error: Runtime exited with ${how}` },
      });
    };
    child.on('exit', (code, signal) => gone(signal ? `signal: ${signal}` : `error: exit status ${code}`));
    // Spawn failures and IPC write errors (the process died between two messages).
    child.on('error', (error) => gone(`error: ${error.message}`));
  }

  /** Starts the process and runs the init phase; rejects with `LambdaInitError` when the code cannot load. */
  static async create(spec: EnvironmentSpec): Promise<ExecutionEnvironment> {
    const child = fork(HOST, [], {
      execPath: process.execPath,
      // Bundles load on plain Node.js, as in Lambda; TypeScript source needs tsx.
      execArgv: spec.entryPath.endsWith('.ts') ? ['--import', 'tsx'] : [],
      env: spec.environment,
      cwd: dirname(spec.entryPath),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (text) => spec.onLine({ logStreamName: spec.logStreamName, stream, text }));
    }
    const environment = new ExecutionEnvironment(child, spec.logStreamName);
    await new Promise<void>((resolve, reject) => {
      const fail = (error: FunctionError) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
        environment.dispose();
        reject(new LambdaInitError(error));
      };
      const timer = setTimeout(
        () => fail({ errorType: 'Runtime.InitTimeout', errorMessage: `INIT did not finish within ${spec.initTimeoutMs / 1000} seconds` }),
        spec.initTimeoutMs,
      );
      const onMessage = (message: HostMessage) => {
        if (message.type === 'init-error') return fail(message.error);
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
        resolve();
      };
      const onExit = (code: number | null) => fail({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited during INIT with exit status ${code}` });
      const onError = (error: Error) => fail({ errorType: 'Runtime.ExitError', errorMessage: `Runtime could not start: ${error.message}` });
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.once('error', onError);
      child.send({ type: 'init', entryUrl: pathToFileURL(spec.entryPath).href, exportName: spec.exportName, ...(spec.factoryArgs ? { factoryArgs: spec.factoryArgs } : {}) });
    });
    return environment;
  }

  /** Whether it may serve another invocation. */
  get reusable(): boolean {
    return !this.#exited && !this.#retired && this.child.connected;
  }

  /** Invocations started so far: the first one of an environment is its cold start. */
  get invocations(): number {
    return this.#invocations;
  }

  get busy(): boolean {
    return this.#pending !== undefined;
  }

  /** Runs one invocation; at `deadlineMs` the environment is killed and the outcome is a timeout. */
  invoke(message: InvokeMessage): Promise<InvocationOutcome> {
    if (this.#pending) throw new Error('an execution environment runs one invocation at a time');
    const requestId = message.context.awsRequestId;
    this.#invocations += 1;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle({ kind: 'timeout' });
        this.dispose();
      }, Math.max(0, message.context.deadlineMs - Date.now()));
      const settle = (outcome: InvocationOutcome) => {
        if (this.#pending?.requestId !== requestId) return;
        clearTimeout(timer);
        this.#pending = undefined;
        resolve(outcome);
      };
      this.#pending = { requestId, settle };
      this.child.send(message);
    });
  }

  /** Stops the process (SIGKILL: as Lambda, no chance to finish). */
  dispose(): void {
    this.#retired = true;
    if (!this.#exited) this.child.kill('SIGKILL');
  }

  /** Resolves once the process is gone. */
  exited(): Promise<void> {
    if (this.#exited) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }
}
