/**
 * A bad contract fails the build (`npx tsx scripts/build.ts --generate`) naming the action, the JSON pointer and
 * the rule, before anything is generated. The build runs for real, on a throw-away copy of the project's build
 * inputs, so the real action folders (others work on them in parallel) are never touched.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus.js';

const TSX_CLI = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'build-lint-'));
  for (const path of ['package.json', 'scripts', 'lambda/contracts', 'lambda/runtime', 'lambda/actions/customer-lookup/contract.json']) {
    cpSync(join(REPO_ROOT, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function runGenerate(cwd: string) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return spawnSync(process.execPath, [TSX_CLI, 'scripts/build.ts', '--generate'], { cwd, env, encoding: 'utf8', timeout: 60_000 });
}

describe('scripts/build.ts --generate on a copy of the build inputs', () => {
  it('succeeds with valid contracts only (so the failure below is the linter, not the copy)', () => {
    const dir = projectCopy();
    try {
      const result = runGenerate(dir);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(existsSync(join(dir, 'lambda/generated/validators.js'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scripts/build.ts --generate with a bad contract', () => {
  let dir: string;

  beforeAll(() => {
    dir = projectCopy();
    mkdirSync(join(dir, 'lambda/actions/address-update'), { recursive: true });
    writeFileSync(
      join(dir, 'lambda/actions/address-update/contract.json'),
      JSON.stringify({
        name: 'address-update',
        description: 'Takes a nested address, which Genesys refuses.',
        method: 'POST',
        timeoutSeconds: 90,
        idempotent: false,
        secure: false,
        input: { type: 'object', properties: { address: { type: 'object', properties: { city: { type: 'string' } } }, orgId: { type: 'string' } } },
        output: { type: 'object', properties: { ok: { type: 'boolean' } } },
      }),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails, naming the action, the pointer and the rule of each violation, and generates nothing', () => {
    const result = runGenerate(dir);
    expect(result.status).not.toBe(0);
    const source = 'lambda/actions/address-update/contract.json: address-update';
    expect(result.stderr).toContain('Contract lint failed');
    expect(result.stderr).toContain(`${source} /timeoutSeconds [timeout-range]`);
    expect(result.stderr).toContain(`${source} /input/properties/address [flat-primitive-input]`);
    expect(result.stderr).toContain(`${source} /input/properties/orgId [reserved-name]`);
    expect(result.stderr).not.toContain('customer-lookup');
    expect(existsSync(join(dir, 'lambda/generated'))).toBe(false);
  });
});
