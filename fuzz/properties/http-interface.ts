/**
 * Properties of the HTTP interface, checked on the real handler in-process (test/support/lambda-harness.ts:
 * real API Gateway v1 proxy events, a Lambda context with a deadline, the real downstream client talking
 * HTTP to the customer service stub, the exactly-once store in dynalite; only Secrets Manager is faked):
 *
 * - **api**: whatever a caller sends — any action path, method, header set, content type, credential,
 *   body (JSON or not, base64 or not, oversized) — the answer is never a 5xx (the business system is
 *   healthy, so nothing is its fault), every non-2xx answer is the JSON error envelope and never echoes an
 *   input value, a 2xx is a successful output, exactly one audit record agrees with the status, and no
 *   canary (secret or planted personal data) reaches a log line.
 * - **direct**: the same for direct invocations (any event through any alias): an output, or a thrown
 *   error whose status is below 500.
 */
import fc from 'fast-check';
import { canaryNeedles } from '../../test/support/canaries.js';
import { LambdaHarness, type Invocation } from '../../test/support/lambda-harness.js';
import { LOCAL_DYNAMODB_CREDENTIALS, LocalDynamoDb } from '../../tools/local-dynamodb/local-dynamodb.js';
import { fuzzedDirectInvoke, fuzzedRequest, INPUT_CANARIES, toEvent } from '../arbitraries/requests.js';
import { checkProperty, type FuzzProperty, type FuzzTarget } from './property.js';

const ENVELOPE_KEYS = new Set(['code', 'message', 'details', 'traceId']);
const needles = canaryNeedles();

/** What is wrong with an API answer (empty when it keeps every promise). */
export function apiAnswerProblems(invocation: Invocation): string[] {
  const problems: string[] = [];
  if (invocation.thrown !== undefined) return [`the handler threw ${String((invocation.thrown as Error)?.name ?? invocation.thrown)}`];
  const result = invocation.result as { statusCode?: unknown; headers?: Record<string, unknown>; body?: unknown } | undefined;
  const status = result?.statusCode;
  if (typeof status !== 'number') return ['no proxy result with a statusCode'];
  if (status >= 500) problems.push(`a ${status} for client input`);
  if (!/^application\/json\b/.test(String(result?.headers?.['Content-Type'] ?? ''))) problems.push('the answer is not application/json');
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(String(result?.body)) as Record<string, unknown>;
  } catch {
    problems.push('the body is not JSON');
  }
  if (body !== undefined && status !== 200) {
    const error = body.error as Record<string, unknown> | undefined;
    const envelope =
      Object.keys(body).length === 1 &&
      error !== undefined &&
      typeof error === 'object' &&
      typeof error.code === 'string' &&
      typeof error.message === 'string' &&
      typeof error.traceId === 'string' &&
      (error.details === undefined || Array.isArray(error.details)) &&
      Object.keys(error).every((key) => ENVELOPE_KEYS.has(key));
    if (!envelope) problems.push(`a ${status} without the error envelope`);
    // Keys may come back (a detail's path names the offending property); values never do.
    const values = JSON.stringify({ code: error?.code, message: error?.message, rules: (error?.details as { rule?: unknown; message?: unknown }[] | undefined)?.map((d) => [d.rule, d.message]) });
    for (const canary of INPUT_CANARIES) if (values.includes(canary)) problems.push('an error answer echoes an input value');
  }
  if (body !== undefined && status === 200 && body.success !== true) problems.push('a 200 that is not a success output');
  problems.push(...auditProblems(invocation, status));
  return problems;
}

function auditProblems(invocation: Invocation, status: number): string[] {
  const problems: string[] = [];
  if (invocation.audits.length !== 1) problems.push(`${invocation.audits.length} audit records`);
  else if (invocation.audits[0]!.http_status !== status) problems.push(`the audit record says ${String(invocation.audits[0]!.http_status)}, the answer ${status}`);
  for (const line of invocation.lines) {
    for (const { name, value } of needles) if (line.text.includes(value)) problems.push(`a log line holds the canary ${name}`);
  }
  return problems;
}

/** What is wrong with a direct invocation's outcome. */
export function directOutcomeProblems(invocation: Invocation): string[] {
  const thrown = invocation.thrown as { statusCode?: unknown; code?: unknown; message?: unknown } | undefined;
  const status = thrown === undefined ? 200 : typeof thrown.statusCode === 'number' ? thrown.statusCode : -1;
  const problems: string[] = [];
  if (thrown === undefined && (invocation.result === null || typeof invocation.result !== 'object')) problems.push('no output object');
  if (thrown !== undefined && status === -1) problems.push(`an error without a status: ${String((thrown as Error).name)}`);
  if (status >= 500) problems.push(`a ${status} (${String(thrown?.code)}) for client input`);
  if (thrown !== undefined && typeof thrown.message === 'string' && INPUT_CANARIES.some((c) => (thrown.message as string).includes(c))) {
    problems.push('the error echoes an input value');
  }
  return [...problems, ...auditProblems(invocation, status)];
}

/**
 * Opens one handler harness, configured as the stack deploys it — the mutating actions' exactly-once store
 * on, in a local DynamoDB (dynalite) — and gives its two properties; `close` frees both.
 */
export async function openHttpInterfaceTarget(): Promise<FuzzTarget> {
  const dynamoDb = await LocalDynamoDb.start();
  const tableName = 'fuzz-idempotency';
  await dynamoDb.createIdempotencyTable(tableName);
  const harness = await LambdaHarness.start({
    env: {
      IDEMPOTENCY_TABLE_NAME: tableName,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.url,
      AWS_ACCESS_KEY_ID: LOCAL_DYNAMODB_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_DYNAMODB_CREDENTIALS.secretAccessKey,
    },
  });
  const run = async (invoke: () => Promise<Invocation>, problemsOf: (i: Invocation) => string[]) => {
    harness.stub.reset(); // updates and deletes change the customers: each run starts from the seed
    const invocation = await invoke();
    harness.captured.length = 0; // the invocation keeps its own lines; memory stays flat over long runs
    const problems = problemsOf(invocation);
    if (problems.length > 0) throw new Error(problems.join('; '));
  };
  const properties: FuzzProperty[] = [
    {
      name: 'http-interface: any request → no 5xx, JSON envelope, one audit record, no canary in logs',
      check: (options) =>
        checkProperty(
          fc.asyncProperty(fuzzedRequest, (request) => run(() => harness.invoke(toEvent(request)), apiAnswerProblems)),
          options,
        ),
    },
    {
      name: 'direct-invoke: any event through any alias → no 5xx, one audit record, no canary in logs',
      check: (options) =>
        checkProperty(
          fc.asyncProperty(fuzzedDirectInvoke, ({ qualifier, event }) => run(() => harness.invoke(event, { qualifier }), directOutcomeProblems)),
          options,
        ),
    },
  ];
  return {
    properties,
    close: async () => {
      await harness.close();
      await dynamoDb.close();
    },
  };
}
