/**
 * What each function's asset holds: its entry, its source map and, for the data-action handler, the
 * chunks it loads on first use, and nothing of the other function (both share `dist/`). Synthesized
 * in-process from a directory laid out as `npm run build` lays out `dist/`; the staged asset directories
 * in the cloud assembly are what `cdk deploy` zips.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { bundleCode } from '../../infra/bundles.js';
import { HANDLER_CHUNK_DIR } from '../../scripts/lambda-bundle.js';

let scratch: string;
const assets = new Map<string, string[]>();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'gda-bundle-assets-'));
  const dist = join(scratch, 'dist');
  mkdirSync(join(dist, HANDLER_CHUNK_DIR), { recursive: true });
  const files = [
    'handler.mjs',
    'handler.mjs.map',
    `${HANDLER_CHUNK_DIR}/chunk-AAAA.mjs`,
    `${HANDLER_CHUNK_DIR}/chunk-AAAA.mjs.map`,
    `${HANDLER_CHUNK_DIR}/idempotency-store-BBBB.mjs`,
    'registration.mjs',
    'registration.mjs.map',
    'stray-notes.txt',
  ];
  for (const file of files) writeFileSync(join(dist, file), `// ${file}\n`);

  const app = new App({ outdir: join(scratch, 'cdk.out'), context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bundles');
  for (const entry of ['handler', 'registration'] as const) {
    new lambda.Function(stack, entry, { runtime: lambda.Runtime.NODEJS_24_X, handler: `${entry}.handler`, code: bundleCode(dist, entry) });
  }
  const assembly = app.synth();
  const template = assembly.getStackByName('Bundles').template as { Resources: Record<string, { Type: string; Metadata?: Record<string, string> }> };
  for (const [id, resource] of Object.entries(template.Resources)) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type === 'AWS::Lambda::Function' && assetPath) assets.set(id.startsWith('handler') ? 'handler' : 'registration', filesUnder(join(assembly.directory, assetPath)));
  }
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('function assets', () => {
  it('the data-action handler ships its entry, its source map and all its chunks, nothing else', () => {
    expect(assets.get('handler')).toEqual([
      'handler-chunks/chunk-AAAA.mjs',
      'handler-chunks/chunk-AAAA.mjs.map',
      'handler-chunks/idempotency-store-BBBB.mjs',
      'handler.mjs',
      'handler.mjs.map',
    ]);
  });

  it('the registration function ships its one file and its source map', () => {
    expect(assets.get('registration')).toEqual(['registration.mjs', 'registration.mjs.map']);
  });

  it('the chunk directory the build writes is the one the asset takes (`<entry>-chunks`)', () => {
    expect(HANDLER_CHUNK_DIR).toBe('handler-chunks');
  });
});
