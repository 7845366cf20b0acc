/**
 * Where the bytes and the time go, behind `npm run bench`'s numbers:
 *
 *   npx tsx bench/profile.ts [bundle] [modules] [cold] [warm] [ablations] [variants]      (default: all)
 *
 * - bundle:   the deployed bundle's bytes by package (esbuild metafile).
 * - modules:  import time of each big dependency on its own, bundled with the deployed options.
 * - cold:     CPU profiles (node --cpu-prof) of several cold starts, attributed to packages through the
 *             bundle's source map (cpuprofile-summary.ts).
 * - warm:     a CPU profile of the warm loop (full chain and bare handler), attributed the same way.
 * - ablations: the warm loop, unprofiled, with the chain minus one part at a time (protocol.ts ABLATIONS):
 *             what each part costs per invocation, without the profiler's overhead.
 * - variants: bundle size and cold start of alternative bundlings (bundle-variants.ts), same run.
 * - floor:    what each required library costs per invocation on its own (floor-entry.ts), next to
 *             the full chain in the same session: the floor under warmMedianUs, and our glue above it.
 *
 * The CPU profiles are kept in the work directory it prints (under the OS temp dir; delete it when done).
 * Not part of `npm run bench` (all parts take about two minutes).
 */
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HANDLER_SPLIT_OPTIONS, bundleLambda } from '../scripts/lambda-bundle.js';
import { deployedBundlePaths, prepareArtifact, removeArtifact, ROOT, type Artifact } from './artifact.js';
import { analyzeBundle, byFamily, type BundleAnalysis } from './bundle-analysis.js';
import { BUNDLE_VARIANTS, type BundleVariant } from './bundle-variants.js';
import { coldStartEnv, measureColdStart } from './cold-start.js';
import { formatSummary, loadBundleMaps, summarizeProfiles, type TimeWindow } from './cpuprofile-summary.js';
import { BENCH_INPUT, BenchEnvironment, DOWNSTREAM_PATH, FUNCTION_TIMEOUT_MS } from './environment.js';
import { ABLATIONS, CHILD_INPUT_VARIABLE, type FloorInput } from './protocol.js';
import { reportOf, runChild } from './spawn.js';
import { median, summarize } from './stats.js';
import { measureWarm } from './warm.js';

const COLD_PROFILES = 5;
const VARIANT_RUNS = 15;
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

function profilingOptions(base: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  return `${base} --cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=50`.trim();
}

const profilesIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));

function profileBundle(artifact: Artifact): void {
  const { analysis } = artifact;
  console.log(`\n== bundle: dist/handler.mjs and its chunks ${kb(analysis.bytes)} KB (${analysis.files} files; cold path ${kb(analysis.coldPathBytes)} KB), AWS SDK ${analysis.awsSdk}`);
  console.log(`  by family: ${byFamily(analysis.byPackage).slice(0, 12).map(([n, b]) => `${n} ${kb(b)}`).join(', ')}`);
  console.log('  by package (KB):');
  for (const [name, bytes] of analysis.byPackage.slice(0, 30)) console.log(`    ${kb(bytes).padStart(7)}  ${name}`);
}

async function profileCold(artifact: Artifact, environment: BenchEnvironment): Promise<void> {
  const dir = join(artifact.workDir, 'profiles-cold');
  const env = coldStartEnv(artifact, environment, profilingOptions(environment.nodeOptions, dir));
  const splits: string[] = [];
  const importedAtByPid = new Map<string, number>();
  for (let i = -1; i < COLD_PROFILES; i++) {
    const run = await runChild([artifact.children.coldStart], { env, stdout: 'pipe', timeoutMs: 30_000 });
    const report = reportOf(run, 'cold-start');
    if (i < 0) {
      for (const file of profilesIn(dir)) rmSync(file); // the first run warms the page cache
      continue;
    }
    importedAtByPid.set(String(run.pid), report.handlerImportedAtUs);
    splits.push(`import ${(report.handlerImportedMs - report.scriptStartedMs).toFixed(0)} + invoke ${(report.answeredMs - report.handlerImportedMs).toFixed(0)}`);
  }
  const profiles = profilesIn(dir);
  const maps = loadBundleMaps(deployedBundlePaths(artifact));
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
  const window = (part: TimeWindow['part']) => (path: string): TimeWindow | undefined => {
    const atUs = importedAtByPid.get(path.split('.').at(-4) ?? '');
    return atUs === undefined ? undefined : { atUs, part };
  };
  console.log(`\n== cold start, ${COLD_PROFILES} profiled runs (profiling slows them): ${splits.join('; ')} ms`);
  console.log(formatSummary('process start → bundle imported (per run)', summarizeProfiles(profiles, maps, 25, window('before'))));
  console.log(formatSummary('first invocation → exit (per run)', summarizeProfiles(profiles, maps, 25, window('from'))));
  console.log(`  profiles: ${dir}`);
}

