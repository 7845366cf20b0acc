/**
 * A race `npm run soak` found: a flow retries an update while the first, identical call is still running,
 * and the first then fails. The retry's claim of the record fails (the first holds it); by the time the
 * retry reads the record, the first has released it. Powertools then finds nothing and gives up, and the
 * retry answered 503 IDEMPOTENCY_UNAVAILABLE though the store was fine. Now the retry claims again.
 *
 * The gap is made deterministic here, against dynalite: the retry's client releases the first call's record
 * just before its read (an SDK middleware on that client, nothing mocked).
 */
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_TABLE } from '../../lambda/runtime/idempotency.js';
import { IdempotencyStore } from '../../lambda/runtime/idempotency-store.js';
import { LOCAL_DYNAMODB_CREDENTIALS, LocalDynamoDb } from '../../tools/local-dynamodb/local-dynamodb.js';
import { lambdaContext } from '../support/lambda-context.js';
import { readRecord, recordKey } from './support.js';

const TABLE = 'store-race';
const HASH = 'a'.repeat(64);

describe('idempotency store: the record released between a failed claim and its read', () => {
  let db: LocalDynamoDb;
  beforeAll(async () => {
    db = await LocalDynamoDb.start();
    await db.createIdempotencyTable(TABLE);
  });
  afterAll(() => db.close());

  const client = () => new DynamoDBClient({ endpoint: db.url, region: 'eu-west-1', credentials: LOCAL_DYNAMODB_CREDENTIALS, maxAttempts: 1 });

  /** A client that, before its first GetItem, deletes the record: the first call releasing it at that moment. */
  function clientReleasingBeforeRead(key: string): DynamoDBClient {
    const racing = client();
    let released = false;
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetItemCommand' && !released) {
          released = true;
          await db.client.send(new DeleteItemCommand({ TableName: TABLE, Key: { [IDEMPOTENCY_TABLE.partitionKey]: { S: key } } }));
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    return racing;
  }

  it('the retry claims the released record and carries the call out (no 503)', async () => {
    const key = recordKey('customer-update', HASH);
    const first = await new IdempotencyStore({ tableName: TABLE, expiresAfterSeconds: 60, client: client() }).begin('customer-update', HASH, lambdaContext({ timeoutMs: 5_000 }));
    expect(first.replayed).toBeUndefined();
    expect((await readRecord(db, TABLE, key))?.status).toBe('INPROGRESS');

    const retryStore = new IdempotencyStore({ tableName: TABLE, expiresAfterSeconds: 60, client: clientReleasingBeforeRead(key) });
    const retry = await retryStore.begin('customer-update', HASH, lambdaContext({ timeoutMs: 5_000 }));
    expect(retry.replayed).toBeUndefined(); // it holds the record now, and goes on to call the business system
    expect((await readRecord(db, TABLE, key))?.status).toBe('INPROGRESS');
    await retry.complete({ success: true, message: 'Customer updated.', trace_id: 't' });
    expect((await readRecord(db, TABLE, key))?.status).toBe('COMPLETED');
  });
});
