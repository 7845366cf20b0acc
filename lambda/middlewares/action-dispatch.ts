/**
 * Action dispatch: the handler at the centre of the Middy chain (the only place Middy hands its abort
 * signal to). Computes the time budget, binds the container's downstream client to this invocation
 * (bearer key, deadline, Middy's signal, the action's idempotency, correlation id) and runs the action.
 *
 * Budget = min(remaining Lambda time, what is left of the action's `timeoutSeconds` since the
 * invocation started) − DEADLINE_SAFETY_MARGIN_MS. Genesys's clock started before ours, so the time
 * spent in the chain (a cold start's secret reads) is taken off its timeout too.
 */
import type { ActionInput, ActionOutput } from '../runtime/action.js';
import { computeBudgetMs, Deadline } from '../runtime/deadline.js';
import type { DownstreamClient } from '../runtime/downstream-client.js';
import { DeadlineExceededError } from '../runtime/errors.js';
import type { DataActionContext } from '../runtime/invocation-state.js';

export interface ActionDispatcherOptions {
  /** The container's downstream client, created on first use. */
  downstreamClient: () => Pick<DownstreamClient, 'bind'>;
  /** The bearer key (DOWNSTREAM_API_KEY_SECRET_ARN), cached. */
  downstreamApiKey: () => Promise<string>;
  /** DEADLINE_SAFETY_MARGIN_MS. */
  deadlineSafetyMarginMs: number;
}

export type ActionDispatcher = (event: unknown, context: DataActionContext, options: { signal: AbortSignal }) => Promise<ActionOutput>;

export function createActionDispatcher(options: ActionDispatcherOptions): ActionDispatcher {
  const { downstreamClient, downstreamApiKey, deadlineSafetyMarginMs } = options;
  if (typeof downstreamClient !== 'function' || typeof downstreamApiKey !== 'function') {
    throw new TypeError('createActionDispatcher: downstreamClient and downstreamApiKey are required');
  }
  if (!Number.isInteger(deadlineSafetyMarginMs) || deadlineSafetyMarginMs < 0) {
    throw new TypeError('createActionDispatcher: deadlineSafetyMarginMs must be a non-negative integer');
  }

  return async function dispatchAction(_event, context, { signal }) {
    const state = context.invocation;
    const action = state.action;
    if (action === undefined) throw new Error('dispatchAction: runs after action routing');
    const { contract } = action;
    const apiKey = await downstreamApiKey();
    const remainingLambdaMs = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : Number.NaN;
    const spentSeconds = (performance.now() - state.startedAt) / 1000;
    const budgetMs = computeBudgetMs(remainingLambdaMs, contract.timeoutSeconds - spentSeconds, deadlineSafetyMarginMs);
    if (budgetMs === 0) throw new DeadlineExceededError('The time allowed for this action was spent before the business system could be called.');
    const deadline = new Deadline(budgetMs);
    const downstream = downstreamClient().bind({ apiKey, deadline, signal, idempotent: contract.idempotent, correlationId: state.correlationId });
    state.downstream = downstream;
    try {
      return await action.handle({ input: state.input as ActionInput, contract, downstream, correlationId: state.correlationId });
    } finally {
      deadline.dispose(); // the action is done with the business system: its timer need not fire
    }
  };
}
