/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) of a process that ran a minified bundle and says where the
 * time went, in the bundle's original terms (through its source map):
 *
 * - by owner: each sample is charged to the innermost stack frame that is in the bundle (its npm package
 *   or project folder), so Node internals a package calls (undici, streams, crypto) count against it;
 *   samples with no bundle frame on the stack are charged to their leaf's category (node internals,
 *   the bench script, the garbage collector, idle);
 * - inclusive by package: the share of samples with the package anywhere on the stack;
 * - the functions with the most self time, with their original file, line and name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { packageOf } from './bundle-analysis.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  /** µs, on the monotonic clock of process.hrtime. */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time per profile (the mean when several were summarised), ms; the lists are shares of it. */
  totalMs: number;
  byOwner: [string, number][];
  inclusiveByPackage: [string, number][];
  topSelf: [string, number][];
  /** Bundle functions by the share of samples with them anywhere on the stack. */
  topInclusive: [string, number][];
}

/** Source maps by bundle URL (file:///…/handler.mjs → its parsed .map). */
export type BundleMaps = ReadonlyMap<string, SourceMap>;

export function loadBundleMaps(bundlePaths: readonly string[]): BundleMaps {
  const maps = new Map<string, SourceMap>();
  for (const path of bundlePaths) {
    // The whole map when there is one (artifact.ts): the deployed map only maps our own sources.
    const mapPath = existsSync(`${path}.full.map`) ? `${path}.full.map` : `${path}.map`;
    maps.set(`file://${path}`, new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]));
  }
  return maps;
}

interface Frame {
  /** The package (bundle frames) or category (others). */
  owner: string;
  inBundle: boolean;
  label: string;
}

function describeFrame(frame: CallFrame, maps: BundleMaps): Frame {
  const map = maps.get(frame.url);
  if (map !== undefined) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    const source = entry.originalSource ?? '(unmapped)';
    const owner = packageOf(source);
    const file = source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '').replace(/^.*?\/((?:lambda|bench|test|tools|scripts)\/)/, '$1');
    const name = entry.name ?? frame.functionName ?? '';
    return { owner, inBundle: true, label: `${file}:${(entry.originalLine ?? 0) + 1} ${name || '(anonymous)'}` };
  }
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') {
    const owner = /^\((garbage collector|program|idle|root)\)$/.test(name) ? name : `(native) ${name}`;
    return { owner, inBundle: false, label: owner };
  }
  const owner = frame.url.startsWith('node:') ? 'node internals' : frame.url.includes('/children/') ? 'bench script' : 'other';
  return { owner, inBundle: false, label: `${frame.url.replace(/^.*\//, '')}:${frame.lineNumber + 1} ${name}` };
}

function sorted(map: Map<string, number>, totalUs: number, limit: number): [string, number][] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, us]) => [key, us / totalUs]);
}

/** Which samples of a profile to count: those taken before, or from, `atUs` (process.hrtime µs). */
export interface TimeWindow {
  atUs: number;
  part: 'before' | 'from';
}

/**
 * Summarises one or more profiles of the same program together (more samples, less noise); `windowOf`
 * limits each profile to part of its run.
 */
export function summarizeProfiles(paths: readonly string[], maps: BundleMaps, limit = 25, windowOf?: (path: string) => TimeWindow | undefined): ProfileSummary {
  const byOwner = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const topSelf = new Map<string, number>();
  const topInclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  let totalUs = 0;
  for (const path of paths) {
    const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const frames = new Map(profile.nodes.map((n) => [n.id, describeFrame(n.callFrame, maps)]));
    const selfUs = new Map<number, number>();
    const window = windowOf?.(path);
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      at += profile.timeDeltas[i] ?? 0;
      if (window !== undefined && (window.part === 'before') !== at < window.atUs) return;
      // A sample lasts until the next one.
      selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    });
    for (const [id, us] of selfUs) {
      totalUs += us;
      const leaf = frames.get(id)!;
      let owner: string | undefined;
      const onStack = new Set<string>();
      const functionsOnStack = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const frame = frames.get(at);
        if (frame?.inBundle) {
          owner ??= frame.owner;
          onStack.add(frame.owner);
          functionsOnStack.add(`[${frame.owner}] ${frame.label}`);
        }
      }
      for (const label of functionsOnStack) add(topInclusive, label, us);
      owner ??= leaf.owner;
      add(byOwner, owner, us);
      for (const name of onStack) add(inclusive, name, us);
      add(topSelf, `[${leaf.inBundle ? leaf.owner : owner}] ${leaf.label}`, us);
    }
  }
  return {
    totalMs: totalUs / 1000 / paths.length,
    byOwner: sorted(byOwner, totalUs, limit),
    inclusiveByPackage: sorted(inclusive, totalUs, limit),
    topSelf: sorted(topSelf, totalUs, limit),
    topInclusive: sorted(topInclusive, totalUs, limit),
  };
}

export function formatSummary(title: string, summary: ProfileSummary): string {
  const rows = (entries: [string, number][]) =>
    entries.map(([key, share]) => `    ${(share * summary.totalMs).toFixed(1).padStart(8)} ms ${(share * 100).toFixed(1).padStart(5)} %  ${key}`).join('\n');
  return [
    `${title}: ${summary.totalMs.toFixed(1)} ms sampled`,
    '  by owner (innermost bundle frame on the stack):',
    rows(summary.byOwner),
    '  inclusive by package (anywhere on the stack):',
    rows(summary.inclusiveByPackage),
    '  top self time:',
    rows(summary.topSelf),
    '  top inclusive time (bundle functions):',
    rows(summary.topInclusive),
  ].join('\n');
}
