/**
 * Deadline overshoot: one warm container (the deployed dist/handler.mjs, through its seams) whose
 * downstream never answers (a real loopback server that accepts and hangs). Each run gets a context with `remainingMs` left, so the handler's budget is
 * computeBudgetMs(remainingMs, timeoutSeconds, DEADLINE_SAFETY_MARGIN_MS), counted from the invocation's
 * start; the answer (504 DEADLINE_EXCEEDED) should come right at the budget.
 *
 * The one change from the deployed defaults: the circuit breaker needs 1 000 calls before it may open,
 * so that all the runs reach the deadline instead of the open circuit failing them fast after ten.
 */
import type { DataActionHandler } from '../../lambda/handler.js';
import { computeBudgetMs } from '../../lambda/runtime/deadline.js';
import { lambdaContext } from '../../test/support/lambda-context.js';
import type { DeadlineInput, DeadlineRun, DeployedModule } from '../protocol.js';
import { readInput, report, statusCodeOf } from './io.js';

const input = readInput<DeadlineInput>();
const deployed = (await import(input.handlerUrl)) as DeployedModule;
const config = deployed.loadConfig();
const downstreamClient = new deployed.DownstreamClient({
  baseUrl: config.downstreamBaseUrl,
  maxRetries: config.downstreamMaxRetries,
  circuitBreaker: { volumeThreshold: 1_000 },
});
const handler: DataActionHandler = deployed.createDataActionHandler(config, { downstreamClient });

function errorCodeOf(result: unknown): string | undefined {
  try {
    const code = (JSON.parse((result as { body: string }).body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

const runs: DeadlineRun[] = [];
for (let i = 0; i < input.runs; i++) {
  const event: unknown = JSON.parse(input.eventJson);
  const context = lambdaContext({ timeoutMs: input.remainingMs });
  const budgetMs = computeBudgetMs(input.remainingMs, input.timeoutSeconds, config.deadlineSafetyMarginMs);
  const started = performance.now();
  const result = await handler(event, context);
  const elapsedMs = performance.now() - started;
  runs.push({ elapsedMs, budgetMs, statusCode: statusCodeOf(result), errorCode: errorCodeOf(result) });
}
downstreamClient.close();
report({ kind: 'deadline', marginMs: config.deadlineSafetyMarginMs, runs });
process.exit(0);
