/**
 * coldStartMs: spawn → exit of a fresh `node` that imports the deployed bundle and answers one
 * invocation (then exits at once), minus spawn → exit of `node -e 0`, both timed by the parent, same
 * environment (NODE_OPTIONS included), interleaved pair by pair so drift hits both; medians of `runs`.
 * The child's own clock (performance.now(), ms since its process started) splits the time into the
 * bundle's import (load + init) and the first invocation (secrets read, downstream call, the chain).
 */
import type { Artifact } from './artifact.js';
import { FUNCTION_TIMEOUT_MS, type BenchEnvironment } from './environment.js';
import { CHILD_INPUT_VARIABLE, type ColdStartInput } from './protocol.js';
import { reportOf, runChild } from './spawn.js';
import { median } from './stats.js';

export interface ColdStartResult {
  coldStartMs: number;
  runs: number;
  /** Medians, parent's clock, ms. */
  handlerExitMs: number;
  handlerAnswerMs: number;
  nodeE0ExitMs: number;
  /** Medians, the child's clock, ms. */
  childImportMs: number;
  childFirstInvocationMs: number;
  childAnsweredAtMs: number;
  /** Each pair's difference, in run order (to see the spread). */
  perRunMs: number[];
}

function checkColdStartOutput(stdout: string, mutating: boolean): void {
  const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const audits = lines.filter((l) => l.log_type === 'AUDIT');
  const emf = lines.filter((l) => '_aws' in l);
  if (audits.length !== 1 || audits[0]?.outcome !== 'success' || audits[0]?.cold_start !== true || emf.length < 1) {
    throw new Error(`cold start: expected one successful cold-start audit record and EMF output, got ${audits.length} audit and ${emf.length} EMF lines`);
  }
  // A mutating run must have claimed and completed a record of its own, not replayed an earlier run's.
  if (mutating && audits[0]?.idempotent_replay !== false) throw new Error('mutating cold start: the call was replayed, not carried out');
}

/** The cold-start child's environment: the function's, plus its input; `nodeOptions` replaces the deployed NODE_OPTIONS. */
export function coldStartEnv(artifact: Artifact, environment: BenchEnvironment, nodeOptions?: string, eventJson = environment.eventJson()): Record<string, string> {
  const input: ColdStartInput = { handlerUrl: artifact.handlerUrl, eventJson, functionTimeoutMs: FUNCTION_TIMEOUT_MS };
  const env = environment.functionEnv(environment.downstream.url, artifact.workDir);
  return { ...env, ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }), [CHILD_INPUT_VARIABLE]: JSON.stringify(input) };
}

export interface ColdStartOptions {
  /** Replaces the deployed NODE_OPTIONS, for both the handler and `node -e 0` (experiments). */
  nodeOptions?: string;
  /** Run one unrecorded pair first (default true). */
  warmup?: boolean;
  /**
   * The first invocation is a mutating action (a new input each run), which loads and uses the
   * idempotency store, instead of the benchmarked lookup (default false).
   */
  mutating?: boolean;
}

export async function measureColdStart(artifact: Artifact, environment: BenchEnvironment, runs: number, coldOptions: ColdStartOptions = {}): Promise<ColdStartResult> {
  const optionsOf = (run: number) => ({
    env: coldStartEnv(artifact, environment, coldOptions.nodeOptions, coldOptions.mutating === true ? environment.mutatingEventJson(run) : undefined),
    stdout: 'pipe' as const,
    timeoutMs: 20_000,
  });

  const pairs: { baseline: number; exit: number; answer: number; importMs: number; invokeMs: number; answeredAt: number }[] = [];
  // One unrecorded pair first: the page cache, not the code, decides the first spawn.
  for (let i = coldOptions.warmup === false ? 0 : -1; i < runs; i++) {
    const options = optionsOf(i);
    const baseline = await runChild(['-e', '0'], options);
    const cold = await runChild([artifact.children.coldStart], options);
    const report = reportOf(cold, 'cold-start');
    if (baseline.exitCode !== 0) throw new Error(`node -e 0 failed: ${baseline.stderr.slice(0, 2000)}`);
    if (report.statusCode !== 200) throw new Error(`cold start answered ${report.statusCode}, not 200:\n${cold.stdout.slice(0, 2000)}`);
    checkColdStartOutput(cold.stdout, coldOptions.mutating === true);
    if (i < 0) continue;
    pairs.push({
      baseline: baseline.exitMs,
      exit: cold.exitMs,
      answer: cold.firstReportMs ?? Number.NaN,
      importMs: report.handlerImportedMs - report.scriptStartedMs,
      invokeMs: report.answeredMs - report.handlerImportedMs,
      answeredAt: report.answeredMs,
    });
  }
  const handlerExitMs = median(pairs.map((p) => p.exit));
  const nodeE0ExitMs = median(pairs.map((p) => p.baseline));
  return {
    coldStartMs: handlerExitMs - nodeE0ExitMs,
    runs,
    handlerExitMs,
    handlerAnswerMs: median(pairs.map((p) => p.answer)),
    nodeE0ExitMs,
    childImportMs: median(pairs.map((p) => p.importMs)),
    childFirstInvocationMs: median(pairs.map((p) => p.invokeMs)),
    childAnsweredAtMs: median(pairs.map((p) => p.answeredAt)),
    perRunMs: pairs.map((p) => p.exit - p.baseline),
  };
}
