/**
 * The timeout chain, derived from one setting per action (its contract's `timeoutSeconds`):
 *
 *   Genesys timeoutSeconds  ≥  API Gateway integration timeout (≤ 29 s)  ≥  Lambda timeout  ≥  handler budget
 *
 * - Genesys `config.timeoutSeconds` = the contract's `timeoutSeconds` (an integer, 1–60).
 * - Integration timeout (api-gateway mode) = min(timeoutSeconds, 29 s): the most the action may take.
 * - One function serves every action, so its timeout must fit under every action's integration timeout
 *   (in lambda mode, under every action's Genesys timeout): by default it is the smallest of them.
 * - The handler's budget = min(remaining Lambda time, timeoutSeconds) − DEADLINE_SAFETY_MARGIN_MS, at most
 *   min(Lambda timeout, timeoutSeconds) − margin; it must stay above zero, so the handler answers 504
 *   `DEADLINE_EXCEEDED` before Lambda, API Gateway or Genesys give up.
 *
 * `planTimeouts` checks every link and throws one `TimeoutChainError` naming each action and the numbers
 * that cannot agree, so `cdk synth` fails before anything is deployed. The local stack (npm start) runs
 * with the same plan.
 */
import type { IntegrationMode } from './deployment.js';

/** API Gateway REST's default maximum integration timeout. */
export const API_GATEWAY_MAX_INTEGRATION_TIMEOUT_MS = 29_000;
/** Genesys `config.timeoutSeconds` range (reference §1). */
export const GENESYS_TIMEOUT_SECONDS = { min: 1, max: 60 } as const;
/** Lambda's own timeout range. */
export const LAMBDA_TIMEOUT_SECONDS = { min: 1, max: 900 } as const;

export interface TimeoutChainInput {
  mode: IntegrationMode;
  actions: ReadonlyArray<{ name: string; timeoutSeconds: number }>;
  /** A configured function timeout; derived when absent. */
  lambdaTimeoutSeconds?: number | undefined;
  deadlineSafetyMarginMs: number;
}

export interface ActionTimeouts {
  /** What Genesys waits (the contract's `timeoutSeconds`). */
  genesysTimeoutSeconds: number;
  /** API Gateway integration timeout; undefined in lambda mode (no API Gateway). */
  integrationTimeoutMs: number | undefined;
  /** The most the handler may spend: min(Lambda timeout, Genesys timeout) − margin. */
  handlerBudgetMs: number;
}

export interface TimeoutPlan {
  lambdaTimeoutSeconds: number;
  deadlineSafetyMarginMs: number;
  actions: Readonly<Record<string, ActionTimeouts>>;
}

export class TimeoutChainError extends Error {
  override readonly name = 'TimeoutChainError';
  constructor(readonly problems: string[]) {
    super(
      'The timeouts cannot agree (Genesys timeoutSeconds ≥ API Gateway integration timeout ≥ Lambda timeout ≥ handler budget > 0):\n' +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}

export function planTimeouts(input: TimeoutChainInput): TimeoutPlan {
  const { mode, actions, deadlineSafetyMarginMs: margin } = input;
  const problems: string[] = [];
  if (actions.length === 0) throw new TimeoutChainError(['there are no actions (lambda/actions/<name>/contract.json)']);
  if (!Number.isInteger(margin) || margin < 0) problems.push(`the deadline safety margin (${margin} ms) must be a whole number of ms ≥ 0`);

  // The most each action allows the function to run: its integration timeout, or its Genesys timeout.
  const ceilings = actions.map(({ name, timeoutSeconds }) => {
    const { min, max } = GENESYS_TIMEOUT_SECONDS;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < min || timeoutSeconds > max) {
      problems.push(`action "${name}": timeoutSeconds ${timeoutSeconds} must be an integer from ${min} to ${max} (Genesys config.timeoutSeconds)`);
    }
    const integrationTimeoutMs = mode === 'api-gateway' ? Math.min(timeoutSeconds * 1000, API_GATEWAY_MAX_INTEGRATION_TIMEOUT_MS) : undefined;
    return { name, timeoutSeconds, integrationTimeoutMs, ceilingMs: integrationTimeoutMs ?? timeoutSeconds * 1000 };
  });
  if (problems.length > 0) throw new TimeoutChainError(problems);

  const derived = Math.floor(Math.min(...ceilings.map((c) => c.ceilingMs)) / 1000);
  const lambdaTimeoutSeconds = input.lambdaTimeoutSeconds ?? derived;
  const { min, max } = LAMBDA_TIMEOUT_SECONDS;
  if (!Number.isInteger(lambdaTimeoutSeconds) || lambdaTimeoutSeconds < min || lambdaTimeoutSeconds > max) {
    throw new TimeoutChainError([`the Lambda timeout (${lambdaTimeoutSeconds} s) must be an integer from ${min} to ${max} s`]);
  }

  const planned: Record<string, ActionTimeouts> = {};
  for (const { name, timeoutSeconds, integrationTimeoutMs, ceilingMs } of ceilings) {
    if (lambdaTimeoutSeconds * 1000 > ceilingMs) {
      problems.push(
        integrationTimeoutMs !== undefined
          ? `action "${name}": the Lambda timeout (${lambdaTimeoutSeconds} s) exceeds its API Gateway integration timeout ` +
              `(${integrationTimeoutMs} ms = min(timeoutSeconds ${timeoutSeconds} s, 29 s)); set lambdaTimeoutSeconds ≤ ${derived} ` +
              `or raise timeoutSeconds in lambda/actions/${name}/contract.json`
          : `action "${name}": the Lambda timeout (${lambdaTimeoutSeconds} s) exceeds its Genesys timeoutSeconds (${timeoutSeconds} s); ` +
              `set lambdaTimeoutSeconds ≤ ${derived} or raise timeoutSeconds in lambda/actions/${name}/contract.json`,
      );
    }
    const handlerBudgetMs = Math.min(lambdaTimeoutSeconds, timeoutSeconds) * 1000 - margin;
    if (handlerBudgetMs <= 0) {
      problems.push(
        `action "${name}": the deadline safety margin (${margin} ms) leaves no handler budget ` +
          `(min(Lambda timeout ${lambdaTimeoutSeconds} s, timeoutSeconds ${timeoutSeconds} s) − ${margin} ms = ${handlerBudgetMs} ms); ` +
          `set deadlineSafetyMarginMs below ${Math.min(lambdaTimeoutSeconds, timeoutSeconds) * 1000}`,
      );
    }
    planned[name] = { genesysTimeoutSeconds: timeoutSeconds, integrationTimeoutMs, handlerBudgetMs };
  }
  if (problems.length > 0) throw new TimeoutChainError(problems);
  return { lambdaTimeoutSeconds, deadlineSafetyMarginMs: margin, actions: planned };
}
