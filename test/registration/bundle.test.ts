/**
 * The registration entry point as Lambda runs it: bundled by esbuild into one ESM file (as scripts/build.ts
 * does for dist/registration.mjs) and invoked in a separate Node process through its `handler` export.
 * Only requests that need no network are sent: a placeholder Delete, and a Create with broken properties.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

describe('the bundled registration handler', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'registration-bundle-'));
    await build({
      entryPoints: { registration: join(root, 'lambda/registration/handler.ts') },
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      mainFields: ['module', 'main'],
      banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
      logLevel: 'error',
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exports `handler`, succeeds a placeholder Delete and fails a broken Create with the console message', async () => {
    const script = join(dir, 'invoke.mjs');
    await writeFile(
      script,
      `import { handler } from './registration.mjs';
const context = { getRemainingTimeInMillis: () => 60000, awsRequestId: 'r', functionName: 'f', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f', memoryLimitInMB: '256', functionVersion: '$LATEST', logGroupName: 'g', logStreamName: 's' };
const base = { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:p', ResponseURL: 'https://example.invalid/r', StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/s/1', RequestId: 'q', LogicalResourceId: 'Lookup', ResourceType: 'Custom::GenesysDataAction' };
const deleted = await handler({ ...base, RequestType: 'Delete', PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED', ResourceProperties: { ServiceToken: base.ServiceToken } }, context);
let failure;
try { await handler({ ...base, RequestType: 'Create', ResourceProperties: { ServiceToken: base.ServiceToken, genesysRegion: 'eu-west-1' } }, context); } catch (error) { failure = error.message; }
process.stderr.write(JSON.stringify({ deleted, failure }));
`,
    );
    const { stderr } = await promisify(execFile)(process.execPath, [script], { env: { ...process.env, AWS_REGION: 'eu-west-1' } });
    const report = JSON.parse(stderr.slice(stderr.lastIndexOf('{"deleted"'))) as { deleted: unknown; failure: string };

    expect(report.deleted).toEqual({ PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' });
    expect(report.failure).toMatch(
      /^Custom::GenesysDataAction Lookup Create failed: Custom::GenesysDataAction properties are invalid: genesysOAuthSecretArn is required/,
    );
  });
});