async function profileWarm(artifact: Artifact, environment: BenchEnvironment): Promise<void> {
  const dir = join(artifact.workDir, 'profiles-warm');
  const nodeOptions = profilingOptions(environment.nodeOptions, dir);
  const result = await measureWarm(artifact, environment, { warmupIterations: 3000, rounds: 6, iterationsPerRound: 2500, stdout: 'file', nodeOptions });
  console.log(`\n== warm loop (profiled, so slower): full median ${result.full.median.toFixed(1)} µs, bare ${result.bare.median.toFixed(1)} µs`);
  console.log(formatSummary('warm child, whole process', summarizeProfiles(profilesIn(dir), loadBundleMaps(deployedBundlePaths(artifact)), 40)));
  console.log(`  profiles: ${dir}`);
}

async function measureAblations(artifact: Artifact, environment: BenchEnvironment, stdout: 'file' | 'null'): Promise<void> {
  const result = await measureWarm(artifact, environment, { warmupIterations: 2000, rounds: 10, iterationsPerRound: 1500, stdout, ablations: true });
  const full = result.full.median;
  console.log(`\n== ablations (stdout → ${stdout === 'file' ? 'a file' : '/dev/null'}): the chain minus one part; median µs, and what the part costs (full − ablated)`);
  const row = (name: string, median: number, p99: number, what: string) =>
    console.log(`  ${name.padEnd(24)}${median.toFixed(1).padStart(8)}${p99.toFixed(1).padStart(8)}${(full - median).toFixed(1).padStart(8)}  ${what}`);
  console.log(`  ${'chain'.padEnd(24)}${'median'.padStart(8)}${'p99'.padStart(8)}${'cost'.padStart(8)}`);
  row('full', full, result.full.p99, '');
  for (const [name, summary] of result.ablations) row(name, summary.median, summary.p99, ABLATIONS[name]);
  row('bare', result.bare.median, result.bare.p99, 'JSON.parse + JSON.stringify only');
}

/** What the handler imports (the same names, so tree-shaking keeps what it keeps there), each bundled alone. */
const DEPENDENCIES: Record<string, string> = {
  'AWS SDK client (GetSecretValue)': "export { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';",
  'Powertools SecretsProvider (+ SDK)': "export { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';",
  axios: "export { default } from 'axios';",
  'axios-retry': "export { default } from 'axios-retry';",
  opossum: "export { default } from 'opossum';",
  'Powertools Logger': "export { Logger, LogFormatter, LogItem } from '@aws-lambda-powertools/logger';",
  'Powertools Metrics': "export { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';",
  'Middy core + 2 middlewares': "export { default as a } from '@middy/core'; export { default as b } from '@middy/http-json-body-parser'; export { default as c } from '@middy/http-header-normalizer';",
  'validators (AJV standalone)': "export * from './lambda/generated/validators.js';",
  'the whole handler': "export * from './lambda/handler.ts';",
};
const IMPORT_RUNS = 9;

