/**
 * The end-to-end tests' world: the real local stack (tools/local-stack) started in-process on free ports
 * — the real bundle dist/handler.mjs in its own Lambda-like process behind the local API Gateway, the
 * registration bundle registering every action in the local Genesys Cloud, the customer service stub,
 * the local Secrets Manager endpoint — with secrets generated for the run, and every line the functions
 * and the API write captured (what CloudWatch Logs would hold).
 *
 * Genesys is driven over plain HTTP with a token from its login service, as any client would, so that the
 * correlation id (`ININ-Correlation-Id`) and the status of each reply can be read.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleBundleReason } from '../../../tools/local-stack/build-freshness.js';
import type { AccessLogRecord } from '../../../tools/local-stack/api-gateway/access-log.js';
import type { LocalSecrets } from '../../../tools/local-stack/local-secrets.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../../tools/local-stack/local-stack.js';
import type { LocalLogEntry } from '../../../tools/local-stack/log-output.js';
import { DEFAULT_DEV_CLIENT } from '../../../tools/genesys-cloud-local/index.js';
import { canaryLocalSecrets, PII_CANARIES } from '../../support/canaries.js';
import { recordRuntimeLog } from '../../support/runtime-log-sink.js';

export const root = resolve(fileURLToPath(import.meta.url), '../../../..');

type Json = Record<string, unknown>;

export interface GenesysReply {
  status: number;
  /** The `ININ-Correlation-Id` of the reply: the id the endpoint was called with. */
  correlationId: string;
  body: Json;
  elapsedMs: number;
}

export class E2eStack {
  readonly entries: LocalLogEntry[] = [];
  stack!: LocalStack;
  #token: string | undefined;

  constructor(readonly secrets: LocalSecrets) {}

  /** Every JSON line the data-action function wrote. */
  functionRecords(): Json[] {
    return this.entries.flatMap((entry) => {
      if (entry.source !== 'function' || entry.functionName === 'registration') return [];
      try {
        return [JSON.parse(entry.text) as Json];
      } catch {
        return [];
      }
    });
  }

  audits(): Json[] {
    return this.functionRecords().filter((record) => record.log_type === 'AUDIT');
  }

  accessLogs(): AccessLogRecord[] {
    return this.entries.flatMap((entry) => (entry.source === 'api-gateway' ? [entry.record] : []));
  }

  /** The audit records of one correlation id, once at least one has arrived (logs travel apart from answers). */
  async auditsOf(correlationId: string, timeoutMs = 3_000): Promise<Json[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.audits().filter((audit) => audit.correlation_id === correlationId);
      if (found.length > 0 || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  actionId(name: string): string {
    const action = this.stack.actions.find((a) => a.name === name);
    if (!action) throw new Error(`no registered action ${name}`);
    return action.id;
  }

  async token(): Promise<string> {
    if (this.#token) return this.#token;
    const reply = await fetch(`${this.stack.genesysUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${DEFAULT_DEV_CLIENT.clientId}:${DEFAULT_DEV_CLIENT.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    if (reply.status !== 200) throw new Error(`login failed: ${reply.status}`);
    this.#token = ((await reply.json()) as { access_token: string }).access_token;
    return this.#token;
  }

  /** A Platform API call with the token. */
  async platform(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: Json }> {
    const reply = await fetch(`${this.stack.genesysUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await this.token()}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await reply.text();
    return { status: reply.status, headers: reply.headers, body: text === '' ? {} : (JSON.parse(text) as Json) };
  }

  /** `POST /api/v2/integrations/actions/{id}/execute` or `/test`, as a flow or the admin UI would. */
  async run(kind: 'execute' | 'test', actionName: string, input: Json): Promise<GenesysReply> {
    const started = performance.now();
    const reply = await this.platform('POST', `/api/v2/integrations/actions/${this.actionId(actionName)}/${kind}`, input);
    return { status: reply.status, correlationId: reply.headers.get('inin-correlation-id') ?? '', body: reply.body, elapsedMs: performance.now() - started };
  }

  close(): Promise<void> {
    return this.stack.close();
  }
}

/** Fails at once, and says why, when dist/ is older than the code (npm test builds first; jest alone does not). */
export function assertBundleIsCurrent(): void {
  const stale = staleBundleReason(root);
  if (stale) throw new Error(`The end-to-end tests run the built bundle, but ${stale}: run \`npm run build\` (npm test does).`);
}

export async function startE2eStack(options: Partial<Omit<LocalStackOptions, 'log' | 'secrets' | 'root'>> = {}): Promise<E2eStack> {
  assertBundleIsCurrent();
  // Canary secrets (test/support/canaries.ts): the suite-wide scan proves none of them reached a log line.
  const world = new E2eStack(canaryLocalSecrets());
  world.stack = await startLocalStack({
    root,
    secrets: world.secrets,
    apiPort: 0,
    genesysPort: 0,
    downstreamPort: 0,
    log: (entry) => {
      world.entries.push(entry);
      recordLocalStackLog(entry);
    },
    ...options,
  });
  return world;
}

/** One valid input per action: a test of every action fails here when an action is added without one. */
export const SAMPLE_INPUTS: Readonly<Record<string, Json>> = {
  'customer-lookup': { customer_id: 'cust_12345' },
  // Canary personal data (test/support/canaries.ts): the suite-wide scan proves it never reached a log line.
  'customer-update': { customer_id: 'cust_67890', first_name: PII_CANARIES.firstName, email: PII_CANARIES.email, status: 'active' },
  'customer-delete': { customer_id: 'cust_4242', reason: 'customer_request' },
};

export function sampleInput(action: string): Json {
  const input = SAMPLE_INPUTS[action];
  if (!input) throw new Error(`test/e2e/support/e2e-stack.ts has no sample input for the action "${action}": add one`);
  return input;
}

/** Copies a local stack log entry to the suite-wide canary scan (test/support/runtime-log-sink.ts). */
export function recordLocalStackLog(entry: LocalLogEntry): void {
  recordRuntimeLog(`local stack ${entry.source === 'function' ? entry.functionName : entry.source}`, entry.source === 'api-gateway' ? JSON.stringify(entry.record) : entry.text);
}
