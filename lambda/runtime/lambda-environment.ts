/**
 * The process environment as a plain object, in Lambda only.
 *
 * `process.env` is not an ordinary object: every read calls into C++ (getenv, then a new string).
 * Powertools reads it about 30 times per invocation (AWS_LAMBDA_MAX_CONCURRENCY on each access to its
 * invocation-scoped stores, _X_AMZN_TRACE_ID for each log line), some 3 µs of a warm invocation.
 * Lambda's environment is fixed for the life of the execution environment; the one variable the
 * runtime changes per invocation, _X_AMZN_TRACE_ID, it writes through `process.env` (the runtime
 * interface client's InvokeContext), so it lands in the copy as well, as does anything else written
 * through `process.env`. What the copy no longer does: hand changes to native code (a later
 * `process.env.TZ = ...` would not change the time zone) or coerce assigned values to strings; nothing
 * in this function does either.
 *
 * A global side effect, so it is limited to the Lambda runtime (AWS_EXECUTION_ENV = AWS_Lambda_*, as
 * Lambda and the local stack set it) and done once, by the deployed module (lambda/handler.ts).
 */
export function useEnvironmentSnapshotInLambda(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_')) return false;
  process.env = { ...env };
  return true;
}
