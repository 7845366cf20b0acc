/**
 * A local Lambda function: the deployed code (normally a bundle from `dist/`) run the way Lambda runs it.
 *
 * - Execution environments are child processes (execution-environment.ts), each serving one invocation at
 *   a time; a warm idle one is reused, otherwise a new one is started (a cold start: the handler sees
 *   `cold_start` as in Lambda), up to `maxConcurrency`, beyond which the invoke is throttled.
 * - Each gets Lambda's reserved environment variables (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME, ...,
 *   placeholder role credentials) plus the function's own, and nothing from this process.
 * - The context carries a real deadline (`getRemainingTimeInMillis`), the request id, the invoked ARN.
 * - The function timeout is enforced: the environment is killed and the invoke fails with
 *   `Sandbox.Timedout`; Lambda's `Task timed out` line is logged.
 * - Payload limits of synchronous invokes (6 MB each way) are Lambda's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { ExecutionEnvironment, LambdaInitError, type EnvironmentLogLine } from './execution-environment.js';
import type { FunctionError } from './runtime-protocol.js';

export { LambdaInitError } from './execution-environment.js';
export type { FunctionError } from './runtime-protocol.js';

/** Lambda's synchronous invocation payload limit, request and response. */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Lambda's init phase limit for on-demand functions. */
const INIT_TIMEOUT_MS = 10_000;

export interface FunctionLogLine extends EnvironmentLogLine {
  functionName: string;
}

export interface LocalLambdaFunctionOptions {
  functionName: string;
  /** Absolute path of the code (a bundle, or TypeScript source run through tsx). */
  entryPath: string;
  /** The handler export. Default `handler`. */
  exportName?: string;
  /** When set, `exportName` is a factory called with these (JSON) arguments that returns the handler. */
  factoryArgs?: unknown[];
  /** The function's environment variables (as the stack sets them). */
  environment: Readonly<Record<string, string>>;
  timeoutSeconds: number;
  /** Default 1024. */
  memoryMb?: number;
  /** Default eu-west-1 / 000000000000: what the ARNs and AWS_REGION say. */
  region?: string;
  accountId?: string;
  /** Concurrent executions before invokes are throttled. Default 10. */
  maxConcurrency?: number;
  /** Every line the function writes (CloudWatch Logs' view). */
  onLog?: (line: FunctionLogLine) => void;
}

export interface InvokeOptions {
  /** Default: a new UUID. API Gateway passes its own so that it can log it before the answer. */
  awsRequestId?: string;
  /** An alias or version: the invoked ARN ends in `:<qualifier>`. */
  qualifier?: string;
  /** X-Ray trace header for `_X_AMZN_TRACE_ID`. */
  traceId?: string;
}

/** What a synchronous invoke gives the caller: the payload, or a function error (Lambda still answers 200). */
export type LambdaInvokeResult =
  | { requestId: string; ok: true; payload: unknown; coldStart: boolean; durationMs: number }
  | { requestId: string; ok: false; error: FunctionError; coldStart: boolean; durationMs: number };

/** The Invoke API itself refused (throttled, payload too large): the function never ran. */
export class LambdaInvokeRejectedError extends Error {
  override readonly name = 'LambdaInvokeRejectedError';
  constructor(
    readonly errorType: 'TooManyRequestsException' | 'RequestTooLargeException',
    message: string,
  ) {
    super(`${errorType}: ${message}`);
  }
}

export class LocalLambdaFunction {
  readonly functionName: string;
  readonly functionArn: string;
  readonly timeoutSeconds: number;
  readonly #options: LocalLambdaFunctionOptions;
  readonly #idle: ExecutionEnvironment[] = [];
  readonly #all = new Set<ExecutionEnvironment>();
  #starting = 0;
  #closed = false;

  constructor(options: LocalLambdaFunctionOptions) {
    if (!Number.isInteger(options.timeoutSeconds) || options.timeoutSeconds < 1 || options.timeoutSeconds > 900) {
      throw new RangeError(`LocalLambdaFunction: timeoutSeconds must be an integer from 1 to 900 (got ${options.timeoutSeconds})`);
    }
    this.#options = options;
    this.functionName = options.functionName;
    this.timeoutSeconds = options.timeoutSeconds;
    this.functionArn = `arn:aws:lambda:${this.#region}:${options.accountId ?? '000000000000'}:function:${options.functionName}`;
  }

