/**
 * `data-action export`, run as a child process: the import files, JSON Schemas and OpenAPI document are written
 * for every project action, match the contracts, and pass `validate`; the OpenAPI document's structure is
 * checked here independently of the CLI's own check.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import { actionUrl, toGenesysActionExport } from '../../lambda/contracts/genesys-action-definition.js';
import { createDraft04Ajv } from '../../lambda/contracts/validator-compiler.js';
import { checkOpenApiDocument } from '../../tools/cli/openapi-structure.js';
import { ERROR_RESPONSES } from '../../tools/cli/openapi.js';
import { REPO_ROOT, STACK_FRAME, problemLines, runCli } from './run-cli.js';

type Json = Record<string, any>;

const BASE_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod';
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;

const contracts: ActionContract[] = readdirSync(join(REPO_ROOT, 'lambda/actions'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => readJson(join(REPO_ROOT, 'lambda/actions', e.name, 'contract.json')) as ActionContract);

describe('data-action export --out <dir>', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    out = join(mkdtempSync(join(tmpdir(), 'cli-export-')), 'exports');
    result = await runCli(['export', '--out', out, '--base-url', `${BASE_URL}/`]);
  });

  afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }));

  it('exits 0 and lists what it wrote', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`exported ${contracts.length} actions`);
  });

  it('writes an import file and two schemas per action, and one openapi.json', () => {
    const expected = contracts.flatMap((c) => [`${c.name}.custom.json`, `${c.name}.input.schema.json`, `${c.name}.output.schema.json`]);
    expect(readdirSync(out).sort()).toEqual([...expected, 'openapi.json'].sort());
  });

  it('writes import files in the Admin UI format, calling <base-url>/actions/<name>', () => {
    for (const contract of contracts) {
      const written = readJson(join(out, `${contract.name}.custom.json`));
      expect(written).toEqual(toGenesysActionExport(contract, { actionUrl: actionUrl(BASE_URL, contract.name) }));
      expect(written.config.request.requestUrlTemplate).toBe(`${BASE_URL}/actions/${contract.name}`);
      expect(written.config.timeoutSeconds).toBe(contract.timeoutSeconds);
      expect(Object.keys(written).sort()).toEqual(['actionType', 'config', 'contract', 'integrationType', 'name', 'secure']);
    }
  });

  it('writes the input and output schemas unchanged', () => {
    for (const contract of contracts) {
      expect(readJson(join(out, `${contract.name}.input.schema.json`))).toEqual(contract.input);
      expect(readJson(join(out, `${contract.name}.output.schema.json`))).toEqual(contract.output);
    }
  });

  it('writes files that pass validate', async () => {
    const revalidated = await runCli(['validate', out]);
    expect(revalidated.stdout).toBe(`${contracts.length * 3 + 1} files checked: all passed\n`);
    expect(revalidated.code).toBe(0);
  });

  describe('openapi.json', () => {
    let doc: Json;
    beforeAll(() => (doc = readJson(join(out, 'openapi.json'))));

    /** Follows a local $ref. */
    const deref = (node: Json): Json => {
      if (typeof node.$ref !== 'string') return node;
      const target = (node.$ref as string)
        .slice(2)
        .split('/')
        .reduce<Json | undefined>((at, key) => at?.[key], doc);
      if (target === undefined) throw new Error(`unresolved ${node.$ref}`);
      return deref(target);
    };

    it('is OpenAPI 3.0 with info, the server and a security scheme', () => {
      expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
      expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
      expect(doc.servers).toEqual([{ url: BASE_URL }]);
      expect(doc.components.securitySchemes.basicAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'basic' }));
      expect(doc.security).toEqual([{ basicAuth: [] }]);
    });

    it('has POST /actions/<name> for every action, with its contract as request body and 200', () => {
      expect(Object.keys(doc.paths).sort()).toEqual(contracts.map((c) => `/actions/${c.name}`).sort());
      for (const contract of contracts) {
        const op = doc.paths[`/actions/${contract.name}`].post as Json;
        expect(Object.keys(doc.paths[`/actions/${contract.name}`])).toEqual(['post']);
        expect(op.requestBody.required).toBe(true);
        const input = deref(op.requestBody.content['application/json'].schema);
        const output = deref(op.responses['200'].content['application/json'].schema);
        expect(Object.keys(input.properties)).toEqual(Object.keys(contract.input.properties as object));
        expect(input.required).toEqual(contract.input.required);
        expect(Object.keys(output.properties)).toEqual(Object.keys(contract.output.properties as object));
        for (const schema of [input, output]) {
          expect(schema).not.toHaveProperty('$schema');
          expect(schema).not.toHaveProperty('id');
        }
      }
    });

    it('answers every error status with the envelope {error: {code, message, details?, traceId}}', () => {
      const statuses = ['400', '401', '403', '404', '413', '415', '422', '500', '502', '503', '504'];
      expect(Object.keys(ERROR_RESPONSES).sort()).toEqual(statuses);
      for (const path of Object.values(doc.paths) as Json[]) {
        expect(Object.keys(path.post.responses).sort()).toEqual(['200', ...statuses].sort());
        for (const status of statuses) {
          const envelope = deref(deref(path.post.responses[status]).content['application/json'].schema);
          expect(envelope.required).toEqual(['error']);
          expect(envelope.properties.error.required).toEqual(['code', 'message', 'traceId']);
          expect(Object.keys(envelope.properties.error.properties)).toEqual(['code', 'message', 'details', 'traceId']);
        }
      }
    });

    it('has unique operation ids and every $ref resolving', () => {
      const ids = (Object.values(doc.paths) as Json[]).map((p) => p.post.operationId);
      expect(new Set(ids).size).toBe(contracts.length);
      expect(checkOpenApiDocument(doc)).toEqual([]);
    });

    it('accepts and rejects the same inputs as the contracts (the schema conversion keeps the meaning)', () => {
      const ajv = createDraft04Ajv();
      const lookup = contracts.find((c) => c.name === 'customer-lookup')!;
      const converted = deref(doc.paths['/actions/customer-lookup'].post.requestBody.content['application/json'].schema);
      for (const sample of [{ customer_id: 'cust_1' }, { customer_id: 'nope' }, {}, { customer_id: 'cust_1', extra: 1 }]) {
        const { $schema: _s, ...contractSchema } = lookup.input;
        expect({ sample, valid: ajv.validate(converted, sample) }).toEqual({ sample, valid: ajv.validate(contractSchema, sample) });
      }
    });
  });
});

