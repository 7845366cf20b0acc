/**
 * Idempotency: exactly-once mutating actions (contract `"mutating": true`; see runtime/idempotency.ts).
 *
 * Sits after input validation, so only authenticated, routed, valid calls are recorded, and before
 * output validation, so its `after` sees an answer that passed the output contract:
 * - before: claims (action, input_hash) in the store. A duplicate of a call still running → 409
 *   REQUEST_IN_PROGRESS (Retry-After); the store unusable → 503 IDEMPOTENCY_UNAVAILABLE (fail closed:
 *   a mutating action never runs unprotected). An earlier identical call's stored answer becomes this
 *   invocation's `replayedOutput`, which `withIdempotentReplay` answers instead of running the action:
 *   the rest of the chain (output validation, adapter, metrics, the one audit record saying
 *   `idempotent_replay: true`) runs as for any answer.
 * - after: stores the answer (2xx only: errors never reach `after`). If that fails the answer still
 *   stands — the change was made — and the failure is logged; the record stays in progress until it
 *   expires with the invocation's remaining time.
 * - onError: releases the record of the call that owns it, so a retry runs again. Never throws: the
 *   caller's error and the audit record must not be replaced by a store failure.
 *
 * The input hash is computed once, here, and kept on the invocation for the audit record.
 * Non-mutating actions cost one property read; the store is created on the first mutating call.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { KeyObject } from 'node:crypto';
import type { ActionOutput } from '../runtime/action.js';
import { inputHash } from '../runtime/audit.js';
import type { IdempotencyStoreLike, IdempotentCall } from '../runtime/idempotency.js';
import { invocationOf, type DataActionContext, type DataActionMiddleware, type DataActionRequest, type InvocationState } from '../runtime/invocation-state.js';
import { IdempotencyUnavailableError } from '../runtime/errors.js';
import { describeErrorForLog } from '../runtime/safe-error-log.js';

export interface IdempotencyMiddlewareOptions {
  /** The store (IDEMPOTENCY_TABLE_NAME), created on first use. */
  store: () => Promise<IdempotencyStoreLike>;
  /** The audit HMAC key (AUDIT_HMAC_SECRET_ARN), cached: the key is the audit `input_hash`. */
  auditHmacKey: () => Promise<KeyObject>;
  logger: Logger;
}

export const IDEMPOTENCY_RECORD_FAILURE_MESSAGE = 'idempotency record not updated';

export function idempotencyMiddleware(options: IdempotencyMiddlewareOptions): DataActionMiddleware {
  const { store, auditHmacKey, logger } = options;
  if (typeof store !== 'function' || typeof auditHmacKey !== 'function' || !logger) {
    throw new TypeError('idempotencyMiddleware: store, auditHmacKey and logger are required');
  }
  /** The calls that own their record, until `after` or `onError` settles them. */
  const owned = new WeakMap<InvocationState, IdempotentCall>();

  const idempotencyMiddlewareBefore = async (request: DataActionRequest): Promise<void> => {
    const state = invocationOf(request);
    const action = state.action;
    if (action?.contract.mutating !== true) return;
    const hash = (state.inputHash ??= inputHash(state.input, await auditHmacKey()));
    let idempotencyStore: IdempotencyStoreLike;
    try {
      idempotencyStore = await store();
    } catch (error) {
      throw new IdempotencyUnavailableError('The request could not be checked against earlier identical requests; nothing was changed.', { cause: error });
    }
    const call = await idempotencyStore.begin(action.contract.name, hash, request.context);
    if (call.replayed !== undefined) state.replayedOutput = call.replayed;
    else owned.set(state, call);
  };

  const settle = async (request: DataActionRequest, how: 'complete' | 'release'): Promise<void> => {
    const state = invocationOf(request);
    const call = state === undefined ? undefined : owned.get(state);
    if (call === undefined) return;
    owned.delete(state);
    try {
      if (how === 'complete') await call.complete(request.response as ActionOutput);
      else await call.release();
    } catch (error) {
      logger.error({ message: IDEMPOTENCY_RECORD_FAILURE_MESSAGE, action: state.requestedAction, step: how, error_chain: describeErrorForLog(error) });
    }
  };

  const idempotencyMiddlewareAfter = (request: DataActionRequest): Promise<void> => settle(request, 'complete');
  const idempotencyMiddlewareOnError = (request: DataActionRequest): Promise<void> => settle(request, 'release');

  return { before: idempotencyMiddlewareBefore, after: idempotencyMiddlewareAfter, onError: idempotencyMiddlewareOnError };
}

type Dispatcher = (event: unknown, context: DataActionContext, options: { signal: AbortSignal }) => Promise<ActionOutput>;

/** The chain's handler: a replayed answer instead of running the action again. */
export function withIdempotentReplay(dispatch: Dispatcher): Dispatcher {
  return function dispatchOrReplay(event, context, options) {
    const replayed = context.invocation.replayedOutput;
    return replayed === undefined ? dispatch(event, context, options) : Promise.resolve(replayed);
  };
}
