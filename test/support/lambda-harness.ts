/**
 * Runs the real handler (lambda/handler.ts) in-process the way Lambda does: API Gateway proxy events or
 * direct-invoke inputs, a Lambda context with a real deadline, the real downstream client talking HTTP to
 * the downstream stub on 127.0.0.1. Only Secrets Manager is faked (aws-sdk-client-mock), because it
 * cannot run here.
 *
 * Everything the handler writes (Powertools Logger and Metrics write through their own `Console`: INFO
 * and EMF to stdout, WARN and ERROR to stderr; Lambda sends both to CloudWatch Logs) is captured by
 * replacing `process.stdout.write` and `process.stderr.write` while a harness is open, and split into
 * JSON lines: audit records, EMF blobs and other log lines.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import type { DataActionHandler, DataActionHandlerDependencies } from '../../lambda/handler.js';
import type { RuntimeConfig } from '../../lambda/runtime/config.js';
import { DownstreamClient, type CircuitBreakerOptions } from '../../lambda/runtime/downstream-client.js';
import { apiGatewayEvent, genesysHeaders, type ApiEventOptions } from './apigw-events.js';
import { SECRET_CANARIES } from './canaries.js';
import { DownstreamStub } from './downstream-stub.js';
import { lambdaContext, type LambdaContextOptions } from './lambda-context.js';
import { recordRuntimeLog } from './runtime-log-sink.js';

/** Secret values planted so tests can prove that none of them ever reaches a log line or an answer (test/support/canaries.ts). */
export const CANARY = {
  inboundUsername: SECRET_CANARIES.inboundUsername,
  inboundPassword: SECRET_CANARIES.inboundPassword,
  headerValue: SECRET_CANARIES.headerValue,
  downstreamApiKey: SECRET_CANARIES.downstreamApiKey,
  auditHmacKey: SECRET_CANARIES.auditHmacKey,
} as const;

export const SECRET_ARNS = {
  inbound: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:genesys/inbound-credential-AbCdEf',
  downstream: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:downstream/api-key-GhIjKl',
  audit: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:audit/hmac-key-MnOpQr',
} as const;

export const BASIC_AUTHORIZATION = `Basic ${Buffer.from(`${CANARY.inboundUsername}:${CANARY.inboundPassword}`).toString('base64')}`;

/** The environment the deployed function gets (the pinned variable names). */
export function functionEnv(downstreamBaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_REGION: 'eu-west-1',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    DOWNSTREAM_BASE_URL: downstreamBaseUrl,
    DOWNSTREAM_API_KEY_SECRET_ARN: SECRET_ARNS.downstream,
    INBOUND_CREDENTIAL_SECRET_ARN: SECRET_ARNS.inbound,
    AUDIT_HMAC_SECRET_ARN: SECRET_ARNS.audit,
    ...extra,
  };
}

export interface CapturedLine {
  text: string;
  json: Record<string, unknown> | undefined;
}

export interface Invocation {
  /** The proxy result, or the direct invoke's output. */
  result: unknown;
  /** What a direct invoke threw. */
  thrown: unknown;
  lines: CapturedLine[];
  audits: Record<string, unknown>[];
  emf: Record<string, unknown>[];
  elapsedMs: number;
}

export interface HarnessOptions {
  /** Extra environment variables (e.g. ALLOWED_GENESYS_ORG_IDS). */
  env?: Record<string, string>;
  /** How Genesys presents the credential. Default 'basic'. */
  credential?: 'basic' | 'header';
  circuitBreaker?: CircuitBreakerOptions;
  downstreamMaxReplyBytes?: number;
  dependencies?: Omit<DataActionHandlerDependencies, 'downstreamClient'>;
}

export class LambdaHarness {
  readonly captured: CapturedLine[] = [];
  secretsManager!: AwsClientStub<SecretsManagerClient>;
  handler!: DataActionHandler;
  client!: DownstreamClient;
  config!: RuntimeConfig;
  #restoreOutput: (() => void) | undefined;
  #savedEnv: Record<string, string | undefined> = {};