describe('data-action export options and errors', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cli-export-opts-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses a clear placeholder URL by default and says so', async () => {
    const result = await runCli(['export', '--out', dir]);
    expect(result.code).toBe(0);
    expect(readJson(join(dir, 'customer-lookup.custom.json')).config.request.requestUrlTemplate).toBe(
      'https://YOUR-API-ID.execute-api.REGION.amazonaws.com/prod/actions/customer-lookup',
    );
    expect(result.stdout).toContain('the endpoint URL is a placeholder');
  });

  it('--auth-header templates the header from the credential and documents it as the security scheme', async () => {
    const result = await runCli(['export', '--out', dir, '--base-url', BASE_URL, '--auth-header', 'X-API-Key']);
    expect(result.code).toBe(0);
    expect(readJson(join(dir, 'customer-lookup.custom.json')).config.request.headers).toEqual({
      'Content-Type': 'application/json',
      'X-API-Key': '${credentials.apiKey}',
    });
    const doc = readJson(join(dir, 'openapi.json'));
    expect(doc.components.securitySchemes).toEqual({ apiKeyHeader: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }) });
    expect(doc.security).toEqual([{ apiKeyHeader: [] }]);
    expect((await runCli(['validate', dir])).code).toBe(0);
  });

  it('is a usage error for a bad --base-url, and for a missing --out', async () => {
    const badUrl = await runCli(['export', '--out', dir, '--base-url', 'not a url']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/^data-action: --base-url must be an absolute URL/);
    expect(badUrl.stderr).not.toMatch(STACK_FRAME);
    const noOut = await runCli(['export']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("required option '--out <dir>' not specified");
  });

  it('exports nothing and exits 1 when a project contract is broken', async () => {
    const actions = join(dir, 'actions');
    mkdirSync(join(actions, 'nested-input'), { recursive: true });
    writeFileSync(
      join(actions, 'nested-input/contract.json'),
      JSON.stringify({
        name: 'nested-input',
        description: 'd',
        method: 'POST',
        timeoutSeconds: 5,
        idempotent: true,
        secure: false,
        input: { type: 'object', properties: { address: { type: 'object' } } },
        output: { type: 'object' },
      }),
    );
    const result = await runCli(['export', '--out', join(dir, 'out'), '--actions-dir', actions]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('data-action: nothing exported');
    expect(result.stderr).toContain('/input/properties/address [flat-primitive-input]');
    expect(problemLines(result.stdout)).toEqual([]);
  });
});
