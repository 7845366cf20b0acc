/**
 * What the parent (`run.ts`) and the child processes (`children/*.ts`) tell each other. A child gets its
 * input as JSON in `BENCH_INPUT` and answers with JSON lines on file descriptor 3 (stdout is the
 * function's own log output, as in Lambda).
 */
export const CHILD_INPUT_VARIABLE = 'BENCH_INPUT';
export const CHILD_REPORT_FD = 3;

/** The deployed bundle (dist/handler.mjs) as a child imports it: the handler and its seams. */
export type DeployedModule = typeof import('../lambda/handler.js');
/** The bench bundle (`bench-entry.ts`: the deployed module plus the logger and metrics factories), for ablations. */
export type BenchModule = typeof import('./bench-entry.js');

/** A downstream reply as the stub sent it on the wire, replayed in-process by the warm run's axios adapter. */
export interface RecordedReply {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface ColdStartInput {
  handlerUrl: string;
  eventJson: string;
  functionTimeoutMs: number;
}

export interface ColdStartReport {
  kind: 'cold-start';
  statusCode: number | undefined;
  /** The child's clock (performance.now(): ms since the process started) at these points. */
  scriptStartedMs: number;
  handlerImportedMs: number;
  answeredMs: number;
  /** process.hrtime at the end of the import, µs: the clock of --cpu-prof's sample timestamps. */
  handlerImportedAtUs: number;
}

export interface WarmInput {
  /** The deployed bundle; with `ablations`, the bench bundle (which also exports the logger and metrics factories). */
  moduleUrl: string;
  eventJson: string;
  reply: RecordedReply;
  /** The downstream request the stub answered with `reply`: the adapter checks the first one matches. */
  expect: { url: string; authorization: string };
  warmupIterations: number;
  rounds: number;
  iterationsPerRound: number;
  functionTimeoutMs: number;
  /** Also time the chain with one part taken out at a time (profile.ts ablations). */
  ablations: boolean;
}

/** The chain with one part taken out: what that part costs is the difference to the full chain. */
export const ABLATIONS = {
  'no downstream pipeline': 'the action gets the parsed stub reply without axios, axios-retry, opossum or the deadline signal',
  'no audit line': 'the logger at SILENT: the audit record is neither built nor written',
  'no EMF': 'Powertools Metrics disabled: nothing stored, serialised or written',
} as const;
export type AblationName = keyof typeof ABLATIONS;

export interface WarmReport {
  kind: 'warm';
  /** Per-invocation latency, µs, recorded iterations only. */
  fullUs: number[];
  bareUs: number[];
  /** Invocations of the full chain, warm-up included: each must have written one audit record and one EMF blob. */
  fullInvocations: number;
  nonSuccessAnswers: number;
  adapterCalls: number;
  ablationsUs: Partial<Record<AblationName, number[]>>;
}

export interface DeadlineInput {
  /** The deployed bundle. */
  handlerUrl: string;
  eventJson: string;
  runs: number;
  remainingMs: number;
  timeoutSeconds: number;
}

export interface DeadlineRun {
  elapsedMs: number;
  budgetMs: number;
  statusCode: number | undefined;
  errorCode: string | undefined;
}

export interface DeadlineReport {
  kind: 'deadline';
  marginMs: number;
  runs: DeadlineRun[];
}

export interface FloorInput {
  /** The floor bundle (floor-entry.ts, built as the deployed bundle is). */
  floorModuleUrl: string;
  sample: import('./floor-entry.js').FloorSample;
  eventJson: string;
  warmupIterations: number;
  rounds: number;
  iterationsPerRound: number;
  functionTimeoutMs: number;
}

export interface FloorReport {
  kind: 'floor';
  operations: { name: string; required: boolean; what: string; us: number[] }[];
}

export type ChildReport = ColdStartReport | WarmReport | DeadlineReport | FloorReport;
