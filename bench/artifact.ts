/**
 * What the benchmark runs: the deployed artifact `dist/handler.mjs` and its chunks `dist/handler-chunks/`
 * (built first when missing or older than its sources), copied with their source maps into a private
 * work directory (so that a concurrent `npm run build` cannot swap them mid-run), the bench bundle (`bench-entry.ts`, built the same way, for
 * profile.ts ablations) and the child scripts.
 *
 * The work directory gets a `node_modules` link to the project's, so that packages the bundle leaves
 * external resolve as they would from the Lambda runtime's own `node_modules`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { HANDLER_CHUNK_DIR, HANDLER_SPLIT_OPTIONS, bundleLambda } from '../scripts/lambda-bundle.js';
import { analyzeBundle, type BundleAnalysis } from './bundle-analysis.js';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const DIST_HANDLER = join(ROOT, 'dist/handler.mjs');
const DIST_CHUNKS = join(ROOT, 'dist', HANDLER_CHUNK_DIR);
/** What the bundle is built from: any of these newer than dist/handler.mjs means it is stale. */
const BUNDLE_INPUTS = ['lambda', 'scripts', 'package-lock.json'];

export interface Artifact {
  workDir: string;
  /** The copy of dist/handler.mjs the cold starts import (its chunks beside it). */
  handlerUrl: string;
  /** What is in it, chunks included (esbuild's metafile of the same build); `analysis.bytes` is bundleKb. */
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
  if (existsSync(DIST_CHUNKS)) cpSync(DIST_CHUNKS, join(workDir, HANDLER_CHUNK_DIR), { recursive: true });

  await bundleLambda({ entryPoints: { 'bench-handler': join(ROOT, 'bench/bench-entry.ts') }, outdir: workDir });
  const analysis = await analyzeDeployedBundle(workDir);
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
    analysis,
    benchHandlerUrl: pathToFileURL(join(workDir, 'bench-handler.mjs')).href,
    children: { coldStart: child('cold-start'), warm: child('warm'), deadline: child('deadline'), floor: child('floor') },
    rebuilt,
  };
}

/**
 * Bundles lambda/handler.ts again the way scripts/build.ts does (scripts/lambda-bundle.ts), with a
 * metafile: the result must be byte for byte the deployed dist/handler.mjs and chunks (else dist is not
 * what the sources build today), and its metafile then says what the deployed bundle holds. Its source
 * maps are kept whole, as `<file>.full.map` beside the copies, for attributing CPU profiles to
 * dependencies (the deployed maps map our own sources only).
 */
async function analyzeDeployedBundle(workDir: string): Promise<BundleAnalysis> {
  // Beside dist/, at its depth: esbuild's chunk names hash the source paths, relative to the output directory.
  const outdir = mkdtempSync(join(ROOT, '.bench-check-'));
  try {
    const result = await bundleLambda({ entryPoints: { handler: join(ROOT, 'lambda/handler.ts') }, outdir, ...HANDLER_SPLIT_OPTIONS }, { fullSourceMap: true });
    const files = Object.keys(result.metafile.outputs)
      .filter((path) => path.endsWith('.mjs'))
      .map((path) => relative(outdir, resolve(process.cwd(), path)));
    for (const file of files) {
      const rebuilt = readFileSync(join(outdir, file));
      const deployedPath = join(workDir, file);
      const deployed = existsSync(deployedPath) ? readFileSync(deployedPath) : undefined;
      if (deployed === undefined || !rebuilt.equals(deployed)) {
        throw new Error(
          `lambda/handler.ts bundled now differs from dist/ (${file}: ${rebuilt.length} bytes now, ${deployed?.length ?? 'missing'} in dist): ` +
            'rebuild dist (npm run build): its sources changed meanwhile.',
        );
      }
      copyFileSync(join(outdir, `${file}.map`), join(workDir, `${file}.full.map`));
    }
    return analyzeBundle(result.metafile, 'handler.mjs');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The copies of the deployed files in the work directory: handler.mjs and its chunks (absolute paths). */
export function deployedBundlePaths(artifact: Artifact): string[] {
  const chunkDir = join(artifact.workDir, HANDLER_CHUNK_DIR);
  const chunks = existsSync(chunkDir) ? readdirSync(chunkDir).filter((f) => f.endsWith('.mjs')).map((f) => join(chunkDir, f)) : [];
  return [join(artifact.workDir, 'handler.mjs'), ...chunks];
}

export function removeArtifact(artifact: Artifact): void {
  rmSync(artifact.workDir, { recursive: true, force: true });
}
