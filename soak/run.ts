/**
 * `npm run soak`: the local system under a fixed load while its business system misbehaves, for a fixed
 * time (default 60 s at 20 requests/s; `npm run soak -- --duration 300 --rate 30`, or SOAK_* variables:
 * options.ts). Loopback only; stops by itself.
 *
 * 1. Starts the local stack as `npm start` does (tools/local-stack: the bundle dist/handler.mjs in
 *    Lambda-like child processes behind the local API Gateway, the local Secrets Manager, registration in
 *    the local Genesys Cloud), with canary secrets, against a customer service stub seeded with customers
 *    that carry canary personal data and answering with faults (faults.ts): lognormal latency, 503 with
 *    Retry-After, hangs, connection resets.
 * 2. Drives it with autocannon at a fixed rate (`overallRate`) for rate × duration requests over the
 *    three actions (workload.ts), while sampling the Lambda environments' RSS (rss-sampler.ts) and
 *    watching every line any process writes (observer.ts).
 * 3. Waits for the last audit records, stops everything and prints the figures (report.ts) — progress on
 *    stderr, one JSON line last on stdout. Exit status 1 when a must-be-zero figure is not.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type AutocannonResult } from 'autocannon';
import { canaryLocalSecrets, canaryNeedles } from '../test/support/canaries.js';
import { DownstreamStub } from '../tools/customer-service-stub/downstream-stub.js';
import { runBuild, staleBundleReason } from '../tools/local-stack/build-freshness.js';
import { startLocalStack, type LocalStack } from '../tools/local-stack/local-stack.js';
import { FaultPlan } from './faults.js';
import { RunObserver } from './observer.js';
import { loadSoakOptions, SoakOptionsError, type SoakOptions } from './options.js';
import { seededRandom } from './random.js';
import { buildReport, type ClientRecord, type SoakReport } from './report.js';
import { RssSampler } from './rss-sampler.js';
import { Workload } from './workload.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const stdout = process.stdout.write.bind(process.stdout);
const stderr = process.stderr.write.bind(process.stderr);
const say = (text: string) => stderr(`soak: ${text}\n`);

/** Everything this process writes during the run is scanned too (and still written). */
function watchOwnOutput(observer: RunObserver): () => void {
  const restore = (['stdout', 'stderr'] as const).map((name) => {
    const stream = process[name];
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      observer.onProcessOutput(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  });
  return () => restore.forEach((undo) => undo());
}

export async function runSoak(options: SoakOptions, log: (text: string) => void = say): Promise<SoakReport> {
  // As npm start: the deployed bundle, rebuilt when older than the code.
  const stale = staleBundleReason(root);
  if (stale) {
    log(`building, because ${stale}`);
    await runBuild(root);
  }
  const random = seededRandom(options.seed);
  // One customer of its own per delete: at most every request is one.
  const workload = new Workload({ seed: options.seed, customers: options.customers, deletable: options.rate * options.durationS, mix: options.mix, repeatShare: options.repeatShare, random });
  const secrets = canaryLocalSecrets();
  const observer = new RunObserver(canaryNeedles({ 'soak personal data marker': workload.marker }));
  let processUnhandled = 0;
  const countUnhandled = () => void (processUnhandled += 1);
  process.on('unhandledRejection', countUnhandled);
  process.on('uncaughtExceptionMonitor', countUnhandled);
  const restoreOutput = watchOwnOutput(observer);

  const faults = new FaultPlan(options.faults, seededRandom(options.seed ^ 0x5eed));
  const stub = await DownstreamStub.start({ apiKey: secrets.downstreamApiKey, customers: workload.seed, host: '127.0.0.1' });
  stub.decide((request) => faults.decide(request));
  let stack: LocalStack | undefined;
  const sampler = new RssSampler(options.rssSampleIntervalMs);
  try {
    log(`starting the local stack (seed ${options.seed}: SOAK_SEED=${options.seed} replays this workload and these faults)`);
    stack = await startLocalStack({
      root,
      secrets,
      apiPort: 0,
      genesysPort: 0,
      downstreamPort: 0,
      downstreamBaseUrl: stub.url,
      log: observer.onLocalStackLog,
    });
    const authorization = `Basic ${Buffer.from(`${secrets.inboundCredential.username}:${secrets.inboundCredential.password}`).toString('base64')}`;
    const client: ClientRecord[] = [];
    let pending: ClientRecord | undefined;
    /** Requests built and sent (autocannon's own `sent` counts each connection's rate at start). */
    let sent = 0;

    sampler.start();
    const loadStartMs = sampler.now();
    log(`${options.rate} requests/s for ${options.durationS} s over ${options.connections} connections, faults ${JSON.stringify(options.faults)}`);
    const progress = setInterval(() => log(`${client.length} answered, ${observer.audits.length} audit records`), 10_000);
    const result = await new Promise<AutocannonResult>((resolve, reject) => {
      const instance = autocannon(
        {
          url: stack!.apiUrl,
          connections: options.connections,
          overallRate: options.rate,
          duration: options.durationS,
          timeout: 30,
          // Response times are taken per request below, as measured: autocannon's coordinated-omission
          // correction would add a synthetic sample per millisecond of every slow answer at these rates.
          ignoreCoordinatedOmission: true,
          requests: [
            {
              method: 'POST',
              setupRequest: (request, context) => {
                const next = workload.next();
                sent += 1;
                context.action = next.action;
                return {
                  ...request,
                  method: 'POST',
                  path: `/actions/${next.action}`,
                  headers: {
                    'Content-Type': 'application/json',
                    Authorization: authorization,
                    'ININ-Organization-Id': stack!.genesys.organizationId,
                    'ININ-Correlation-Id': randomUUID(),
                  },
                  body: JSON.stringify(next.input),
                };
              },
              onResponse: (status, body, context) => {
                pending = { action: String(context.action), status, code: errorCodeOf(body), responseTimeMs: 0 };
                client.push(pending);
              },
            },
          ],
        },
        (error, finished) => (error ? reject(error) : resolve(finished)),
      );
      // Emitted right after onResponse, for the same request: its response time.
      instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
        if (pending) pending.responseTimeMs = responseTimeMs;
        pending = undefined;
      });
    });
    clearInterval(progress);
    const loadEndMs = sampler.now();

    // autocannon stops at the duration with a few requests in flight: the system finishes them (each within
    // the Lambda timeout), and logs travel apart from answers. Wait until every request sent is in the access
    // log and every invoked one has its audit record — or until nothing has been logged for longer than the
    // Lambda timeout (a request cut off mid-send never reaches the log).
    const quietMs = stack.timeoutPlan.lambdaTimeoutSeconds * 1000 + 1_000;
    let logged = observer.access.length;
    let changedAt = Date.now();
    const settled = () => observer.access.length >= sent && observer.audits.length >= observer.access.filter((a) => a.integrationRequestId !== '-').length;
    while (!settled() && Date.now() - changedAt < quietMs) {
      await new Promise((r) => setTimeout(r, 200));
      if (observer.access.length !== logged) [logged, changedAt] = [observer.access.length, Date.now()];
    }
    await sampler.stop();
    const aliveAtEnd = sampler.alive().length;
    const durationS = (loadEndMs - loadStartMs) / 1000;
    const windowMs = Math.max(2_000, Math.round(durationS * 150));
    const report = buildReport({
      options,
      plan: stack.timeoutPlan,
      client,
      clientErrors: result.errors - result.timeouts,
      clientTimeouts: result.timeouts,
      durationS,
      observer,
      rss: {
        samples: sampler.samples,
        windows: { loadStartMs, loadEndMs, warmupMs: Math.min(options.warmupS * 1000, (loadEndMs - loadStartMs) / 4), windowMs },
        environmentsSeen: sampler.seen.size,
        environmentsAliveAtEnd: aliveAtEnd,
      },
      processUnhandled,
      faults: faults.injected,
      injectedLatency: faults.latencySummary(),
      mutations: faults.mutations(),
    });
    return report;
  } finally {
    await sampler.stop();
    await stack?.close();
    await stub.close();
    restoreOutput();
    process.off('unhandledRejection', countUnhandled);
    process.off('uncaughtExceptionMonitor', countUnhandled);
  }
}

