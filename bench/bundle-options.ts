/**
 * The esbuild options `scripts/build.ts` bundles the Lambda with, for the benchmark's own bundle
 * (`bench-entry.ts`: the same handler sources, plus the pieces the warm and deadline runs need).
 *
 * A copy, because build.ts keeps its options inside `bundle()`. So that the copy cannot drift silently,
 * every run also bundles `lambda/handler.ts` with these options and compares the result with the
 * deployed `dist/handler.mjs`, byte for byte (`checkBundleOptionsMatch` in artifact.ts).
 */
import type { BuildOptions } from 'esbuild';

export const LAMBDA_BUNDLE_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
} as const satisfies BuildOptions;
