/**
 * warmMedianUs / warmP99Us / bareMedianUs: one child runs the full chain and the bare handler in
 * interleaved rounds (children/warm.ts). Its stdout, where Powertools writes the audit records and EMF
 * blobs, goes to a regular file: every line is still formatted, serialised and written with a real
 * write(2), as Lambda's stdout pipe gets it, without a reader process competing for the CPU. Afterwards the
 * file proves the work was done: one audit record and at least one EMF blob per full invocation.
 * (`--warm-stdout=null` sends it to /dev/null instead, skipping the proof.)
 */
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from './artifact.js';
import { FUNCTION_TIMEOUT_MS, type BenchEnvironment } from './environment.js';
import { CHILD_INPUT_VARIABLE, type AblationName, type WarmInput } from './protocol.js';
import { reportOf, runChild } from './spawn.js';
import { summarize, type Summary } from './stats.js';

export interface WarmOptions {
  warmupIterations: number;
  rounds: number;
  iterationsPerRound: number;
  stdout: 'file' | 'null';
  /** Replaces the deployed NODE_OPTIONS (profiling). */
  nodeOptions?: string;
  /** Also time the chain with one part taken out at a time (profile.ts). */
  ablations?: boolean;
}

export interface WarmResult {
  full: Summary;
  bare: Summary;
  ablations: [AblationName, Summary][];
  fullInvocations: number;
  /** What the log file held, or null when stdout went to /dev/null. */
  logCheck: { auditLines: number; emfLines: number; bytes: number } | null;
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

export async function measureWarm(artifact: Artifact, environment: BenchEnvironment, options: WarmOptions): Promise<WarmResult> {
  const { reply, expect } = await environment.recordDownstreamReply();
  const input: WarmInput = {
    moduleUrl: options.ablations === true ? artifact.benchHandlerUrl : artifact.handlerUrl,
    eventJson: environment.eventJson(),
    reply,
    expect,
    warmupIterations: options.warmupIterations,
    rounds: options.rounds,
    iterationsPerRound: options.iterationsPerRound,
    functionTimeoutMs: FUNCTION_TIMEOUT_MS,
    ablations: options.ablations === true,
  };
  const env = {
    ...environment.functionEnv(environment.downstream.url, artifact.workDir),
    ...(options.nodeOptions === undefined ? {} : { NODE_OPTIONS: options.nodeOptions }),
    [CHILD_INPUT_VARIABLE]: JSON.stringify(input),
  };
  const logPath = join(artifact.workDir, 'warm-stdout.log');
  const fd = openSync(options.stdout === 'file' ? logPath : '/dev/null', 'w');
  let run;
  try {
    run = await runChild([artifact.children.warm], { env, stdout: fd, timeoutMs: 240_000 });
  } finally {
    closeSync(fd);
  }
  const report = reportOf(run, 'warm');
  if (report.nonSuccessAnswers > 0) throw new Error(`warm run: ${report.nonSuccessAnswers} invocations did not answer 200`);
  const ablations = Object.entries(report.ablationsUs).map(([name, us]): [AblationName, Summary] => [name as AblationName, summarize(us)]);
  if (!input.ablations && report.adapterCalls !== report.fullInvocations) throw new Error(`warm run: ${report.adapterCalls} downstream calls for ${report.fullInvocations} invocations`);

  let logCheck: WarmResult['logCheck'] = null;
  // The ablations write fewer lines by design: the count is only checked for the plain run.
  if (options.stdout === 'file' && !input.ablations) {
    const text = readFileSync(logPath, 'utf8');
    logCheck = { auditLines: countOccurrences(text, '"log_type":"AUDIT"'), emfLines: countOccurrences(text, '"_aws":{'), bytes: Buffer.byteLength(text) };
    if (logCheck.auditLines !== report.fullInvocations || logCheck.emfLines < report.fullInvocations) {
      throw new Error(`warm run: ${report.fullInvocations} invocations wrote ${logCheck.auditLines} audit records and ${logCheck.emfLines} EMF blobs`);
    }
  }
  rmSync(logPath, { force: true });
  return { full: summarize(report.fullUs), bare: summarize(report.bareUs), ablations, fullInvocations: report.fullInvocations, logCheck };
}
