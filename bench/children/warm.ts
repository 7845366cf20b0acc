/**
 * Warm invocations, in one process: the full chain (the deployed dist/handler.mjs's
 * `createDataActionHandler`, with every default of the deployed function except the downstream transport) against a bare handler that
 * only parses the body and stringifies a reply. Same events, same clock, same loop, interleaved rounds.
 *
 * The downstream answer is served in-process by an axios adapter replaying the stub's recorded reply, so
 * the latency is our own overhead: Middy, auth, parsing, validation, the axios + axios-retry + opossum
 * pipeline, output validation, the audit line and the EMF flush. The secrets come from the real
 * Powertools `SecretsProvider` (read once from the local endpoint, then from its cache).
 *
 * Each invocation gets a fresh event (parsed from JSON, as the runtime does) and context, outside the
 * timed region; between invocations the loop yields to the event loop (setImmediate), as Lambda's runtime
 * does while it fetches the next event, so timers and I/O run where they would.
 */
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import type { DataActionHandler } from '../../lambda/handler.js';
import { lambdaContext } from '../../test/support/lambda-context.js';
import type { AblationName, BenchModule, DeployedModule, WarmInput } from '../protocol.js';
import { readInput, report, statusCodeOf } from './io.js';

const input = readInput<WarmInput>();
// The deployed bundle; for ablations the bench bundle (the same sources, plus the logger and metrics factories).
const deployed = (await import(input.moduleUrl)) as DeployedModule;

let adapterCalls = 0;
const replayStubReply: AxiosAdapter = (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
  if (adapterCalls++ === 0) checkFirstRequest(config);
  const { reply } = input;
  return Promise.resolve({ data: reply.body, status: reply.status, statusText: reply.statusText, headers: reply.headers, config, request: {} });
};

/** The adapter must be answering the request the stub answered: same URL, same credential. */
function checkFirstRequest(config: InternalAxiosRequestConfig): void {
  const url = config.url ?? '';
  const authorization = config.headers.get('Authorization');
  if (config.method !== 'post' || url !== input.expect.url || authorization !== input.expect.authorization) {
    throw new Error(`warm run: unexpected downstream request ${config.method} ${url}`);
  }
}

const config = deployed.loadConfig();
const downstreamClient = new deployed.DownstreamClient({ baseUrl: config.downstreamBaseUrl, maxRetries: config.downstreamMaxRetries, adapter: replayStubReply });
const full: DataActionHandler = deployed.createDataActionHandler(config, { downstreamClient });

// The bare handler answers what the full chain answers, without doing any of its work.
const firstAnswer = (await full(JSON.parse(input.eventJson), lambdaContext({ timeoutMs: input.functionTimeoutMs }))) as { body: string };
const output: unknown = JSON.parse(firstAnswer.body);
const bare: DataActionHandler = async (event) => {
  const parsed = JSON.parse((event as { body: string }).body) as Record<string, unknown>;
  if (typeof parsed.customer_id !== 'string') throw new Error('bare handler: no customer_id');
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(output) };
};

/** The ablations (profile.ts only): the same chain with one part taken out. */
function ablatedHandlers(): [AblationName, DataActionHandler][] {
  const bench = deployed as BenchModule;
  const replyData: unknown = JSON.parse(input.reply.body);
  const directDownstream = {
    bind: () => ({
      stats: { attempts: 1, retries: 0, downstreamLatencyMs: 0, circuitState: 'closed' as const },
      callOperation: async () => ({ status: 200, data: replyData }),
    }),
  } as unknown as InstanceType<BenchModule['DownstreamClient']>;
  const silentLogger = bench.createLogger({ serviceName: config.serviceName });
  silentLogger.setLogLevel('SILENT');
  process.env.POWERTOOLS_METRICS_DISABLED = 'true'; // read when Metrics is constructed
  const disabledMetrics = bench.createMetrics({ namespace: config.metricsNamespace, serviceName: config.serviceName, logger: bench.createLogger({ serviceName: config.serviceName }) });
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  const client = () => new bench.DownstreamClient({ baseUrl: config.downstreamBaseUrl, maxRetries: config.downstreamMaxRetries, adapter: replayStubReply });
  return [
    ['no downstream pipeline', bench.createDataActionHandler(config, { downstreamClient: directDownstream })],
    ['no audit line', bench.createDataActionHandler(config, { downstreamClient: client(), logger: silentLogger })],
    ['no EMF', bench.createDataActionHandler(config, { downstreamClient: client(), metrics: disabledMetrics })],
  ];
}

let fullInvocations = 1;
let nonSuccessAnswers = statusCodeOf(firstAnswer) === 200 ? 0 : 1;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function runBlock(handler: DataActionHandler, iterations: number, samples: number[] | undefined): Promise<void> {
  for (let i = 0; i < iterations; i++) {
    const event: unknown = JSON.parse(input.eventJson);
    const context = lambdaContext({ timeoutMs: input.functionTimeoutMs });
    const started = process.hrtime.bigint();
    const result = await handler(event, context);
    const elapsedNs = process.hrtime.bigint() - started;
    if (handler === full) fullInvocations += 1;
    if (statusCodeOf(result) !== 200) nonSuccessAnswers += 1;
    samples?.push(Number(elapsedNs) / 1000);
    await yieldToEventLoop();
  }
}

const fullUs: number[] = [];
const bareUs: number[] = [];
const ablationsUs: Partial<Record<AblationName, number[]>> = {};
const contenders: [DataActionHandler, number[]][] = [
  [full, fullUs],
  [bare, bareUs],
];
if (input.ablations) {
  for (const [name, handler] of ablatedHandlers()) contenders.push([handler, (ablationsUs[name] = [])]);
}
for (const [handler] of contenders) await runBlock(handler, input.warmupIterations, undefined);
for (let round = 0; round < input.rounds; round++) {
  // Rotate which goes first, so that none always follows another's garbage.
  for (let k = 0; k < contenders.length; k++) {
    const [handler, samples] = contenders[(round + k) % contenders.length]!;
    await runBlock(handler, input.iterationsPerRound, samples);
  }
}
downstreamClient.close();
report({ kind: 'warm', fullUs, bareUs, fullInvocations, nonSuccessAnswers, adapterCalls, ablationsUs });
process.exit(0);
