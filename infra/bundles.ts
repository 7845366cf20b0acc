/**
 * The Lambda code: the esbuild bundles `npm run build` writes to `dist/` (never Docker, never bundled at
 * synth). Each function gets only its own files: its entry and source map, and for the data-action
 * handler the chunks it loads on first use (`handler-chunks/`, scripts/lambda-bundle.ts).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** The bundles the build writes, by entry name: `<entry>.mjs` exporting `handler`. */
export type BundleEntry = 'handler' | 'registration';

export class MissingBundleError extends Error {
  override readonly name = 'MissingBundleError';
}

/**
 * `lambda.Code` for one bundle of `bundleDir`, whose Lambda `handler` setting is `<entry>.handler`.
 * Throws a `MissingBundleError` saying what to run when the bundle is not there.
 */
export function bundleCode(bundleDir: string, entry: BundleEntry): lambda.Code {
  const file = join(bundleDir, `${entry}.mjs`);
  if (!existsSync(file)) {
    throw new MissingBundleError(
      `${relative(process.cwd(), file) || file} is missing: run \`npm run build\` first ` +
        `(it bundles lambda/${entry === 'handler' ? 'handler.ts' : 'registration/handler.ts'} to ${entry}.mjs)`,
    );
  }
  // Only this entry, its source map and its chunks: both functions share the directory.
  return lambda.Code.fromAsset(bundleDir, { exclude: ['*', `!${entry}.mjs`, `!${entry}.mjs.map`, `!${entry}-chunks`, `!${entry}-chunks/**`] });
}
