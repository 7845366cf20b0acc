/**
 * What is inside a bundle, from esbuild's metafile: bytes of output per npm package (or per project
 * folder), and how the AWS SDK is packaged: carried in the bundle, or left external for the Lambda
 * runtime's own copy (nodejs24.x ships AWS SDK v3).
 */
import { builtinModules } from 'node:module';
import type { Metafile } from 'esbuild';

export type AwsSdkPackaging = 'bundled' | 'external' | 'absent';

export interface BundleAnalysis {
  bytes: number;
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

export function analyzeBundle(metafile: Metafile, outputName: string): BundleAnalysis {
  const entry = Object.entries(metafile.outputs).find(([path]) => path.endsWith(`/${outputName}`) || path === outputName);
  if (entry === undefined) throw new Error(`the metafile has no output ${outputName}`);
  const [, output] = entry;
  const sizes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const key = packageOf(input);
    sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
  }
  const external = output.imports.filter((i) => i.external).map((i) => i.path);
  const isBuiltin = (path: string) => path.startsWith('node:') || builtinModules.includes(path);
  const externalImports = [...new Set(external.filter((p) => !isBuiltin(p)))].sort();
  const builtinImports = [...new Set(external.filter(isBuiltin).map((p) => (p.startsWith('node:') ? p : `node:${p}`)))].sort();
  const bundlesSdk = Object.keys(output.inputs).some((input) => input.includes('node_modules/@aws-sdk/client-secrets-manager/'));
  const awsSdk: AwsSdkPackaging = bundlesSdk ? 'bundled' : externalImports.some((p) => p.startsWith('@aws-sdk/')) ? 'external' : 'absent';
  return { bytes: output.bytes, awsSdk, byPackage: [...sizes].sort((a, b) => b[1] - a[1]), externalImports, builtinImports };
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
