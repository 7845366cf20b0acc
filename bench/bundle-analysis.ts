/**
 * What is inside a bundle, from esbuild's metafile: bytes of output per npm package (or per project
 * folder), and how the AWS SDK is packaged: carried in the bundle, or left external for the Lambda
 * runtime's own copy (nodejs24.x ships AWS SDK v3).
 */
import { builtinModules } from 'node:module';
import type { Metafile } from 'esbuild';

export type AwsSdkPackaging = 'bundled' | 'external' | 'absent';

export interface BundleAnalysis {
  /** The JavaScript the function ships: the entry and all its chunks (source maps not counted). */
  bytes: number;
  /** How many files that is. */
  files: number;
  /** What a cold start loads: the entry and the chunks it imports statically. */
  coldPathBytes: number;
  /** Chunks loaded on first use (`import()`), largest first: `handler-chunks/<name>.mjs`. */
  lazyChunks: { file: string; bytes: number }[];
  awsSdk: AwsSdkPackaging;
  /** Output bytes by package (`@smithy/core`, `axios`, `lambda/runtime`, ...), largest first. */
  byPackage: [string, number][];
  /** Imports the bundle leaves to the runtime (Node built-ins excluded). */
  externalImports: string[];
  /** The Node built-ins it imports (`node:http`, ...). */
  builtinImports: string[];
}

/** `…/node_modules/@scope/name/…` → `@scope/name`; `…/lambda/runtime/x.ts` → `lambda/runtime`. */
export function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match?.[1] !== undefined) return match[1];
  const project = /(?:^|\/)((?:lambda|bench|test|tools|scripts)\/.*)$/.exec(path.replace(/^(\.\.\/)+/, ''))?.[1];
  const parts = (project ?? path.replace(/^(\.\.\/)+/, '')).split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.join('/');
}

/**
 * The entry `outputName` and every chunk it imports, statically or through `import()`, transitively:
 * the files the function ships. `coldPathBytes` counts what a cold start loads before the first line of
 * the handler runs (the entry and its static imports); `lazyChunks` the chunks loaded on first use.
 */
export function analyzeBundle(metafile: Metafile, outputName: string): BundleAnalysis {
  const outputs = metafile.outputs;
  const entryPath = Object.keys(outputs).find((path) => path.endsWith(`/${outputName}`) || path === outputName);
  if (entryPath === undefined) throw new Error(`the metafile has no output ${outputName}`);
  const reach = (from: string, kinds: readonly string[], seen = new Set<string>()): Set<string> => {
    if (seen.has(from)) return seen;
    seen.add(from);
    for (const i of outputs[from]!.imports) if (!i.external && kinds.includes(i.kind) && outputs[i.path]) reach(i.path, kinds, seen);
    return seen;
  };
  const shipped = reach(entryPath, ['import-statement', 'dynamic-import']);
  const coldPath = reach(entryPath, ['import-statement']);
  const sizes = new Map<string, number>();
  const external = new Set<string>();
  let bytes = 0;
  for (const path of shipped) {
    const output = outputs[path]!;
    bytes += output.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = packageOf(input);
      sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
    }
    for (const i of output.imports) if (i.external) external.add(i.path);
  }
  const isBuiltin = (path: string) => path.startsWith('node:') || builtinModules.includes(path);
  const externalImports = [...external].filter((p) => !isBuiltin(p)).sort();
  const builtinImports = [...new Set([...external].filter(isBuiltin).map((p) => (p.startsWith('node:') ? p : `node:${p}`)))].sort();
  const bundlesSdk = [...shipped].some((path) => Object.keys(outputs[path]!.inputs).some((input) => input.includes('node_modules/@aws-sdk/client-secrets-manager/')));
  const awsSdk: AwsSdkPackaging = bundlesSdk ? 'bundled' : externalImports.some((p) => p.startsWith('@aws-sdk/')) ? 'external' : 'absent';
  const lazyChunks = [...shipped]
    .filter((path) => !coldPath.has(path))
    .map((path) => ({ file: path.replace(/^.*?([^/]+\/[^/]+)$/, '$1'), bytes: outputs[path]!.bytes }))
    .sort((a, b) => b.bytes - a.bytes);
  const coldPathBytes = [...coldPath].reduce((sum, path) => sum + outputs[path]!.bytes, 0);
  return { bytes, files: shipped.size, coldPathBytes, lazyChunks, awsSdk, byPackage: [...sizes].sort((a, b) => b[1] - a[1]), externalImports, builtinImports };
}

/** Sizes grouped by family (`@aws-sdk/*`, `@smithy/*`, ...), for the summary line. */
export function byFamily(byPackage: readonly [string, number][]): [string, number][] {
  const families = new Map<string, number>();
  for (const [name, bytes] of byPackage) {
    const family = /^(@aws-sdk|@smithy|@aws-lambda-powertools|@middy)\//.exec(name)?.[1];
    const key = family ? `${family}/*` : name;
    families.set(key, (families.get(key) ?? 0) + bytes);
  }
  return [...families].sort((a, b) => b[1] - a[1]);
}
