/**
 * `npm run bench`: the runtime's numbers against the issue's targets, measured side by side in one run.
 * Prints a table, then ONE line of JSON as the last line of stdout. A missed target is reported, never
 * fatal; the exit code is non-zero only when the benchmark itself could not run. Method: bench/README.md.
 *
 *   npm run bench [-- --cold-runs 15] [--warm-rounds 10] [--warm-iterations 1500] [--warm-stdout file|null]
 *                     [--only cold,warm,deadline] [--node-options '...'] [--keep]
 *
 * `--node-options` replaces the deployed function's NODE_OPTIONS (read from its CDK construct), for experiments.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { byFamily } from './bundle-analysis.js';
import { prepareArtifact, removeArtifact, type Artifact } from './artifact.js';
import { measureColdStart, type ColdStartResult } from './cold-start.js';
import { measureDeadline, type DeadlineResult } from './deadline.js';
import { BenchEnvironment } from './environment.js';
import { NODE_BIN } from './spawn.js';
import { round } from './stats.js';
import { measureWarm, type WarmResult } from './warm.js';

/** The issue's targets (issue 3, "Benchmark"). */
export const TARGETS = { bundleKb: 500, coldStartMs: 80, warmMedianUs: 20, deadlineOvershootMsMax: 50 } as const;

const DEADLINE_RUNS = 20;
/** The context's remaining time in the deadline runs: budget = this − DEADLINE_SAFETY_MARGIN_MS (250 by default). */
const DEADLINE_REMAINING_MS = 500;

