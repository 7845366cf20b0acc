/**
 * The corpus as yardstick (issue §5): real exported definitions run through the emulator.
 * - request side: every definition renders for a sample input, and a JSON body parses as JSON;
 * - translation maps: every definition with one runs against a local endpoint replying with a synthesised
 *   body, and its output must satisfy its success schema.
 *
 * `npx tsx tools/emulator/corpus/yardstick.ts` prints the rates (for the README); the corpus test asserts them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderRequest } from '../request.js';
import { redirectToOrigin, runAction } from '../run.js';
import type { ActionDefinition, ExecutionContext } from '../types.js';
import { looksLikeJson, sampleRequestInput } from './request-input.js';
import { synthesiseResponse } from './synthesise-response.js';

/** Where the corpus lives, relative to the repository root. */
export const CORPUS_RELATIVE_PATH = '../shared/corpus/data-actions';

export interface CorpusEntry {
  file: string;
  definition: ActionDefinition;
}

export interface CheckOutcome {
  file: string;
  passed: boolean;
  problem?: string;
}

export interface CheckTally {
  total: number;
  passed: number;
  /** Percentage with one decimal. */
  rate: number;
  failures: CheckOutcome[];
}

export interface YardstickReport {
  corpusSize: number;
  requestSide: CheckTally;
  translationMap: CheckTally;
}

const CONTEXT: ExecutionContext = { organizationId: 'corpus-org', allowInsecureHttp: true, timeoutSeconds: 10 };

/** The corpus folder for a repository root, or undefined when it is absent (a user's clone). */
export function resolveCorpusDir(repoRoot: string): string | undefined {
  const dir = resolve(repoRoot, CORPUS_RELATIVE_PATH);
  return existsSync(dir) ? dir : undefined;
}

export function loadCorpus(dir: string): CorpusEntry[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, definition: JSON.parse(readFileSync(join(dir, file), 'utf8')) as ActionDefinition }));
}

export const hasTranslationMap = (definition: ActionDefinition): boolean =>
  Object.keys(definition.config.response?.translationMap ?? {}).length > 0;

/** Renders the request side for a sample input; a body sent as JSON must parse. */
export function checkRequestSide({ file, definition }: CorpusEntry): CheckOutcome {
  try {
    const request = renderRequest(definition, sampleRequestInput(definition), CONTEXT);
    if (request.body !== undefined && looksLikeJson(request.body, request.headers)) {
      try {
        JSON.parse(request.body);
      } catch (error) {
        return { file, passed: false, problem: `the ${request.method} body is not JSON (${(error as Error).message}): ${request.body.slice(0, 200)}` };
      }
    }
    return { file, passed: true };
  } catch (error) {
    return { file, passed: false, problem: (error as Error).message };
  }
}

/** Runs every definition with a translation map against one local endpoint replying with its synthesised body. */
export async function checkTranslationMaps(entries: CorpusEntry[]): Promise<CheckOutcome[]> {
  let body: unknown = {};
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const outcomes: CheckOutcome[] = [];
  try {
    for (const { file, definition } of entries.filter((e) => hasTranslationMap(e.definition))) {
      try {
        body = synthesiseResponse(definition);
      } catch (error) {
        outcomes.push({ file, passed: false, problem: `no response could be synthesised: ${(error as Error).message}` });
        continue;
      }
      const result = await runAction(definition, sampleRequestInput(definition), CONTEXT, { rewriteUrl: redirectToOrigin(origin) });
      const failed = result.operations.find((op) => !op.success);
      outcomes.push(
        result.success ? { file, passed: true } : { file, passed: false, problem: `${failed?.name}: ${result.error?.code} ${result.error?.message}` },
      );
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
  return outcomes;
}

function tally(outcomes: CheckOutcome[]): CheckTally {
  const passed = outcomes.filter((o) => o.passed).length;
  const rate = outcomes.length === 0 ? 100 : Math.round((passed / outcomes.length) * 1000) / 10;
  return { total: outcomes.length, passed, rate, failures: outcomes.filter((o) => !o.passed) };
}

export async function runYardstick(dir: string): Promise<YardstickReport> {
  const entries = loadCorpus(dir);
  return {
    corpusSize: entries.length,
    requestSide: tally(entries.map(checkRequestSide)),
    translationMap: tally(await checkTranslationMaps(entries)),
  };
}

export function formatReport(report: YardstickReport): string {
  const line = (label: string, t: CheckTally) => `${label}: ${t.passed}/${t.total} (${t.rate}%)`;
  const failures = [...report.requestSide.failures, ...report.translationMap.failures].map((f) => `  - ${f.file}: ${f.problem}`);
  return [
    `Corpus: ${report.corpusSize} definitions`,
    line('Request side renders (and JSON bodies parse)', report.requestSide),
    line('Translation map runs valid against the success schema', report.translationMap),
    ...(failures.length > 0 ? ['Failures:', ...failures] : []),
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  const dir = resolveCorpusDir(repoRoot);
  if (dir === undefined) {
    console.log(`Corpus absent (${CORPUS_RELATIVE_PATH} from ${repoRoot}): nothing to measure.`);
  } else {
    console.log(formatReport(await runYardstick(dir)));
  }
}
