/**
 * Exactly-once mutating actions: what the rest of the runtime sees of the idempotency store.
 *
 * An action whose contract says `"mutating": true` runs at most once per (action, input) within the
 * expiry window: the first call records itself in the store, carries the action out and stores its
 * answer; an identical call (same action, same `input_hash`) inside the window gets that answer back
 * without a second downstream call. Only a 2xx answer is stored: a failed call removes its record, so
 * its retry calls again. While the first call is still running, a duplicate gets 409
 * REQUEST_IN_PROGRESS; its in-progress record expires with the first invocation's remaining Lambda
 * time, so a call that died (timeout, crash) never blocks its retry for longer than that.
 *
 * The store itself (Powertools Idempotency over DynamoDB, `idempotency-store.ts`) is imported on the
 * first mutating call only: a container that serves only non-mutating actions never loads the DynamoDB
 * client nor pays anything per call.
 */
import type { Context } from 'aws-lambda';
import type { ActionOutput } from './action.js';

/** The DynamoDB table's layout, shared by the store, the CDK stack and the local stack. */
export const IDEMPOTENCY_TABLE = {
  /** Partition key (string): `<action>#<hash of {action, input_hash}>`. */
  partitionKey: 'id',
  /** Epoch seconds after which the record is expired; the table's TTL attribute. */
  ttlAttribute: 'expiration',
} as const;

/** IDEMPOTENCY_TTL_SECONDS's default: how long an answer is replayed to an identical call (Powertools's default too). */
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 3_600;

/** Where the records live and how long an answer is replayed (IDEMPOTENCY_TABLE_NAME, IDEMPOTENCY_TTL_SECONDS). */
export interface IdempotencySettings {
  tableName: string;
  expiresAfterSeconds: number;
}

/** One mutating call as the store sees it. */
export interface IdempotentCall {
  /** The answer of an earlier identical call, replayed; undefined when this call owns the record and must run. */
  readonly replayed: ActionOutput | undefined;
  /** Stores this call's successful answer (the record becomes COMPLETED, replayable until it expires). */
  complete(output: ActionOutput): Promise<void>;
  /** Removes this call's in-progress record after a failure, so that a retry runs again. */
  release(): Promise<void>;
}

export interface IdempotencyStoreLike {
  /**
   * Claims (action, inputHash) for this invocation, or returns the stored answer of an earlier identical
   * call. Throws `RequestInProgressError` while another invocation holds the claim, and
   * `IdempotencyUnavailableError` when the store cannot be used.
   */
  begin(action: string, inputHash: string, context: Context): Promise<IdempotentCall>;
}

/** The store, created on first use; a failed load is retried by the next call rather than cached. */
export function lazyIdempotencyStore(settings: IdempotencySettings): () => Promise<IdempotencyStoreLike> {
  let pending: Promise<IdempotencyStoreLike> | undefined;
  return () =>
    (pending ??= import('./idempotency-store.js')
      .then(({ IdempotencyStore }) => new IdempotencyStore(settings))
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      }));
}
