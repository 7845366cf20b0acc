/**
 * The runtime of one local Lambda execution environment: a child process that loads the function's code
 * once (the init phase) and then runs one invocation at a time, as Lambda's Node.js runtime does.
 *
 * It runs on plain Node.js 24 with no loader (Node strips the types of this file itself), so the deployed
 * bundle is loaded exactly as Lambda loads it. Hence: erasable TypeScript only, and no relative imports
 * other than types.
 *
 * Like Lambda's Node.js runtime it:
 * - gives the handler a context whose `getRemainingTimeInMillis()` counts down to the invocation's deadline;
 * - sets `_X_AMZN_TRACE_ID` for the invocation;
 * - reports a thrown error as `{errorType, errorMessage}` and logs it as `ERROR Invoke Error` on stderr;
 * - dies on an uncaught exception or unhandled rejection (the environment is then replaced).
 * Lambda's timeout is enforced by the parent, which kills this process (execution-environment.ts).
 */
import type { FunctionError, HostMessage, InitMessage, InvokeMessage, ParentMessage } from './runtime-protocol.js';

type Handler = (event: unknown, context: unknown) => unknown;

let handler: Handler | undefined;
let currentRequestId: string | undefined;

function send(message: HostMessage): void {
  process.send?.(message);
}

function toFunctionError(error: unknown, fallbackType = 'Error'): FunctionError {
  if (error instanceof Error) return { errorType: error.name || fallbackType, errorMessage: error.message };
  return { errorType: fallbackType, errorMessage: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) };
}

/** The line Lambda's Node.js runtime writes for a failed invocation. */
function logInvokeError(requestId: string, error: FunctionError): void {
  process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(error)}\n`);
}

async function init(message: InitMessage): Promise<void> {
  const started = performance.now();
  try {
    const module = (await import(message.entryUrl)) as Record<string, unknown>;
    const exported = module[message.exportName];
    if (typeof exported !== 'function') {
      send({ type: 'init-error', error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${message.exportName} is not a function exported by the code` } });
      return;
    }
    handler = message.factoryArgs ? ((await (exported as (...args: unknown[]) => unknown)(...message.factoryArgs)) as Handler) : (exported as Handler);
    if (typeof handler !== 'function') {
      send({ type: 'init-error', error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${message.exportName}(...) did not return a handler function` } });
      return;
    }
    send({ type: 'ready', initDurationMs: performance.now() - started });
  } catch (error) {
    const failure = toFunctionError(error, 'Runtime.ImportModuleError');
    process.stderr.write(`${new Date().toISOString()}\tundefined\tERROR\tInit Error \t${JSON.stringify(failure)}\n`);
    send({ type: 'init-error', error: failure });
  }
}

async function invoke(message: InvokeMessage): Promise<void> {
  const fields = message.context;
  const requestId = fields.awsRequestId;
  currentRequestId = requestId;
  if (fields.traceId) process.env._X_AMZN_TRACE_ID = fields.traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fields.functionName,
    functionVersion: fields.functionVersion,
    invokedFunctionArn: fields.invokedFunctionArn,
    memoryLimitInMB: fields.memoryLimitInMB,
    awsRequestId: requestId,
    logGroupName: fields.logGroupName,
    logStreamName: fields.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, fields.deadlineMs - Date.now()),
  };
  try {
    const result = await handler!(JSON.parse(message.event) as unknown, context);
    // Lambda serialises the result as JSON; `undefined` becomes null.
    send({ type: 'result', requestId, ok: true, payload: JSON.stringify(result) ?? 'null' });
  } catch (error) {
    const failure = toFunctionError(error);
    logInvokeError(requestId, failure);
    send({ type: 'result', requestId, ok: false, error: failure });
  } finally {
    currentRequestId = undefined;
  }
}

function crash(errorType: string, error: unknown): void {
  const failure = { ...toFunctionError(error), errorType };
  if (currentRequestId !== undefined) {
    logInvokeError(currentRequestId, failure);
    send({ type: 'result', requestId: currentRequestId, ok: false, error: failure, fatal: true });
  }
  // As Lambda: the environment does not survive; the next invocation gets a new one.
  setImmediate(() => process.exit(129));
}

process.on('uncaughtException', (error) => crash('Runtime.UncaughtException', error));
process.on('unhandledRejection', (reason) => crash('Runtime.UnhandledPromiseRejection', reason));
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group; the parent stops environments itself (Lambda sends no signals).
process.on('SIGINT', () => undefined);
process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') void init(message);
  else if (message.type === 'invoke') void invoke(message);
});
