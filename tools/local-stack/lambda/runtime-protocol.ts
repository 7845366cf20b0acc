/**
 * Messages between a local Lambda execution environment (runtime-host.ts, a child process) and the
 * function that runs it (execution-environment.ts), over Node's IPC channel. Events and results travel as
 * JSON text, as they do between Lambda and its runtime, so serialisation rules (toJSON, dropped
 * `undefined`) and payload sizes are Lambda's.
 */

/** What the environment loads: `exportName` of `entryUrl`, called with `factoryArgs` when given. */
export interface InitMessage {
  type: 'init';
  entryUrl: string;
  exportName: string;
  /** When set, `exportName` is a factory returning the handler (e.g. `createRegistrationHandler`). */
  factoryArgs?: unknown[];
}

/** The fields of the Lambda context that are data; the host adds `getRemainingTimeInMillis`. */
export interface InvocationContextFields {
  awsRequestId: string;
  invokedFunctionArn: string;
  functionName: string;
  functionVersion: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** Epoch ms at which the invocation times out (Lambda-Runtime-Deadline-Ms). */
  deadlineMs: number;
  /** X-Ray trace header, exposed as `_X_AMZN_TRACE_ID` during the invocation. */
  traceId?: string;
}

export interface InvokeMessage {
  type: 'invoke';
  context: InvocationContextFields;
  /** The event as JSON text. */
  event: string;
}

export type ParentMessage = InitMessage | InvokeMessage;

/** How Lambda reports a function error (`X-Amz-Function-Error: Unhandled`). */
export interface FunctionError {
  errorType: string;
  errorMessage: string;
}

export type HostMessage =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'init-error'; error: FunctionError }
  | { type: 'result'; requestId: string; ok: true; payload: string }
  /** `fatal`: the runtime is going down (uncaught exception): the environment must not be reused. */
  | { type: 'result'; requestId: string; ok: false; error: FunctionError; fatal?: boolean };