  private constructor(
    readonly stub: DownstreamStub,
    readonly options: HarnessOptions,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<LambdaHarness> {
    const stub = await DownstreamStub.start({ apiKey: CANARY.downstreamApiKey });
    const harness = new LambdaHarness(stub, options);
    await harness.#open();
    return harness;
  }

  async #open(): Promise<void> {
    const env = functionEnv(this.stub.url, this.options.env);
    for (const [key, value] of Object.entries(env)) {
      this.#savedEnv[key] = process.env[key];
      process.env[key] = value;
    }
    this.secretsManager = mockClient(SecretsManagerClient);
    this.plantSecrets();
    this.#captureOutput();
    const { createDataActionHandler } = await import('../../lambda/handler.js');
    const { loadConfig } = await import('../../lambda/runtime/config.js');
    this.config = loadConfig();
    this.client = new DownstreamClient({
      baseUrl: this.config.downstreamBaseUrl,
      maxRetries: this.config.downstreamMaxRetries,
      ...(this.options.circuitBreaker ? { circuitBreaker: this.options.circuitBreaker } : {}),
      ...(this.options.downstreamMaxReplyBytes ? { maxReplyBytes: this.options.downstreamMaxReplyBytes } : {}),
    });
    this.handler = createDataActionHandler(this.config, { ...this.options.dependencies, downstreamClient: this.client });
  }

  /** (Re)plants the three secrets in the fake Secrets Manager. */
  plantSecrets(): void {
    const inbound =
      this.options.credential === 'header'
        ? { headerName: 'X-Genesys-Key', headerValue: CANARY.headerValue }
        : { username: CANARY.inboundUsername, password: CANARY.inboundPassword };
    this.secretsManager.reset();
    this.secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.inbound }).resolves({ SecretString: JSON.stringify(inbound) });
    this.secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.downstream }).resolves({ SecretString: CANARY.downstreamApiKey });
    this.secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.audit }).resolves({ SecretString: CANARY.auditHmacKey });
  }

  #captureOutput(): void {
    const restore = [this.#capture(process.stdout), this.#capture(process.stderr)];
    this.#restoreOutput = () => restore.forEach((undo) => undo());
  }

  #capture(stream: NodeJS.WriteStream): () => void {
    const original = stream.write;
    let pending = '';
    const capture = (chunk: unknown): boolean => {
      pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const text = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (text.trim() !== '') {
          this.captured.push({ text, json: parseJson(text) });
          recordRuntimeLog('lambda-harness', text); // for the suite-wide canary scan
        }
        newline = pending.indexOf('\n');
      }
      return true;
    };
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      capture(chunk);
      callback?.();
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  }

  /** The headers of an authenticated Genesys call. */
  genesysHeaders(extra: { correlationId?: string; orgId?: string; userId?: string } = {}): Record<string, string> {
    const credential: Record<string, string> = this.options.credential === 'header' ? { 'X-Genesys-Key': CANARY.headerValue } : { Authorization: BASIC_AUTHORIZATION };
    return genesysHeaders({ credential, ...extra });
  }

  /** An authenticated API Gateway event (options override the defaults). */
  apiEvent(options: ApiEventOptions = {}): ReturnType<typeof apiGatewayEvent> {
    return apiGatewayEvent({ ...options, headers: { ...this.genesysHeaders(), ...options.headers } });
  }

  async invoke(event: unknown, context: Context | LambdaContextOptions = {}): Promise<Invocation> {
    const lambdaCtx = 'getRemainingTimeInMillis' in context ? context : lambdaContext(context);
    const from = this.captured.length;
    const started = performance.now();
    let result: unknown;
    let thrown: unknown;
    try {
      result = await this.handler(event, lambdaCtx);
    } catch (error) {
      thrown = error;
    }
    const elapsedMs = performance.now() - started;
    const lines = this.captured.slice(from);
    return {
      result,
      thrown,
      lines,
      audits: lines.flatMap((l) => (l.json?.log_type === 'AUDIT' ? [l.json] : [])),
      emf: lines.flatMap((l) => (l.json && '_aws' in l.json ? [l.json] : [])),
      elapsedMs,
    };
  }

  async close(): Promise<void> {
    this.client?.close();
    this.#restoreOutput?.();
    this.secretsManager?.restore();
    for (const [key, value] of Object.entries(this.#savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await this.stub.close();
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A proxy result's parts, with the body parsed. */
export function proxyResult(result: unknown): { statusCode: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const r = result as { statusCode: number; headers: Record<string, string>; body: string };
  return { statusCode: r.statusCode, headers: r.headers, body: JSON.parse(r.body) as Record<string, unknown> };
}
