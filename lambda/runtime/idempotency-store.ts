/**
 * The idempotency store: Powertools Idempotency (`makeHandlerIdempotent`) over one DynamoDB table,
 * driven per call rather than mounted as-is in the Middy chain, because three of its behaviours do not
 * fit our chain (checked against @aws-lambda-powertools/idempotency 2.35):
 *
 * - It hashes `request.event`: the raw API Gateway event, whose request ids and headers make every call
 *   unique. Our key is the action and the audit `input_hash` (the HMAC of the canonical input, already
 *   computed for the audit record), so it is handed `{ action, input_hash }` as its event.
 * - A replay is answered as an early return from `before`, which makes Middy skip every `after` hook:
 *   no audit record, no metrics, no proxy result. Here the replayed answer is handed back to the chain,
 *   which answers it through the normal path (`withIdempotentReplay` in the middleware).
 * - Its `onError` deletes the record even when `before` refused the call (a duplicate in progress), so
 *   a rejected duplicate would delete the lock of the call still running (Powertools issue #5675, fixed
 *   after 2.35). Here `release` exists only for the call that owns the record.
 *
 * Records: key `<action>#<sha256 of {"action","input_hash"}>` (`id`), `status` INPROGRESS | COMPLETED,
 * `expiration` (epoch s, the table's TTL), `in_progress_expiration` (epoch ms: now + the invocation's
 * remaining Lambda time, after which a retry may take the record over), `data` (the answer, once
 * COMPLETED). Nothing of the raw input is stored.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { Context } from 'aws-lambda';
import type { ActionOutput } from './action.js';
import { IdempotencyUnavailableError, RequestInProgressError } from './errors.js';
import { IDEMPOTENCY_TABLE, type IdempotencySettings, type IdempotencyStoreLike, type IdempotentCall } from './idempotency.js';

/**
 * Every mutating call reads and writes the store before and after its downstream call: fail in bounded
 * time (one retry, a second per attempt) rather than spend the action's budget waiting. The endpoint
 * comes from the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB` (local runs).
 */
const DYNAMODB_CLIENT_CONFIG: DynamoDBClientConfig = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_000 } };

/** How long a duplicate is told to wait: the first call usually answers well within a second. */
export const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

export interface IdempotencyStoreOptions extends IdempotencySettings {
  /** Default: a client with DYNAMODB_CLIENT_CONFIG. */
  client?: DynamoDBClient;
}

type PowertoolsHooks = ReturnType<typeof makeHandlerIdempotent>;
/** The Middy request shape Powertools's hooks take. */
type MiddyLikeRequest = Parameters<NonNullable<PowertoolsHooks['before']>>[0];

export class IdempotencyStore implements IdempotencyStoreLike {
  readonly #tableName: string;
  readonly #expiresAfterSeconds: number;
  readonly #client: DynamoDBClient;
  /** One persistence layer per action: Powertools keeps the key prefix on the layer. */
  readonly #layers = new Map<string, DynamoDBPersistenceLayer>();

  constructor(options: IdempotencyStoreOptions) {
    const { tableName, expiresAfterSeconds } = options;
    if (typeof tableName !== 'string' || tableName === '') throw new TypeError('IdempotencyStore: tableName is required');
    if (!Number.isInteger(expiresAfterSeconds) || expiresAfterSeconds < 1) throw new TypeError('IdempotencyStore: expiresAfterSeconds must be a positive integer');
    this.#tableName = tableName;
    this.#expiresAfterSeconds = expiresAfterSeconds;
    this.#client = options.client ?? new DynamoDBClient(DYNAMODB_CLIENT_CONFIG);
  }

  async begin(action: string, inputHash: string, context: Context): Promise<IdempotentCall> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#claim(action, inputHash, context);
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        // The identical call holding the record released it (its answer was an error) between our failed
        // claim and our read of the record: it is gone, so claim again, once. DynamoDB returns the record
        // with the failed condition (ALL_OLD), which leaves no such gap; dynalite does not, so Powertools
        // reads it separately, and unlike its Python twin does not retry when the read finds nothing.
        // Found by `npm run soak` (a repeated update racing a failing first one: 503 instead of an answer).
        if (name === 'IdempotencyItemNotFoundError' && attempt < 2) continue;
        if (name === 'IdempotencyAlreadyInProgressError') {
          throw new RequestInProgressError('The same request is still being carried out; retry shortly to get its answer.', {
            cause: error,
            retryAfterSeconds: IN_PROGRESS_RETRY_AFTER_SECONDS,
          });
        }
        throw new IdempotencyUnavailableError('The request could not be checked against earlier identical requests; nothing was changed.', { cause: error });
      }
    }
  }

  /** One claim of the record: the replayed answer, or the call holding the record; Powertools's errors as they are. */
  async #claim(action: string, inputHash: string, context: Context): Promise<IdempotentCall> {
    // A config per call: Powertools keeps the Lambda context (for the in-progress expiry) on the config.
    const config = new IdempotencyConfig({ expiresAfterSeconds: this.#expiresAfterSeconds, hashFunction: 'sha256' });
    const hooks = makeHandlerIdempotent({ persistenceStore: this.#layerOf(action), keyPrefix: action, config });
    const request: MiddyLikeRequest = { event: { action, input_hash: inputHash }, context, response: undefined, error: undefined, internal: {} };
    const replayed: unknown = await hooks.before?.(request);
    if (replayed !== undefined) return replayedCall(replayed as ActionOutput);
    return ownedCall(hooks, request);
  }

  #layerOf(action: string): DynamoDBPersistenceLayer {
    let layer = this.#layers.get(action);
    if (layer === undefined) {
      layer = new DynamoDBPersistenceLayer({
        tableName: this.#tableName,
        awsSdkV3Client: this.#client,
        keyAttr: IDEMPOTENCY_TABLE.partitionKey,
        expiryAttr: IDEMPOTENCY_TABLE.ttlAttribute,
      });
      this.#layers.set(action, layer);
    }
    return layer;
  }
}

const settled = async (): Promise<void> => undefined;

function replayedCall(output: ActionOutput): IdempotentCall {
  return { replayed: output, complete: settled, release: settled };
}

/** The call holds the record: exactly one of `complete` or `release` acts, once. */
function ownedCall(hooks: PowertoolsHooks, request: MiddyLikeRequest): IdempotentCall {
  let open = true;
  return {
    replayed: undefined,
    async complete(output) {
      if (!open) return;
      open = false;
      request.response = output;
      await hooks.after?.(request);
    },
    async release() {
      if (!open) return;
      open = false;
      await hooks.onError?.(request);
    },
  };
}
