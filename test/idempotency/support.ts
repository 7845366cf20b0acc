/**
 * What the exactly-once tests share: the real handler (LambdaHarness: real API Gateway events, the real
 * downstream client against the downstream stub on 127.0.0.1) pointed at a real DynamoDB implementation
 * (dynalite on 127.0.0.1) through the SDK's standard endpoint variable, as the local stack points it.
 */
import { createHash } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { IDEMPOTENCY_TABLE } from '../../lambda/runtime/idempotency.js';
import { LOCAL_DYNAMODB_CREDENTIALS, type LocalDynamoDb } from '../../tools/local-dynamodb/local-dynamodb.js';
import { proxyResult, type HarnessOptions, type Invocation } from '../support/lambda-harness.js';

let tables = 0;

/** The function's environment for the idempotency store at `db`, with a fresh table. */
export async function idempotencyEnv(db: LocalDynamoDb, ttlSeconds?: number): Promise<Record<string, string>> {
  const tableName = `idempotency-${process.pid}-${++tables}`;
  await db.createIdempotencyTable(tableName);
  return {
    IDEMPOTENCY_TABLE_NAME: tableName,
    ...(ttlSeconds === undefined ? {} : { IDEMPOTENCY_TTL_SECONDS: String(ttlSeconds) }),
    AWS_ENDPOINT_URL_DYNAMODB: db.url,
    AWS_ACCESS_KEY_ID: LOCAL_DYNAMODB_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_DYNAMODB_CREDENTIALS.secretAccessKey,
  };
}

/** Harness options for the idempotency store at `db`, with a fresh table. */
export async function idempotencyOptions(db: LocalDynamoDb, ttlSeconds?: number): Promise<HarnessOptions> {
  return { env: await idempotencyEnv(db, ttlSeconds) };
}

/** The one audit record of an invocation (and that there is exactly one). */
export function theAudit(invocation: Invocation): Record<string, unknown> {
  expect(invocation.audits).toHaveLength(1);
  return invocation.audits[0]!;
}

export const statusOf = (invocation: Invocation): number => proxyResult(invocation.result).statusCode;

/**
 * The record key of (action, input_hash), computed as documented: Powertools's sha256 (base64) of the
 * key-sorted JSON of `{action, input_hash}`, prefixed with the action.
 */
export function recordKey(action: string, inputHash: string): string {
  const digest = createHash('sha256').update(JSON.stringify({ action, input_hash: inputHash })).digest('base64');
  return `${action}#${digest}`;
}

export interface StoredRecord {
  id: string;
  status: string;
  expiration: number;
  in_progress_expiration?: number;
  data?: unknown;
}

const documents = (db: LocalDynamoDb) => DynamoDBDocumentClient.from(db.client);

export async function readRecord(db: LocalDynamoDb, tableName: string, id: string): Promise<StoredRecord | undefined> {
  const { Item } = await documents(db).send(new GetCommand({ TableName: tableName, Key: { [IDEMPOTENCY_TABLE.partitionKey]: id }, ConsistentRead: true }));
  return Item as StoredRecord | undefined;
}

export async function allRecords(db: LocalDynamoDb, tableName: string): Promise<StoredRecord[]> {
  const { Items = [] } = await documents(db).send(new ScanCommand({ TableName: tableName }));
  return Items as StoredRecord[];
}

/** Waits (real time) until `epochMs` has passed. */
export async function waitUntil(epochMs: number): Promise<void> {
  const ms = epochMs - Date.now();
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms + 20));
}
