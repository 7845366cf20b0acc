/**
 * `data-action validate`, run as a child process: the project's actions pass; a folder of bad export files (one
 * per rule) prints exactly one line per problem and exits 1; the whole corpus passes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_ABSENT_TEST_NAME, CORPUS_DIR, CORPUS_PRESENT } from '../contracts/corpus.js';
import { STACK_FRAME, problemLines, runCli } from './run-cli.js';

type Definition = Record<string, any>;

function goodExport(): Definition {
  return {
    name: 'Get Customer',
    integrationType: 'custom-rest-actions',
    actionType: 'custom',
    config: {
      request: {
        requestUrlTemplate: 'https://api.example.com/customers/${input.customerId}',
        requestType: 'GET',
        headers: { Accept: 'application/json' },
        requestTemplate: '${input.rawRequest}',
      },
      response: { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
    },
    contract: {
      input: { inputSchema: { type: 'object', properties: { customerId: { type: 'string' } } } },
      output: { successSchema: { type: 'object', properties: { name: { type: 'string' } } } },
    },
    secure: false,
  };
}

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

/** One bad export per rule: file name → [mutation, expected pointer]. The file name is the rule. */
const BAD_EXPORTS: Record<string, [(d: Definition) => void, string]> = {
  'draft-04': [(d) => (d.contract.output.successSchema.required = 'name'), '/contract/output/successSchema/required'],
  'no-ref': [(d) => (d.contract.output.successSchema.properties.name = { $ref: '#/definitions/name' }), '/contract/output/successSchema/properties/name/$ref'],
  'max-depth': [(d) => (d.contract.output.successSchema.default = deep(60)), '/contract/output/successSchema'],
  'input-object': [(d) => (d.contract.input.inputSchema.type = 'string'), '/contract/input/inputSchema/type'],
  'flat-primitive-input': [
    (d) => (d.contract.input.inputSchema.properties.address = { type: 'object', properties: { city: { type: 'string' } } }),
    '/contract/input/inputSchema/properties/address',
  ],
  'property-name': [(d) => (d.contract.input.inputSchema.properties['customer id'] = { type: 'string' }), '/contract/input/inputSchema/properties/customer id'],
  'reserved-name': [(d) => (d.contract.input.inputSchema.properties.rawRequest = { type: 'string' }), '/contract/input/inputSchema/properties/rawRequest'],
  'no-nested-arrays': [
    (d) => (d.contract.output.successSchema.properties.grid = { type: 'array', items: { type: 'array', items: { type: 'string' } } }),
    '/contract/output/successSchema/properties/grid/items',
  ],
  'timeout-range': [(d) => (d.config.timeoutSeconds = 61), '/config/timeoutSeconds'],
  'request-type': [(d) => (d.config.request.requestType = 'HEAD'), '/config/request/requestType'],
  'accept-header': [(d) => (d.config.request.headers = { accept: 'text/xml' }), '/config/request/headers/accept'],
  'name-length': [(d) => (d.name = 'n'.repeat(257)), '/name'],
  'category-length': [(d) => (d.category = ''), '/category'],
  'velocity-syntax': [(d) => (d.config.request.requestTemplate = '{"id": "${input.customerId"}'), '/config/request/requestTemplate'],
  'required-field': [(d) => delete d.config.request.requestUrlTemplate, '/config/request/requestUrlTemplate'],
};