  get #region(): string {
    return this.#options.region ?? 'eu-west-1';
  }

  /** Starts one environment now (as provisioned concurrency would), so that a broken init shows at once. */
  async warmUp(): Promise<void> {
    this.#idle.push(await this.#startEnvironment());
  }

  async invoke(event: unknown, options: InvokeOptions = {}): Promise<LambdaInvokeResult> {
    if (this.#closed) throw new Error(`${this.functionName} is closed`);
    const eventJson = JSON.stringify(event) ?? 'null';
    if (Buffer.byteLength(eventJson) > MAX_SYNC_PAYLOAD_BYTES) {
      throw new LambdaInvokeRejectedError('RequestTooLargeException', `Request must be smaller than ${MAX_SYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
    }
    const requestId = options.awsRequestId ?? randomUUID();
    const started = performance.now();
    let environment = this.#idle.pop();
    if (!environment) {
      if (this.#all.size + this.#starting >= (this.#options.maxConcurrency ?? 10)) {
        throw new LambdaInvokeRejectedError('TooManyRequestsException', 'Rate Exceeded.');
      }
      try {
        environment = await this.#startEnvironment();
      } catch (error) {
        if (!(error instanceof LambdaInitError)) throw error;
        // On-demand init failures surface as a function error of the invoke that needed the environment.
        return { requestId, ok: false, error: error.error, coldStart: true, durationMs: performance.now() - started };
      }
    }
    const coldStart = environment.invocations === 0;
    const outcome = await environment.invoke({
      type: 'invoke',
      event: eventJson,
      context: {
        awsRequestId: requestId,
        invokedFunctionArn: options.qualifier ? `${this.functionArn}:${options.qualifier}` : this.functionArn,
        functionName: this.functionName,
        functionVersion: '$LATEST',
        memoryLimitInMB: String(this.#options.memoryMb ?? 1024),
        logGroupName: `/aws/lambda/${this.functionName}`,
        logStreamName: environment.logStreamName,
        deadlineMs: Date.now() + this.timeoutSeconds * 1000,
        ...(options.traceId ? { traceId: options.traceId } : {}),
      },
    });
    const durationMs = performance.now() - started;
    if (environment.reusable && !this.#closed) this.#idle.push(environment);
    else {
      environment.dispose();
      this.#forget(environment);
    }

    if (outcome.kind === 'timeout') {
      const seconds = this.timeoutSeconds.toFixed(2);
      this.#emit(environment.logStreamName, 'stderr', `${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`);
      return { requestId, ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds` }, coldStart, durationMs };
    }
    if (outcome.kind === 'function-error') return { requestId, ok: false, error: outcome.error, coldStart, durationMs };
    if (Buffer.byteLength(outcome.payload) > MAX_SYNC_PAYLOAD_BYTES) {
      return {
        requestId,
        ok: false,
        error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_PAYLOAD_BYTES} bytes).` },
        coldStart,
        durationMs,
      };
    }
    return { requestId, ok: true, payload: JSON.parse(outcome.payload) as unknown, coldStart, durationMs };
  }

  /** Stops every environment (in-flight invocations end as `Runtime.ExitError`). */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#all];
    this.#idle.length = 0;
    for (const environment of all) environment.dispose();
    await Promise.all(all.map((environment) => environment.exited()));
    this.#all.clear();
  }

  async #startEnvironment(): Promise<ExecutionEnvironment> {
    const logStreamName = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
    this.#starting += 1;
    try {
      const environment = await ExecutionEnvironment.create({
        entryPath: this.#options.entryPath,
        exportName: this.#options.exportName ?? 'handler',
        ...(this.#options.factoryArgs ? { factoryArgs: this.#options.factoryArgs } : {}),
        environment: this.#processEnvironment(logStreamName),
        logStreamName,
        initTimeoutMs: INIT_TIMEOUT_MS,
        onLine: (line) => this.#options.onLog?.({ ...line, functionName: this.functionName }),
      });
      if (this.#closed) {
        environment.dispose();
        throw new Error(`${this.functionName} was closed while an environment started`);
      }
      this.#all.add(environment);
      void environment.exited().then(() => this.#forget(environment));
      return environment;
    } finally {
      this.#starting -= 1;
    }
  }

  #forget(environment: ExecutionEnvironment): void {
    this.#all.delete(environment);
    const at = this.#idle.indexOf(environment);
    if (at >= 0) this.#idle.splice(at, 1);
  }

  #emit(logStreamName: string, stream: 'stdout' | 'stderr', text: string): void {
    this.#options.onLog?.({ functionName: this.functionName, logStreamName, stream, text });
  }

  /** Lambda's reserved variables, then the function's own (which cannot override the reserved ones). */
  #processEnvironment(logStreamName: string): Record<string, string> {
    const region = this.#region;
    const reserved: Record<string, string> = {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: this.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.#options.memoryMb ?? 1024),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
      LAMBDA_TASK_ROOT: dirname(this.#options.entryPath),
      // Placeholders standing for the execution role's temporary credentials: they sign requests to the
      // local Secrets Manager endpoint only and are worth nothing anywhere else.
      AWS_ACCESS_KEY_ID: 'ASIALOCALEXECUTIONROLE',
      AWS_SECRET_ACCESS_KEY: 'local-execution-role-placeholder',
      AWS_SESSION_TOKEN: 'local-execution-role-placeholder',
      TZ: 'UTC',
      LANG: 'en_US.UTF-8',
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    };
    return { ...this.#options.environment, ...reserved };
  }
}
