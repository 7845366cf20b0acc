/**
 * Alternative ways to bundle the same handler, for `bench/profile.ts variants`: each is the deployed
 * bundle's options plus one change, so its cold start can be compared with the deployed one's in the
 * same run. None of them is deployed; they are the evidence behind the proposals in bench/README.md.
 */
import { builtinModules } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';

export interface BundleVariant {
  name: string;
  description: string;
  /** Merged over the deployed options (plugins and externals added). */
  options: Pick<BuildOptions, 'external' | 'plugins'>;
  /** Replaces the deployed NODE_OPTIONS for this variant's runs. */
  nodeOptions?: string;
}

/**
 * Serves `rewrite(original text)` instead of the file at `path` (matched on the resolved path). Fails the
 * build when no such file was bundled or the rewrite changed nothing, so that a dependency update cannot
 * silently turn the plugin into a no-op.
 */
function rewriteFile(name: string, path: RegExp, rewrite: (text: string) => string, loader: 'js' | 'json'): Plugin {
  return {
    name,
    setup(build) {
      let rewritten = false;
      build.onStart(() => {
        rewritten = false;
      });
      build.onLoad({ filter: path }, async (args) => {
        const original = await readFile(args.path, 'utf8');
        const contents = rewrite(original);
        if (contents === original) return { errors: [{ text: `${name}: ${args.path} no longer has what it rewrites` }] };
        rewritten = true;
        return { contents, loader, resolveDir: dirname(args.path) };
      });
      build.onEnd((result) => {
        if (!rewritten && result.errors.length === 0) result.errors.push({ id: name, pluginName: name, text: `${name}: no file matched ${path}`, location: null, notes: [], detail: undefined });
      });
    },
  };
}

/**
 * axios 1.x loads Node's undici (~15 ms here) at import, for two features the runtime never uses:
 * - lib/adapters/fetch.js builds its fetch adapter at import (`const adapter = getFetch()` constructs a
 *   Request and a Response); the runtime only uses the http adapter (axios takes the first available of
 *   xhr, http, fetch), so the fetch adapter can report "not supported";
 * - lib/utils.js reads the global FormData once, for `isFormData`; without it, `isFormData` falls back to
 *   its structural test (an `append` method and a FormData string tag), which spec FormData objects pass.
 * A source rewrite of a dependency: measured here as evidence for an upstream fix, not proposed as is.
 */
export const axiosWithoutUndici: Plugin[] = [
  rewriteFile('axios-fetch-adapter-unsupported', /[\\/]axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/, () => 'export const getFetch = () => false; export default false;', 'js'),
  rewriteFile(
    'axios-no-global-form-data',
    /[\\/]axios[\\/]lib[\\/]utils\.js$/,
    (text) => text.replace("typeof G.FormData !== 'undefined' ? G.FormData : undefined", 'undefined'),
    'js',
  ),
];

/**
 * mime-db (a 134 KB JSON of every MIME type) comes in through axios → form-data → mime-types, used only to
 * guess the content type of files appended to multipart bodies, which the runtime never sends.
 */
export const emptyMimeDb = rewriteFile('empty-mime-db', /[\\/]mime-db[\\/]db\.json$/, () => '{}', 'json');

/**
 * An ESM `import` of a Node built-in builds the module's namespace from all its exports, which runs their
 * lazy getters: on Node 24, `node:http`'s WebSocket / CloseEvent / MessageEvent getters load undici
 * (~10 ms here), though nothing uses them. Taking built-ins through `require` (as the bundle already does
 * for CommonJS dependencies, via the banner's createRequire) leaves the getters alone.
 */
export const builtinsViaRequire: Plugin = {
  name: 'node-builtins-via-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z][a-z0-9_/]*$/ }, (args) => {
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      const name = args.path.replace(/^node:/, '');
      return builtinModules.includes(name) ? { path: name, namespace: 'node-builtin-via-require' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'node-builtin-via-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

/**
 * The SDK's default credential chain (env, SSO, ini files, credential process, web identity, ECS/IMDS)
 * brings the STS and SSO clients and their parsers (~95 KB). In Lambda the credentials are always in the
 * environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN): the chain can be just `fromEnv`.
 * A behaviour change for any other host (local tools must then pass credentials in the environment too).
 */
export const envOnlyCredentials = rewriteFile(
  'env-only-credentials',
  /[\\/]@aws-sdk[\\/]credential-provider-node[\\/]dist-es[\\/]index\.js$/,
  () =>
    [
      "import { fromEnv } from '@aws-sdk/credential-provider-env';",
      'export const defaultProvider = (init = {}) => fromEnv(init);',
      'export const credentialsWillNeedRefresh = (c) => c?.expiration !== undefined;',
      'export const credentialsTreatedAsExpired = (c) => c?.expiration !== undefined && c.expiration.getTime() - Date.now() < 300000;',
    ].join('\n'),
  'js',
);

/** The Lambda nodejs24.x runtime ships AWS SDK v3 (@aws-sdk/* and @smithy/*) in its own node_modules. */
export const AWS_SDK_EXTERNAL = ['@aws-sdk/*', '@smithy/*'];

export const BUNDLE_VARIANTS: readonly BundleVariant[] = [
  { name: 'deployed', description: 'dist/handler.mjs as built, deployed NODE_OPTIONS', options: {} },
  { name: 'no-source-maps', description: 'same bundle, NODE_OPTIONS without --enable-source-maps', options: {}, nodeOptions: '' },
  { name: 'sdk-external', description: 'AWS SDK left to the runtime (@aws-sdk/*, @smithy/* external)', options: { external: AWS_SDK_EXTERNAL } },
  { name: 'empty-mime-db', description: 'mime-db replaced by an empty table', options: { plugins: [emptyMimeDb] } },
  { name: 'builtins-require', description: 'Node built-ins through require (undici still loaded by axios)', options: { plugins: [builtinsViaRequire] } },
  { name: 'no-undici', description: 'built-ins through require + axios without undici', options: { plugins: [builtinsViaRequire, ...axiosWithoutUndici] } },
  { name: 'all, SDK bundled', description: 'no undici, no mime-db, no source maps', options: { plugins: [builtinsViaRequire, ...axiosWithoutUndici, emptyMimeDb] }, nodeOptions: '' },
  {
    name: 'all, SDK external',
    description: 'the same, AWS SDK external',
    options: { plugins: [builtinsViaRequire, ...axiosWithoutUndici, emptyMimeDb], external: AWS_SDK_EXTERNAL },
    nodeOptions: '',
  },
  { name: 'env-credentials', description: 'SDK credential chain reduced to fromEnv', options: { plugins: [envOnlyCredentials] } },
  {
    name: 'proposed',
    description: 'no source maps, no mime-db, env-only credentials (SDK bundled, axios untouched)',
    options: { plugins: [emptyMimeDb, envOnlyCredentials] },
    nodeOptions: '',
  },
  {
    name: 'proposed + no undici',
    description: 'the above, and axios without undici (needs an axios fix upstream)',
    options: { plugins: [emptyMimeDb, envOnlyCredentials, builtinsViaRequire, ...axiosWithoutUndici] },
    nodeOptions: '',
  },
];