async function profileModules(artifact: Artifact, environment: BenchEnvironment): Promise<void> {
  console.log(`\n== import time of each dependency alone (bundled with the deployed options; median of ${IMPORT_RUNS}, minus an empty bundle's)`);
  const dir = join(artifact.workDir, 'modules');
  const env = environment.functionEnv(environment.downstream.url, artifact.workDir);
  const timeImport = async (file: string): Promise<number> => {
    const samples: number[] = [];
    const script = 'const t=performance.now();await import(process.argv[1]);process.stdout.write(String(performance.now()-t))';
    for (let i = -1; i < IMPORT_RUNS; i++) {
      const run = await runChild(['--input-type=module', '-e', script, pathToFileURL(file).href], { env, stdout: 'pipe', timeoutMs: 30_000 });
      if (run.exitCode !== 0) throw new Error(`importing ${file} failed: ${run.stderr.slice(0, 1000)}`);
      if (i >= 0) samples.push(Number(run.stdout));
    }
    return median(samples);
  };
  const bundleOf = async (name: string, contents: string) => {
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.mjs`);
    await bundleLambda({ stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' }, outfile: file }, { strict: false });
    return { file, bytes: statSync(file).size };
  };
  const empty = await timeImport((await bundleOf('empty', 'export {};')).file);
  console.log(`  empty bundle: ${empty.toFixed(1)} ms`);
  const builtins = artifact.analysis.builtinImports;
  const entries: [string, string][] = [
    [`Node built-ins the bundle imports (${builtins.map((b) => b.slice(5)).join(' ')})`, builtins.map((b, i) => `export * as b${i} from '${b}';`).join(' ')],
    ["Node's undici (first touch of Request/Response)", "export const probe = new Request('http://127.0.0.1/').method;"],
    ...Object.entries(DEPENDENCIES),
  ];
  for (const [name, contents] of entries) {
    const { file, bytes } = await bundleOf(name, contents);
    const ms = (await timeImport(file)) - empty;
    console.log(`  ${ms.toFixed(1).padStart(6)} ms ${kb(bytes).padStart(7)} KB  ${name}`);
  }
}

async function compareVariants(artifact: Artifact, environment: BenchEnvironment): Promise<void> {
  console.log(`\n== bundling variants: cold start, median of ${VARIANT_RUNS} rounds (spawn→exit − node -e 0, same NODE_OPTIONS for both; variants interleaved)`);
  const prepared: { variant: BundleVariant; handlerUrl: string; analysis: BundleAnalysis; cold: number[]; importMs: number[]; invokeMs: number[] }[] = [];
  for (const variant of BUNDLE_VARIANTS) {
    let handlerUrl = artifact.handlerUrl;
    let analysis = artifact.analysis;
    if (variant.build !== undefined) {
      const outdir = join(artifact.workDir, 'variants', variant.name.replace(/[^a-z0-9]+/gi, '-'));
      const { external, singleFile, ...how } = variant.build;
      const split = singleFile === true ? {} : HANDLER_SPLIT_OPTIONS;
      const built = await bundleLambda({ entryPoints: { handler: join(ROOT, 'lambda/handler.ts') }, outdir, ...split, ...(external ? { external } : {}) }, how);
      analysis = analyzeBundle(built.metafile, 'handler.mjs');
      handlerUrl = pathToFileURL(join(outdir, 'handler.mjs')).href;
    }
    prepared.push({ variant, handlerUrl, analysis, cold: [], importMs: [], invokeMs: [] });
  }
  for (let round = -1; round < VARIANT_RUNS; round++) {
    for (const p of prepared) {
      const cold = await measureColdStart({ ...artifact, handlerUrl: p.handlerUrl }, environment, 1, { nodeOptions: p.variant.nodeOptions, warmup: false });
      if (round < 0) continue; // the first round warms the page cache for every variant
      p.cold.push(cold.coldStartMs);
      p.importMs.push(cold.childImportMs);
      p.invokeMs.push(cold.childFirstInvocationMs);
    }
  }
  console.log(`  ${'variant'.padEnd(24)}${'KB'.padStart(8)}  ${'SDK'.padEnd(9)}${'cold ms'.padStart(8)}${'import'.padStart(8)}${'invoke'.padStart(8)}  what`);
  for (const p of prepared) {
    console.log(
      `  ${p.variant.name.padEnd(24)}${kb(p.analysis.bytes).padStart(8)}  ${p.analysis.awsSdk.padEnd(9)}${median(p.cold).toFixed(1).padStart(8)}` +
        `${median(p.importMs).toFixed(1).padStart(8)}${median(p.invokeMs).toFixed(1).padStart(8)}  ${p.variant.description}`,
    );
  }
}

/** The full chain and each required library alone, same session (floor-entry.ts). */
async function measureFloor(artifact: Artifact, environment: BenchEnvironment): Promise<void> {
  const outdir = join(artifact.workDir, 'floor');
  await bundleLambda({ entryPoints: { 'floor-entry': join(ROOT, 'bench/floor-entry.ts') }, outdir }, { strict: false });
  const { reply } = await environment.recordDownstreamReply();
  const full = await measureWarm(artifact, environment, { warmupIterations: 3000, rounds: 10, iterationsPerRound: 1500, stdout: 'file' });
  const input: FloorInput = {
    floorModuleUrl: pathToFileURL(join(outdir, 'floor-entry.mjs')).href,
    sample: {
      replyBody: reply.body,
      downstreamUrl: environment.downstream.url,
      serviceName: 'genesys-data-actions',
      namespace: 'GenesysDataActions',
      auditRecord: {
        log_type: 'AUDIT', action: 'customer-lookup', contract_hash: 'f'.repeat(64), correlation_id: 'c0ffee00-1234-4abc-9def-0123456789ab',
        genesys_org_id: 'a1b2c3d4-0000-4000-8000-000000000001', genesys_user_id: 'b1c2d3e4-0000-4000-8000-000000000001',
        aws_request_id: '8f5e2a3c-1b4d-4e6f-9a7b-0c1d2e3f4a5b', invocation_type: 'api', input_hash: 'e'.repeat(64), idempotent_replay: false, outcome: 'success',
        http_status: 200, error_code: null, latency_ms: 0.05, downstream_latency_ms: 0.02, attempts: 1, retries: 0, circuit_state: 'closed', cold_start: false,
      },
    },
    eventJson: environment.eventJson(),
    warmupIterations: 3000,
    rounds: 10,
    iterationsPerRound: 1000,
    functionTimeoutMs: FUNCTION_TIMEOUT_MS,
  };
  const env = { ...environment.functionEnv(environment.downstream.url, artifact.workDir), [CHILD_INPUT_VARIABLE]: JSON.stringify(input) };
  const fd = openSync(join(artifact.workDir, 'floor-stdout.log'), 'w'); // as the warm run: a real write per line
  let run;
  try {
    run = await runChild([artifact.children.floor], { env, stdout: fd, timeoutMs: 240_000 });
  } finally {
    closeSync(fd);
  }
  const operations = reportOf(run, 'floor').operations.map((o) => ({ ...o, summary: summarize(o.us) }));
  const required = operations.filter((o) => o.required);
  const floor = required.reduce((sum, o) => sum + o.summary.median, 0);
  console.log(`\n== floor: each required library alone (median µs, warm loop, ${DOWNSTREAM_PATH} of ${JSON.stringify(BENCH_INPUT)}), next to the full chain`);
  for (const o of operations) console.log(`  ${o.name.padEnd(24)}${o.summary.median.toFixed(1).padStart(7)}  ${o.what}`);
  console.log(`  ${'sum of the required'.padEnd(24)}${floor.toFixed(1).padStart(7)}  the floor: libraries the issue requires, used as little as this function can`);
  console.log(`  ${'full chain'.padEnd(24)}${full.full.median.toFixed(1).padStart(7)}  warmMedianUs's measurement, same session (bare handler ${full.bare.median.toFixed(1)})`);
  console.log(`  ${'our glue'.padEnd(24)}${(full.full.median - floor).toFixed(1).padStart(7)}  full − floor: invocation state, routing, auth and deadline plumbing, action, secrets cache, output shaping`);
}

const PARTS = ['bundle', 'modules', 'cold', 'warm', 'ablations', 'variants', 'floor'];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((part) => !PARTS.includes(part));
  if (unknown.length > 0) throw new RangeError(`unknown part ${unknown.join(', ')}: choose among ${PARTS.join(', ')}`);
  const runs = (part: string) => wanted.length === 0 || wanted.includes(part);
  const artifact = await prepareArtifact();
  const environment = await BenchEnvironment.start();
  try {
    console.log(`profile: work dir ${artifact.workDir}; NODE_OPTIONS='${environment.nodeOptions}'`);
    if (runs('bundle')) profileBundle(artifact);
    if (runs('modules')) await profileModules(artifact, environment);
    if (runs('cold')) await profileCold(artifact, environment);
    if (runs('warm')) await profileWarm(artifact, environment);
    if (runs('ablations')) {
      await measureAblations(artifact, environment, 'file');
      await measureAblations(artifact, environment, 'null');
    }
    if (runs('variants')) await compareVariants(artifact, environment);
    if (runs('floor')) await measureFloor(artifact, environment);
  } finally {
    await environment.close();
    // The CPU profiles are worth keeping; without them, nothing in the work directory is.
    if (runs('cold') || runs('warm')) console.log(`profile: kept ${artifact.workDir}`);
    else removeArtifact(artifact);
  }
}

main().catch((error: unknown) => {
  console.error(`profile could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
