/**
 * A DynamoDB endpoint on this machine: dynalite (a DynamoDB implementation over an in-memory LevelDB)
 * on a loopback port, with the idempotency table laid out as the CDK stack lays it out
 * (runtime/idempotency.ts `IDEMPOTENCY_TABLE`). Used by the idempotency tests and by `npm start`.
 *
 * Point the function at it with the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB=<url>` and any
 * credentials (dynalite checks none). dynalite has no TTL sweeper (nor `UpdateTimeToLive`); that is
 * fine, because Powertools checks a record's expiry itself and never relies on TTL deletion.
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { IDEMPOTENCY_TABLE } from '../../lambda/runtime/idempotency.js';

export interface LocalDynamoDbOptions {
  /** Loopback only. Default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** 0 (default) picks a free port. */
  port?: number;
}

/** Credentials for the local endpoint: dynalite signs nothing, the SDK still wants some. */
export const LOCAL_DYNAMODB_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const REGION = 'eu-west-1';
/** The credentials of `client`, so that its own requests are told apart from the function's. */
const INSPECTOR_CREDENTIALS = { accessKeyId: 'inspector', secretAccessKey: 'local' } as const;

export class LocalDynamoDb {
  readonly #server: ReturnType<typeof dynalite>;
  readonly url: string;
  /** A client for the endpoint (tests read the table through it). */
  readonly client: DynamoDBClient;
  /**
   * The operations that reached the endpoint from anyone but `client`, in order (`PutItem`, `GetItem`, ...):
   * what a test asserts the function did. `clearOperations()` forgets them.
   */
  readonly operations: string[] = [];

  private constructor(server: ReturnType<typeof dynalite>, url: string) {
    this.#server = server;
    this.url = url;
    this.client = new DynamoDBClient({ endpoint: url, region: REGION, credentials: INSPECTOR_CREDENTIALS });
    // X-Amz-Target: DynamoDB_20120810.<Operation>; our own client signs with the access key 'inspector'.
    server.prependListener('request', (request: IncomingMessage) => {
      const target = request.headers['x-amz-target'];
      if (typeof target === 'string' && !String(request.headers.authorization).includes(`Credential=${INSPECTOR_CREDENTIALS.accessKeyId}/`)) {
        this.operations.push(target.slice(target.indexOf('.') + 1));
      }
    });
  }

  clearOperations(): void {
    this.operations.length = 0;
  }

  static async start(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
    const host = options.host ?? '127.0.0.1';
    if (host !== '127.0.0.1' && host !== '::1') throw new RangeError('The local DynamoDB listens on loopback only');
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    return new LocalDynamoDb(server, `http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  }

  /** Creates the idempotency table (on-demand, key `id`) and waits until it is ACTIVE. */
  async createIdempotencyTable(tableName: string): Promise<void> {
    await this.client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client: this.client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName: tableName });
  }

  async close(): Promise<void> {
    this.client.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