describe('data-action validate (no path): the project actions', () => {
  it('passes and exits 0', async () => {
    const result = await runCli(['validate']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^\d+ files checked: all passed\n$/);
    expect(result.code).toBe(0);
  });

  it('reports a broken project contract (--actions-dir) with its file, pointer and rule, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-actions-'));
    try {
      mkdirSync(join(dir, 'good'));
      writeFileSync(
        join(dir, 'good/contract.json'),
        JSON.stringify({ name: 'good', description: 'd', method: 'POST', timeoutSeconds: 5, idempotent: true, secure: false, input: { type: 'object' }, output: { type: 'object' } }),
      );
      mkdirSync(join(dir, 'bad'));
      writeFileSync(
        join(dir, 'bad/contract.json'),
        JSON.stringify({ name: 'bad-name', description: 'd', method: 'POST', timeoutSeconds: 0, idempotent: true, secure: false, input: { type: 'object' }, output: { type: 'object' } }),
      );
      mkdirSync(join(dir, 'broken'));
      writeFileSync(join(dir, 'broken/contract.json'), '{ "name": ');
      const result = await runCli(['validate', '--actions-dir', dir]);
      expect(result.code).toBe(1);
      const file = (folder: string) => join(dir, folder, 'contract.json');
      expect(problemLines(result.stdout)).toEqual([
        `${file('bad')} /timeoutSeconds [timeout-range] timeoutSeconds must be an integer from 1 to 60`,
        `${file('bad')} /name [folder-name] the name "bad-name" must equal the folder name "bad"`,
        expect.stringMatching(new RegExp(`^${file('broken')} / \\[json\\] not valid JSON: `)),
      ]);
      expect(result.stdout).toContain('3 files checked: 1 passed, 2 failed (3 problems)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('data-action validate <dir>: one bad export file per rule', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-validate-'));
    for (const [rule, [mutate]] of Object.entries(BAD_EXPORTS)) {
      const definition = goodExport();
      mutate(definition);
      writeFileSync(join(dir, `${rule}.custom.json`), JSON.stringify(definition, null, 2));
    }
    writeFileSync(join(dir, 'json.custom.json'), '{ "name": "truncated", ');
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested/good.custom.json'), JSON.stringify(goodExport()));
    writeFileSync(join(dir, 'notes.md'), 'not a definition');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints "<file> <pointer> [<rule>] <message>" once per problem, a summary, and exits 1', async () => {
    const result = await runCli(['validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = problemLines(result.stdout);
    const expected = Object.entries(BAD_EXPORTS).map(([rule, [, pointer]]) => `${join(dir, `${rule}.custom.json`)} ${pointer} [${rule}] `);
    expected.push(`${join(dir, 'json.custom.json')} / [json] not valid JSON`);
    expect(lines).toHaveLength(expected.length);
    for (const prefix of expected) expect(lines.filter((line) => line.startsWith(prefix))).toHaveLength(1);
    const files = Object.keys(BAD_EXPORTS).length + 2; // + json + nested/good
    expect(result.stdout).toContain(`${files} files checked: 1 passed, ${files - 1} failed (${expected.length} problems)`);
  });

  it('exits 0 for a good file given by name', async () => {
    const result = await runCli(['validate', join(dir, 'nested/good.custom.json')]);
    expect(result.stdout).toBe('1 file checked: all passed\n');
    expect(result.code).toBe(0);
  });

  it('reports a Velocity error with its line and column', async () => {
    const result = await runCli(['validate', join(dir, 'velocity-syntax.custom.json')]);
    expect(problemLines(result.stdout)).toEqual([
      `${join(dir, 'velocity-syntax.custom.json')} /config/request/requestTemplate [velocity-syntax] Velocity syntax error at line 1, column 27: unexpected '"'; expected '}', '.', '['`,
    ]);
  });

  it('is a usage error (exit 2, no stack trace) for a path that does not exist', async () => {
    const result = await runCli(['validate', join(dir, 'missing.custom.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`data-action: no such file or directory: ${join(dir, 'missing.custom.json')}\n`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('data-action validate on the shared corpus', () => {
  if (!CORPUS_PRESENT) {
    it.skip(CORPUS_ABSENT_TEST_NAME, () => {});
    return;
  }

  it('accepts all 134 real exports and exits 0', async () => {
    const result = await runCli(['validate', CORPUS_DIR]);
    expect(result.stdout).toBe('134 files checked: all passed\n');
    expect(result.code).toBe(0);
  });
});
