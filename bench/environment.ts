/**
 * The world the benchmark's function runs in, all on 127.0.0.1: the local Secrets Manager endpoint with
 * the three secrets, the downstream stub answering the customer API, a second stub that accepts and never
 * answers, a local DynamoDB with the idempotency table (the stack always configures one: the mutating
 * actions' exactly-once store); and the environment Lambda gives the function (the deployed NODE_OPTIONS
 * included).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiGatewayEvent, genesysHeaders } from '../test/support/apigw-events.js';
import { DownstreamStub, reply } from '../test/support/downstream-stub.js';
import { BASIC_AUTHORIZATION, CANARY, SECRET_ARNS, functionEnv } from '../test/support/lambda-harness.js';
import { TEST_FUNCTION_NAME, TEST_REGION } from '../test/support/lambda-context.js';
import { LocalDynamoDb } from '../tools/local-dynamodb/local-dynamodb.js';
import { ROOT } from './artifact.js';
import type { RecordedReply } from './protocol.js';
import { LocalSecretsManager } from './secrets-manager-server.js';

/** Where the deployed function's environment is declared (its NODE_OPTIONS change how the bundle loads). */
const FUNCTION_CONSTRUCT = 'infra/constructs/data-action-function.ts';

/** The NODE_OPTIONS the stack gives the function, read from its construct (`--enable-source-maps` when last checked). */
export function deployedNodeOptions(): string {
  try {
    const match = /NODE_OPTIONS:\s*'([^']*)'/.exec(readFileSync(join(ROOT, FUNCTION_CONSTRUCT), 'utf8'));
    if (match?.[1] !== undefined) return match[1];
  } catch {
    // fall through: the construct moved; say so below rather than guess
  }
  throw new Error(`could not read the function's NODE_OPTIONS from ${FUNCTION_CONSTRUCT}: update bench/environment.ts`);
}

export const BENCH_ACTION = 'customer-lookup';
export const BENCH_INPUT = { customer_id: 'cust_12345' };
/** The mutating action of the mutating cold start: its first call loads the idempotency store. */
export const BENCH_MUTATING_ACTION = 'customer-update';
const IDEMPOTENCY_TABLE_NAME = 'bench-idempotency';
export const DOWNSTREAM_PATH = '/api/v1/operations/lookup';
/** The function's configured timeout for the cold and warm runs (the deployed default is larger; only the deadline run needs it short). */
export const FUNCTION_TIMEOUT_MS = 30_000;

export class BenchEnvironment {
  private constructor(
    readonly secretsManager: LocalSecretsManager,
    readonly downstream: DownstreamStub,
    readonly hangingDownstream: DownstreamStub,
    readonly dynamoDb: LocalDynamoDb,
    readonly nodeOptions: string,
  ) {}

  /** `nodeOptions` replaces the deployed NODE_OPTIONS (experiments only). */
  static async start(nodeOptions?: string): Promise<BenchEnvironment> {
    const secretsManager = await LocalSecretsManager.start({
      [SECRET_ARNS.inbound]: JSON.stringify({ username: CANARY.inboundUsername, password: CANARY.inboundPassword }),
      [SECRET_ARNS.downstream]: CANARY.downstreamApiKey,
      [SECRET_ARNS.audit]: CANARY.auditHmacKey,
    });
    const downstream = await DownstreamStub.start({ apiKey: CANARY.downstreamApiKey });
    const hangingDownstream = await DownstreamStub.start({ apiKey: CANARY.downstreamApiKey });
    hangingDownstream.always(reply.hang());
    const dynamoDb = await LocalDynamoDb.start();
    await dynamoDb.createIdempotencyTable(IDEMPOTENCY_TABLE_NAME);
    return new BenchEnvironment(secretsManager, downstream, hangingDownstream, dynamoDb, nodeOptions ?? deployedNodeOptions());
  }

  /** A clean environment as Lambda sets it (nothing inherited from this shell but PATH), for `downstreamUrl`. */
  functionEnv(downstreamUrl: string, workDir: string): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: TEST_FUNCTION_NAME,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${TEST_FUNCTION_NAME}`,
      LAMBDA_TASK_ROOT: workDir,
      _HANDLER: 'handler.handler',
      _X_AMZN_TRACE_ID: 'Root=1-67a1b2c3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0',
      AWS_DEFAULT_REGION: TEST_REGION,
      // Dummy credentials: the SDK signs, the local endpoint does not check.
      AWS_ACCESS_KEY_ID: 'AKIABENCHLOCALONLY00',
      AWS_SECRET_ACCESS_KEY: 'bench-local-only-not-a-secret',
      AWS_SESSION_TOKEN: 'bench-local-only-session',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: this.secretsManager.url,
      AWS_ENDPOINT_URL_DYNAMODB: this.dynamoDb.url,
      IDEMPOTENCY_TABLE_NAME,
      POWERTOOLS_SERVICE_NAME: 'genesys-data-actions',
      POWERTOOLS_METRICS_NAMESPACE: 'GenesysDataActions',
      NODE_OPTIONS: this.nodeOptions,
      ...functionEnv(downstreamUrl),
    };
  }

  /** An authenticated API Gateway REST (v1) event for the benchmarked action, as JSON (each invocation parses its own). */
  eventJson(action: string = BENCH_ACTION, input: Record<string, unknown> = BENCH_INPUT): string {
    const headers = genesysHeaders({ credential: { Authorization: BASIC_AUTHORIZATION }, userId: 'b1c2d3e4-0000-4000-8000-000000000001' });
    return JSON.stringify(apiGatewayEvent({ action, headers, body: input }));
  }

  /** A mutating call no earlier run made (a new input hash, so a new idempotency record): the `run`-th. */
  mutatingEventJson(run: number): string {
    return this.eventJson(BENCH_MUTATING_ACTION, { customer_id: BENCH_INPUT.customer_id, first_name: `Bench${run}` });
  }

  /** The stub's real answer to the lookup the action makes, recorded on the wire, for the in-process adapter. */
  async recordDownstreamReply(): Promise<{ reply: RecordedReply; expect: { url: string; authorization: string } }> {
    const url = `${this.downstream.url}${DOWNSTREAM_PATH}`;
    const authorization = `Bearer ${CANARY.downstreamApiKey}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json', Accept: 'application/json', 'X-Request-Source': 'genesys-data-action' },
      body: JSON.stringify(BENCH_INPUT),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`the downstream stub answered the lookup with ${response.status}`);
    const headers = Object.fromEntries(response.headers.entries());
    return { reply: { status: response.status, statusText: response.statusText, headers, body }, expect: { url, authorization } };
  }

  async close(): Promise<void> {
    await Promise.all([this.secretsManager.close(), this.downstream.close(), this.hangingDownstream.close(), this.dynamoDb.close()]);
  }
}
