/**
 * The corpus as yardstick (issue §5): 134 real definitions, read from ../shared/corpus/data-actions.
 * Every definition renders its request side; every definition with a translation map, run against a local
 * endpoint replying with a body built for its JSONPaths, produces an output valid against its success
 * schema. Definitions that fail are listed below with the reason, asserted exactly: a fix or a regression
 * changes this list.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_RELATIVE_PATH, formatReport, resolveCorpusDir, runYardstick, type YardstickReport } from '../../tools/emulator/corpus/yardstick.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = resolveCorpusDir(repoRoot);

interface ExpectedFailure {
  /** What the emulator reports (step: code message). */
  problem: RegExp;
  /** Why Genesys would fail it too (or why the emulator cannot tell). */
  reason: string;
}

/** Request side: every definition renders. */
const EXPECTED_REQUEST_SIDE_FAILURES: Record<string, ExpectedFailure> = {};

const EXPECTED_TRANSLATION_MAP_FAILURES: Record<string, ExpectedFailure> = {
  'GenesysCloudDevOps__public-api-get-last-agents-by-conversation-id-data-action-module__Get-Last-Agents-by-Conversation-ID.json': {
    problem: /^Execute request: ACTION\.CONFIGURATION The request URL is not a valid URI: illegal character "\{"/,
    reason:
      'The URL template reads ${input.ConversationID} but the input contract names the field conversationId. Velocity ' +
      'is case-sensitive, so the reference prints as written and "{" cannot go in a URI. Its success template also ' +
      'ends with a stray "}".',
  },
  'Purple-Network__Genesys-Cloud-data-actions__Category__Genesys_Cloud_Data_Actions__Get-Chat-Recording-Transcript.json': {
    problem: /^Resolve success template: ACTION\.PROCESSING Failed while processing the success template: the result is not JSON/,
    reason:
      'The success template ends with "}}", one brace too many, so its output is not JSON. With default settings, ' +
      "Genesys's Java parser (Jackson) may ignore trailing tokens [?]. The emulator is strict.",
  },
};

const failuresOf = (tally: YardstickReport['requestSide']) => Object.fromEntries(tally.failures.map((f) => [f.file, f.problem ?? '']));

function expectExactly(actual: Record<string, string>, expected: Record<string, ExpectedFailure>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [file, problem] of Object.entries(actual)) expect({ file, problem }).toEqual({ file, problem: expect.stringMatching((expected[file] as ExpectedFailure).problem) });
}

if (corpusDir === undefined) {
  describe('data-action corpus', () => {
    it.skip(`corpus absent: corpus checks did not run (${CORPUS_RELATIVE_PATH} not found from the repository root)`, () => undefined);
  });
} else {
  describe(`data-action corpus (${CORPUS_RELATIVE_PATH})`, () => {
    let report: YardstickReport;
    beforeAll(async () => {
      report = await runYardstick(corpusDir);
      console.log(formatReport(report));
    });

    it('holds the definitions the reference describes', () => {
      expect(report.corpusSize).toBe(134);
      expect(report.requestSide.total).toBe(report.corpusSize);
      expect(report.translationMap.total).toBeGreaterThan(70);
    });

    it('renders the request side of every definition, and every JSON body parses', () => {
      expectExactly(failuresOf(report.requestSide), EXPECTED_REQUEST_SIDE_FAILURES);
      expect(report.requestSide.rate).toBe(100);
    });

    it('runs every definition with a translation map to an output valid against its success schema, except the listed ones', () => {
      expectExactly(failuresOf(report.translationMap), EXPECTED_TRANSLATION_MAP_FAILURES);
      const expectedPassed = report.translationMap.total - Object.keys(EXPECTED_TRANSLATION_MAP_FAILURES).length;
      expect(report.translationMap.passed).toBe(expectedPassed);
    });
  });
}
