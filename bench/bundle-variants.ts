/**
 * Alternative ways to bundle the same handler, for `bench/profile.ts variants`: the deployed build
 * (scripts/lambda-bundle.ts) with one thing changed, so that what each plugin and choice is worth shows
 * in one interleaved run. None of them is deployed.
 */
import type { BuildOptions } from 'esbuild';
import { LAMBDA_PLUGIN_NAMES, type BundleLambdaOptions } from '../scripts/lambda-bundle.js';

export interface BundleVariant {
  name: string;
  description: string;
  /** How bundleLambda builds it (plugins left out, full source map); undefined = the deployed bundle itself. */
  build?: BundleLambdaOptions & Pick<BuildOptions, 'external'> & { singleFile?: boolean };
  /** Replaces the deployed NODE_OPTIONS for this variant's runs. */
  nodeOptions?: string;
}

/** The Lambda nodejs24.x runtime ships AWS SDK v3 (@aws-sdk/*, @smithy/*) in its own node_modules. */
export const AWS_SDK_EXTERNAL = ['@aws-sdk/*', '@smithy/*'];

export const BUNDLE_VARIANTS: readonly BundleVariant[] = [
  { name: 'deployed', description: 'dist/handler.mjs as built, deployed NODE_OPTIONS' },
  { name: 'no source maps', description: 'same bundle, NODE_OPTIONS without --enable-source-maps', nodeOptions: '' },
  { name: 'full source map', description: 'the map keeps the dependencies’ sources (1 MB)', build: { fullSourceMap: true } },
  { name: '- builtins via require', description: 'Node built-ins as ESM imports (node:http’s namespace loads undici)', build: { without: ['node-builtins-through-require'] } },
  { name: '- no fetch adapter', description: 'axios builds its fetch adapter at import', build: { without: ['axios-without-fetch-adapter'] } },
  { name: '- no global FormData', description: 'axios reads the global FormData at import', build: { without: ['axios-without-global-form-data'] } },
  { name: '- no form-data', description: 'form-data, mime-types and mime-db bundled', build: { without: ['no-multipart-form-data'] } },
  { name: 'single file', description: 'no chunks: the idempotency store (DynamoDB client) inlined, loaded by every cold start', build: { singleFile: true } },
  { name: '- http2 on first use', description: 'axios’s import of http2 loads the built-in at start', build: { without: ['http2-on-first-use'] } },
  { name: '- proxy agent 1st use', description: 'https-proxy-agent and agent-base evaluated at start', build: { without: ['https-proxy-agent-on-first-use'] } },
  { name: '- no debug', description: 'the debug package bundled and set up at import', build: { without: ['no-debug-diagnostics'] } },
  { name: '- env credentials', description: 'the SDK’s whole default credential chain bundled', build: { without: ['sdk-credentials-from-env-only'] } },
  {
    name: 'as before',
    description: 'one file, no plugin, full source map (the bundle before any tuning)',
    build: {
      without: [...LAMBDA_PLUGIN_NAMES],
      singleFile: true,
      fullSourceMap: true,
    },
  },
  { name: 'SDK external', description: 'AWS SDK left to the runtime (@aws-sdk/*, @smithy/* external)', build: { external: AWS_SDK_EXTERNAL, strict: false } },
];