function errorCodeOf(body: string): string | null {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

/** The figures that must be zero (and the audit count that must match). */
export function brokenPromises(report: SoakReport): string[] {
  const broken: string[] = [];
  if (report.unhandledErrors !== 0) broken.push(`unhandledErrors ${report.unhandledErrors}`);
  if (report.canaryLeaks !== 0) broken.push(`canaryLeaks ${report.canaryLeaks}`);
  if (report.doubleMutations !== 0) broken.push(`doubleMutations ${report.doubleMutations}`);
  if (report.auditRecords !== report.requestsReachingFunction || report.lostAuditRecords !== 0 || report.duplicateAuditRecords !== 0) {
    broken.push(`auditRecords ${report.auditRecords} for ${report.requestsReachingFunction} requests (lost ${report.lostAuditRecords}, duplicated ${report.duplicateAuditRecords})`);
  }
  return broken;
}

async function main(): Promise<void> {
  const options = loadSoakOptions(process.argv.slice(2), process.env);
  const report = await runSoak(options);
  const broken = brokenPromises(report);
  say(broken.length === 0 ? 'every must-be-zero figure is zero' : `BROKEN: ${broken.join('; ')}`);
  stdout(`${JSON.stringify(report)}\n`);
  process.exitCode = broken.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    say(error instanceof SoakOptionsError || error instanceof TypeError ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  });
}