function options() {
  const { values } = parseArgs({
    options: {
      'cold-runs': { type: 'string', default: '15' },
      'warm-warmup': { type: 'string', default: '3000' },
      'warm-rounds': { type: 'string', default: '10' },
      'warm-iterations': { type: 'string', default: '1500' },
      'warm-stdout': { type: 'string', default: 'file' },
      only: { type: 'string', default: PHASES.join(',') },
      'node-options': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const positive = (name: keyof typeof values): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a positive integer`);
    return value;
  };
  const stdout = values['warm-stdout'];
  if (stdout !== 'file' && stdout !== 'null') throw new RangeError('--warm-stdout must be file or null');
  const only = String(values.only).split(',').map((p) => p.trim());
  const unknown = only.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length > 0) throw new RangeError(`--only takes a comma-separated list of ${PHASES.join(', ')}; got ${unknown.join(', ')}`);
  return {
    only: only as Phase[],
    nodeOptions: values['node-options'],
    coldRuns: positive('cold-runs'),
    warm: { warmupIterations: positive('warm-warmup'), rounds: positive('warm-rounds'), iterationsPerRound: positive('warm-iterations'), stdout } as const,
    keep: values.keep === true,
  };
}

type Phase = 'cold' | 'warm' | 'deadline';
const PHASES: readonly Phase[] = ['cold', 'warm', 'deadline'];

interface Results {
  artifact: Artifact;
  cold: ColdStartResult | null;
  /** The same with a mutating action's first call, which loads the idempotency store (detail; no target). */
  coldMutating: ColdStartResult | null;
  warm: WarmResult | null;
  deadline: DeadlineResult | null;
  nodeOptions: string;
  nodeVersion: string;
  seconds: number;
}

const verdict = (value: number | undefined, target: number): string => (value === undefined ? 'skipped' : value <= target ? 'pass' : 'FAIL');
const fixed = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(1));

function printTable(r: Results): void {
  const bundleKb = r.artifact.analysis.bytes / 1024;
  const { cold: c, warm: w, deadline: d } = r;
  const rows: string[][] = [
    ['bundleKb', fixed(bundleKb), `≤ ${TARGETS.bundleKb}`, verdict(bundleKb, TARGETS.bundleKb)],
    ['coldStartMs', fixed(c?.coldStartMs), `≤ ${TARGETS.coldStartMs}`, verdict(c?.coldStartMs, TARGETS.coldStartMs)],
    ['warmMedianUs', fixed(w?.full.median), `≤ ${TARGETS.warmMedianUs}`, verdict(w?.full.median, TARGETS.warmMedianUs)],
    ['warmP99Us', fixed(w?.full.p99), '', ''],
    ['bareMedianUs', fixed(w?.bare.median), '', ''],
    ['deadlineOvershootMsMax', fixed(d?.overshootMaxMs), `≤ ${TARGETS.deadlineOvershootMsMax}`, verdict(d?.overshootMaxMs, TARGETS.deadlineOvershootMsMax)],
  ];
  const line = (cells: string[]) => `  ${cells[0]!.padEnd(24)}${cells[1]!.padStart(10)}   ${cells[2]!.padEnd(8)}${cells[3]!}`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)}`;
  console.log('');
  console.log(`bench: Node ${r.nodeVersion}, NODE_OPTIONS='${r.nodeOptions}', ${r.seconds.toFixed(0)} s`);
  console.log(line(['metric', 'value', 'target', 'result']));
  for (const row of rows) console.log(line(row));
  console.log('');
  const { analysis } = r.artifact;
  console.log(`  bundle: AWS SDK ${analysis.awsSdk}; KB by package: ${byFamily(analysis.byPackage).slice(0, 8).map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ')}`);
  console.log(
    `    ${analysis.files} files; a cold start loads ${kb(analysis.coldPathBytes)} KB, on first use: ` +
      `${analysis.lazyChunks.filter((c) => c.bytes >= 1024).map((c) => `${c.file} ${kb(c.bytes)} KB`).join(', ')}`,
  );
  if (analysis.externalImports.length > 0) console.log(`    left to the runtime: ${analysis.externalImports.join(', ')}`);
  if (c) {
    console.log(`  cold start (${c.runs} runs, medians, ms): spawn→exit ${c.handlerExitMs.toFixed(1)} − node -e 0 ${c.nodeE0ExitMs.toFixed(1)}; spawn→answer ${c.handlerAnswerMs.toFixed(1)}`);
    console.log(`    child clock: answered ${c.childAnsweredAtMs.toFixed(1)} after process start; import ${c.childImportMs.toFixed(1)}, first invocation ${c.childFirstInvocationMs.toFixed(1)}`);
    console.log(`    per run: ${c.perRunMs.map((v) => v.toFixed(0)).join(' ')}`);
  }
  const m = r.coldMutating;
  if (m) {
    console.log(`  cold start, first call mutating (${m.runs} runs, medians, ms): ${m.coldStartMs.toFixed(1)}; import ${m.childImportMs.toFixed(1)}, first invocation ${m.childFirstInvocationMs.toFixed(1)} (loads the DynamoDB client, claims and completes its record)`);
  }
  if (w) {
    console.log(`  warm (µs, ${w.full.n} timed per handler): full median ${w.full.median.toFixed(1)} p90 ${w.full.p90.toFixed(1)} p99 ${w.full.p99.toFixed(1)} max ${w.full.max.toFixed(0)}; bare median ${w.bare.median.toFixed(1)} p99 ${w.bare.p99.toFixed(1)}`);
    console.log(
      w.logCheck
        ? `    stdout → file: ${w.logCheck.auditLines} audit records, ${w.logCheck.emfLines} EMF blobs for ${w.fullInvocations} invocations (${(w.logCheck.bytes / w.fullInvocations).toFixed(0)} bytes each)`
        : '    stdout → /dev/null (log lines not counted)',
    );
  }
  if (d) {
    console.log(`  deadline (${d.runs} runs, remaining ${d.remainingMs} ms, margin ${d.marginMs} → budget ${d.budgetMs} ms): overshoot median ${d.overshootMedianMs.toFixed(1)} max ${d.overshootMaxMs.toFixed(1)} ms`);
    console.log(`    per run: ${d.overshootsMs.map((v) => v.toFixed(1)).join(' ')}`);
  }
  console.log('');
}

const rounded = (value: number | undefined, digits = 1): number | null => (value === undefined ? null : round(value, digits));

function jsonLine(r: Results): string {
  const bundleKb = round(r.artifact.analysis.bytes / 1024);
  const { cold: c, warm: w, deadline: d } = r;
  const passes = (value: number | undefined, target: number): boolean | null => (value === undefined ? null : value <= target);
  return JSON.stringify({
    bundleKb,
    awsSdk: r.artifact.analysis.awsSdk,
    coldStartMs: rounded(c?.coldStartMs),
    warmMedianUs: rounded(w?.full.median),
    warmP99Us: rounded(w?.full.p99),
    bareMedianUs: rounded(w?.bare.median, 2),
    deadlineOvershootMsMax: rounded(d?.overshootMaxMs),
    pass: {
      bundleKb: passes(bundleKb, TARGETS.bundleKb),
      coldStartMs: passes(c?.coldStartMs, TARGETS.coldStartMs),
      warmMedianUs: passes(w?.full.median, TARGETS.warmMedianUs),
      deadlineOvershootMsMax: passes(d?.overshootMaxMs, TARGETS.deadlineOvershootMsMax),
    },
    targets: TARGETS,
    detail: {
      node: r.nodeVersion,
      nodeOptions: r.nodeOptions,
      coldStartRuns: c?.runs ?? null,
      coldStartImportMs: rounded(c?.childImportMs),
      coldStartFirstInvocationMs: rounded(c?.childFirstInvocationMs),
      coldStartAnswerMs: rounded(c?.handlerAnswerMs),
      coldStartMutatingMs: rounded(r.coldMutating?.coldStartMs),
      coldStartMutatingFirstInvocationMs: rounded(r.coldMutating?.childFirstInvocationMs),
      bundleFiles: r.artifact.analysis.files,
      bundleColdPathKb: round(r.artifact.analysis.coldPathBytes / 1024),
      nodeE0Ms: rounded(c?.nodeE0ExitMs),
      warmSamples: w?.full.n ?? null,
      warmP90Us: rounded(w?.full.p90),
      bareP99Us: rounded(w?.bare.p99, 2),
      deadlineBudgetMs: d?.budgetMs ?? null,
      deadlineOvershootMsMedian: rounded(d?.overshootMedianMs),
      seconds: round(r.seconds, 0),
    },
  });
}

async function main(): Promise<void> {
  const opts = options();
  const started = performance.now();
  const artifact = await prepareArtifact();
  const environment = await BenchEnvironment.start(opts.nodeOptions);
  try {
    const nodeVersion = execFileSync(NODE_BIN, ['--version'], { encoding: 'utf8' }).trim();
    if (!nodeVersion.startsWith('v24.')) throw new Error(`expected Node 24 in node_modules/.bin/node, found ${nodeVersion}`);
    const { analysis } = artifact;
    console.log(`bench: ${artifact.rebuilt ? 'rebuilt' : 'using'} dist/handler.mjs and its chunks (${(analysis.bytes / 1024).toFixed(1)} KB in ${analysis.files} files, AWS SDK ${analysis.awsSdk}); work dir ${artifact.workDir}`);
    const runs = (phase: Phase) => opts.only.includes(phase);
    let cold: ColdStartResult | null = null;
    let coldMutating: ColdStartResult | null = null;
    let warm: WarmResult | null = null;
    let deadline: DeadlineResult | null = null;
    if (runs('cold')) {
      console.log(`bench: cold start, ${opts.coldRuns} runs ...`);
      cold = await measureColdStart(artifact, environment, opts.coldRuns);
      console.log(`bench: cold start with a mutating first call, ${opts.coldRuns} runs ...`);
      coldMutating = await measureColdStart(artifact, environment, opts.coldRuns, { mutating: true });
    }
    if (runs('warm')) {
      console.log(`bench: warm, ${opts.warm.warmupIterations} warm-up + ${opts.warm.rounds} × ${opts.warm.iterationsPerRound} per handler ...`);
      warm = await measureWarm(artifact, environment, opts.warm);
    }
    if (runs('deadline')) {
      console.log(`bench: deadline, ${DEADLINE_RUNS} runs ...`);
      deadline = await measureDeadline(artifact, environment, DEADLINE_RUNS, DEADLINE_REMAINING_MS);
    }
    const results: Results = { artifact, cold, coldMutating, warm, deadline, nodeOptions: environment.nodeOptions, nodeVersion, seconds: (performance.now() - started) / 1000 };
    printTable(results);
    console.log(jsonLine(results));
  } finally {
    await environment.close();
    if (opts.keep) console.error(`bench: kept ${artifact.workDir}`);
    else removeArtifact(artifact);
  }
}

main().catch((error: unknown) => {
  console.error(`bench could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
