/**
 * `npx cdk synth` through the real CDK CLI and the real app (cdk.json → infra/app.ts, cdk-nag included),
 * offline: no AWS credentials or config (HOME is an empty directory), no instance metadata, no notices,
 * no telemetry. The pre-synth build of cdk.json is skipped (`--build true`) and the bundles come from a
 * placeholder directory: this test must not rewrite dist/ while other suites run, and `npm test` builds
 * before jest anyway.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { placeholderBundleDir, removePlaceholderBundles } from './fixture.js';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'gda-cdk-synth-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  removePlaceholderBundles();
});

const CANARY = 'CANARY-7f3e9a1c-not-a-real-secret';

function cdkSynth(outdir: string, context: Record<string, string>) {
  const home = join(scratch, 'home');
  const args = ['synth', '--no-notices', '--no-version-reporting', '--build', 'true', '--quiet', '-o', outdir];
  for (const [key, value] of Object.entries(context)) args.push('-c', `${key}=${value}`);
  return spawnSync(join(root, 'node_modules/.bin/cdk'), args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      // Secret-looking values in the environment must not reach the assembly.
      DOWNSTREAM_API_KEY: CANARY,
      GENESYS_CLIENT_SECRET: CANARY,
    },
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('npx cdk synth', () => {
  it('synthesizes the app offline, without AWS credentials, cdk-nag passing, and no canary in the assembly', () => {
    const outdir = join(scratch, 'cdk.out');
    const result = cdkSynth(outdir, {
      bundleDir: placeholderBundleDir(),
      downstreamBaseUrl: 'https://business.example.com',
      genesysRegion: 'eu-west-1',
      registerActions: 'true',
    });
    expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
    const templatePath = join(outdir, 'GenesysDataActions.template.json');
    expect(existsSync(templatePath)).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8'));
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((t) => t === 'Custom::GenesysDataAction')).toHaveLength(3);
    expect(types).toContain('AWS::ApiGateway::RestApi');
    for (const file of filesUnder(outdir)) expect({ file, leaked: readFileSync(file, 'utf8').includes(CANARY) }).toEqual({ file, leaked: false });
    expect(result.stdout + result.stderr).not.toContain(CANARY);
  });

  it('fails with the configuration problems alone, no stack trace', () => {
    const result = cdkSynth(join(scratch, 'cdk.out.bad'), { bundleDir: placeholderBundleDir(), lambdaMemoryMb: '64' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Invalid deploy configuration:');
    expect(result.stderr).toContain('downstreamBaseUrl (GDA_DOWNSTREAM_BASE_URL): is required');
    expect(result.stderr).toContain("lambdaMemoryMb (GDA_LAMBDA_MEMORY_MB): '64' must be an integer from 128 to 10240");
    expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });
});
