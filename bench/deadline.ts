/**
 * deadlineOvershootMsMax: over `runs` invocations against a downstream that accepts and never answers,
 * how far past its budget each answer came (answer time − budget, from the invocation's start), where
 * budget = computeBudgetMs(remaining, timeoutSeconds, DEADLINE_SAFETY_MARGIN_MS) as the handler computes
 * it. Every answer must be a 504 DEADLINE_EXCEEDED with its audit record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionContract } from '../lambda/contracts/action-contract.js';
import { ROOT, type Artifact } from './artifact.js';
import { BENCH_ACTION, type BenchEnvironment } from './environment.js';
import { CHILD_INPUT_VARIABLE, type DeadlineInput } from './protocol.js';
import { reportOf, runChild } from './spawn.js';
import { median } from './stats.js';

export interface DeadlineResult {
  runs: number;
  remainingMs: number;
  budgetMs: number;
  marginMs: number;
  overshootMaxMs: number;
  overshootMedianMs: number;
  overshootsMs: number[];
}

export async function measureDeadline(artifact: Artifact, environment: BenchEnvironment, runs: number, remainingMs: number): Promise<DeadlineResult> {
  const contract = JSON.parse(readFileSync(join(ROOT, `lambda/actions/${BENCH_ACTION}/contract.json`), 'utf8')) as ActionContract;
  const input: DeadlineInput = { handlerUrl: artifact.handlerUrl, eventJson: environment.eventJson(), runs, remainingMs, timeoutSeconds: contract.timeoutSeconds };
  const env = { ...environment.functionEnv(environment.hangingDownstream.url, artifact.workDir), [CHILD_INPUT_VARIABLE]: JSON.stringify(input) };
  const run = await runChild([artifact.children.deadline], { env, stdout: 'pipe', timeoutMs: 60_000 + runs * remainingMs });
  const report = reportOf(run, 'deadline');
  const wrong = report.runs.filter((r) => r.statusCode !== 504 || r.errorCode !== 'DEADLINE_EXCEEDED');
  if (wrong.length > 0) throw new Error(`deadline run: ${wrong.length} answers were not 504 DEADLINE_EXCEEDED (first: ${JSON.stringify(wrong[0])})`);
  const audits = run.stdout.split('\n').filter((l) => l.includes('"log_type":"AUDIT"') && l.includes('"outcome":"deadline_exceeded"'));
  if (audits.length !== runs) throw new Error(`deadline run: ${audits.length} deadline_exceeded audit records for ${runs} runs`);
  const overshootsMs = report.runs.map((r) => r.elapsedMs - r.budgetMs);
  return {
    runs,
    remainingMs,
    budgetMs: report.runs[0]?.budgetMs ?? Number.NaN,
    marginMs: report.marginMs,
    overshootMaxMs: Math.max(...overshootsMs),
    overshootMedianMs: median(overshootsMs),
    overshootsMs,
  };
}
