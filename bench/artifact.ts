/**
 * What the benchmark runs: the deployed artifact `dist/handler.mjs` (built first when missing or older
 * than its sources), copied with its source map into a private work directory (so that a concurrent
 * `npm run build` cannot swap it mid-run), the bench bundle (`bench-entry.ts`, built the same way, for
 * profile.ts ablations) and the child scripts.
 *
 * The work directory gets a `node_modules` link to the project's, so that packages the bundle leaves
 * external resolve as they would from the Lambda runtime's own `node_modules`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleLambda } from '../scripts/lambda-bundle.js';
import { analyzeBundle, type BundleAnalysis } from './bundle-analysis.js';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const DIST_HANDLER = join(ROOT, 'dist/handler.mjs');
/** What the bundle is built from: any of these newer than dist/handler.mjs means it is stale. */
const BUNDLE_INPUTS = ['lambda', 'scripts', 'package-lock.json'];

export interface Artifact {
  workDir: string;
  /** The copy of dist/handler.mjs the cold starts import. */
  handlerUrl: string;
  handlerBytes: number;
  /** What is in it (esbuild's metafile of the same build). */
  analysis: BundleAnalysis;
  /** The bench bundle: bench-entry.ts built as the deployed bundle is (profile.ts ablations). */
  benchHandlerUrl: string;
  children: { coldStart: string; warm: string; deadline: string; floor: string };
  rebuilt: boolean;
}

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

function isStale(): boolean {
  if (!existsSync(DIST_HANDLER)) return true;
  const builtAt = statSync(DIST_HANDLER).mtimeMs;
  return BUNDLE_INPUTS.some((input) => existsSync(join(ROOT, input)) && newestMtimeMs(join(ROOT, input)) > builtAt);
}

function runBuild(): void {
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const result = spawnSync(tsx, ['scripts/build.ts'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`npx tsx scripts/build.ts failed (exit ${result.status ?? result.signal})`);
}

export async function prepareArtifact(): Promise<Artifact> {
  let rebuilt = false;
  if (isStale()) {
    runBuild();
    rebuilt = true;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'data-actions-bench-'));
  symlinkSync(join(ROOT, 'node_modules'), join(workDir, 'node_modules'), 'dir');
  const handlerPath = join(workDir, 'handler.mjs');
  copyFileSync(DIST_HANDLER, handlerPath);
  if (existsSync(`${DIST_HANDLER}.map`)) copyFileSync(`${DIST_HANDLER}.map`, `${handlerPath}.map`);

  await bundleLambda({ entryPoints: { 'bench-handler': join(ROOT, 'bench/bench-entry.ts') }, outdir: workDir });
  const analysis = await analyzeDeployedBundle(workDir, readFileSync(handlerPath));
  await build({
    entryPoints: ['cold-start', 'warm', 'deadline', 'floor'].map((name) => join(ROOT, `bench/children/${name}.ts`)),
    outdir: join(workDir, 'children'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    logLevel: 'warning',
  });
  const child = (name: string) => join(workDir, 'children', `${name}.mjs`);
  return {
    workDir,
    handlerUrl: pathToFileURL(handlerPath).href,
    handlerBytes: statSync(handlerPath).size,
    analysis,
    benchHandlerUrl: pathToFileURL(join(workDir, 'bench-handler.mjs')).href,
    children: { coldStart: child('cold-start'), warm: child('warm'), deadline: child('deadline'), floor: child('floor') },
    rebuilt,
  };
}

/**
 * Bundles lambda/handler.ts again the way scripts/build.ts does (scripts/lambda-bundle.ts), with a
 * metafile: the result must be byte for byte the deployed dist/handler.mjs (else dist is not what the
 * sources build today), and its metafile then says what the deployed bundle holds. Its source map is
 * kept whole, as `handler.mjs.full.map`, for attributing CPU profiles to dependencies (the deployed map
 * maps our own sources only).
 */
async function analyzeDeployedBundle(workDir: string, deployed: Buffer): Promise<BundleAnalysis> {
  const outdir = join(workDir, 'options-check');
  const result = await bundleLambda({ entryPoints: { handler: join(ROOT, 'lambda/handler.ts') }, outdir }, { fullSourceMap: true });
  const rebuilt = readFileSync(join(outdir, 'handler.mjs'));
  copyFileSync(join(outdir, 'handler.mjs.map'), join(workDir, 'handler.mjs.full.map'));
  rmSync(outdir, { recursive: true, force: true });
  if (!rebuilt.equals(deployed)) {
    throw new Error(
      `lambda/handler.ts bundled now (${rebuilt.length} bytes) differs from dist/handler.mjs (${deployed.length} bytes): ` +
        'rebuild dist (npm run build): its sources changed meanwhile.',
    );
  }
  return analyzeBundle(result.metafile, 'handler.mjs');
}

export function removeArtifact(artifact: Artifact): void {
  rmSync(artifact.workDir, { recursive: true, force: true });
}
