/**
 * How the Lambda bundles are built: esbuild options, plugins that specialise the bundle for the Lambda
 * runtime, and source maps reduced to our own sources. Used by `scripts/build.ts` (dist/) and by the
 * benchmark for its own bundle (bench/bundle-options.ts), so both are built the same way.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { build, transform, type BuildOptions, type BuildResult, type Metafile, type Plugin } from 'esbuild';

/**
 * How the Lambda bundles are built (the benchmark bundles its own entry with exactly these options).
 * The source map is written next to each bundle and then reduced to the project's own sources
 * (`keepOwnSourcesInMap`).
 */
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
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins (and, through
  // lambdaBundlePlugins, so does every bundled import of a built-in).
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Where the handler bundle's chunks go, beside `handler.mjs` (the function's asset ships both). */
export const HANDLER_CHUNK_DIR = 'handler-chunks';

/**
 * The data-action handler is split (esbuild `splitting`): every `import()` of our code becomes a chunk
 * loaded on first use instead of code carried by every cold start. What that buys today: the
 * idempotency store (Powertools Idempotency and the DynamoDB client, ~90 KB) loads on a container's first
 * mutating call, and a chunk is tree-shaken as an ES module (inlined into one file, a lazily imported
 * module keeps every `export *` of the DynamoDB client: all its commands, waiters and paginators).
 * Code shared by `handler.mjs` and a chunk goes to a chunk that `handler.mjs` imports statically.
 */
export const HANDLER_SPLIT_OPTIONS = { splitting: true, chunkNames: `${HANDLER_CHUNK_DIR}/[name]-[hash]` } as const satisfies BuildOptions;

export interface BundleLambdaOptions {
  /** A plugin that finds nothing to replace fails the build (default true; false for partial bundles). */
  strict?: boolean;
  /** Plugins left out (benchmark variants only: what each one is worth). */
  without?: readonly LambdaPluginName[];
  /** Keep the full source map, dependencies included (benchmark variants only). */
  fullSourceMap?: boolean;
}

/**
 * Bundles `options.entryPoints` with LAMBDA_BUNDLE_OPTIONS and the Lambda plugins, then reduces each
 * written source map to our own sources.
 */
export async function bundleLambda(options: BuildOptions, how: BundleLambdaOptions = {}): Promise<BuildResult & { metafile: Metafile }> {
  const { strict = true, without = [], fullSourceMap = false } = how;
  const result = await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    ...options,
    plugins: [...lambdaBundlePlugins({ strict }).filter((p) => !without.includes(p.name as LambdaPluginName)), ...(options.plugins ?? [])],
    metafile: true,
  });
  const metafile = result.metafile as Metafile;
  if (!fullSourceMap) {
    for (const output of Object.keys(metafile.outputs)) {
      if (output.endsWith('.map')) await keepOwnSourcesInMap(resolve(options.absWorkingDir ?? process.cwd(), output));
    }
  }
  return { ...result, metafile };
}

// ---------------------------------------------------------------------------------------------------
// Lambda-specific bundling. Each plugin removes load-time work or bytes the function never uses
// (measured with `npx tsx bench/profile.ts variants`; numbers in bench/README.md). The ones that replace
// a file of a dependency FAIL THE BUILD when that file is no longer where they expect it (a dependency
// update moved it), instead of silently turning into no-ops: read the error, check the dependency's new
// layout, and adapt the plugin.
// ---------------------------------------------------------------------------------------------------

/** A plugin that reports, at the end of a strict build, that it never applied. */
function mustApply(name: string, strict: boolean, setup: (applied: () => void, build: Parameters<Plugin['setup']>[0]) => void): Plugin {
  return {
    name,
    setup(b) {
      let applied = false;
      b.onStart(() => {
        applied = false;
      });
      setup(() => (applied = true), b);
      b.onEnd((result) => {
        if (strict && !applied && result.errors.length === 0) {
          result.errors.push({ id: name, pluginName: name, text: `${name}: the dependency file it replaces was not found (did a dependency update move it?)`, location: null, notes: [], detail: undefined });
        }
      });
    },
  };
}

/** Serves `replacement(original text)` for the file matching `path`; fails when the text no longer has what it replaces. */
function replaceFile(name: string, path: RegExp, replacement: (text: string) => string, strict: boolean): Plugin {
  return mustApply(name, strict, (applied, b) => {
    b.onLoad({ filter: path }, async (args) => {
      const original = await readFile(args.path, 'utf8');
      const contents = replacement(original);
      if (contents === original) return { errors: [{ text: `${name}: ${args.path} no longer contains what this plugin replaces` }] };
      applied();
      return { contents, loader: 'js' };
    });
  });
}

/** Resolves the bare import `specifier` to a virtual module, resolving its own imports from the real package's directory. */
function replacePackage(name: string, specifier: string, contents: string, strict: boolean): Plugin {
  const filter = new RegExp(`^${specifier.replace(/[/.*+?^${}()|[\]\\-]/g, '\\$&')}$`);
  return mustApply(name, strict, (applied, b) => {
    b.onResolve({ filter }, async (args) => {
      if (args.pluginData === name) return undefined; // our own lookup of the real package, below
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: name });
      if (real.errors.length > 0) return undefined;
      applied();
      return { path: real.path, namespace: name };
    });
    b.onLoad({ filter: /.*/, namespace: name }, (args) => ({ contents, loader: 'js', resolveDir: dirname(args.path) }));
  });
}

export const LAMBDA_PLUGIN_NAMES = [
  'node-builtins-through-require',
  'axios-without-fetch-adapter',
  'axios-without-global-form-data',
  'no-multipart-form-data',
  'sdk-credentials-from-env-only',
  'no-debug-diagnostics',
  'no-browser-user-agent-parser',
  'no-event-stream-serde',
  'http2-on-first-use',
  'https-proxy-agent-on-first-use',
  'keep-error-class-names',
] as const;
export type LambdaPluginName = (typeof LAMBDA_PLUGIN_NAMES)[number];

export function lambdaBundlePlugins({ strict }: { strict: boolean }): Plugin[] {
  return [
    /**
     * axios imports `http2` at load for its HTTP/2 transport (config `httpVersion: 2`, never set here):
     * loading the built-in costs every cold start ~2 ms. Its default import becomes a proxy that
     * requires `node:http2` on the first property read, so a function that never speaks HTTP/2 never
     * loads it. A named import of `http2` anywhere fails the build ("No matching export") rather than
     * being served lazily by mistake. Listed before the built-ins plugin, whose `http2` this replaces.
     */
    mustApply('http2-on-first-use', strict, (applied, b) => {
      b.onResolve({ filter: /^(node:)?http2$/ }, (args) => {
        if (args.kind !== 'import-statement') return undefined;
        applied();
        return { path: 'http2', namespace: 'http2-on-first-use' };
      });
      b.onLoad({ filter: /.*/, namespace: 'http2-on-first-use' }, () => ({
        contents: "export default new Proxy({}, { get: (_, key) => require('node:http2')[key], has: (_, key) => key in require('node:http2') });\n",
        loader: 'js',
      }));
    }),
    /**
     * axios imports https-proxy-agent (and agent-base) at load for HTTPS_PROXY support, which a Lambda
     * function rarely has: ~2 ms of every cold start. axios only constructs it, and tests user agents
     * with `instanceof`, when a proxy applies; the stand-in does both by requiring the real package
     * (still bundled, evaluated on that first use), so proxies work as before.
     */
    mustApply('https-proxy-agent-on-first-use', strict, (applied, b) => {
      b.onResolve({ filter: /^https-proxy-agent$/ }, (args) => {
        if (args.kind !== 'import-statement') return undefined; // the stand-in's own require: the real package
        applied();
        return { path: 'https-proxy-agent', namespace: 'https-proxy-agent-on-first-use', pluginData: args.resolveDir };
      });
      b.onLoad({ filter: /.*/, namespace: 'https-proxy-agent-on-first-use' }, (args) => ({
        contents: [
          "const real = () => { const m = require('https-proxy-agent'); return m.default ?? m; };",
          'export default class HttpsProxyAgent {',
          '  constructor(...args) { return new (real())(...args); }',
          '  static [Symbol.hasInstance](value) { return value instanceof real(); }',
          '}',
          '',
        ].join('\n'),
        loader: 'js',
        resolveDir: args.pluginData as string,
      }));
    }),
    /**
     * Node built-ins through `require` (the banner's createRequire). An ESM `import` of a built-in
     * builds its namespace from every export, which runs lazy getters: on Node 24 `node:http`'s
     * WebSocket/MessageEvent getters load undici (~15 ms) though nothing here uses them.
     */
    {
      name: 'node-builtins-through-require',
      setup(b) {
        b.onResolve({ filter: /^(node:)?[a-z][a-z0-9_/]*$/ }, (args) => {
          if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
          const name = args.path.replace(/^node:/, '');
          return builtinModules.includes(name) ? { path: name, namespace: 'node-builtin' } : undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`, loader: 'js' }));
      },
    },
    /**
     * axios's fetch adapter builds a Request and a Response at import (loading undici, ~15 ms). The
     * function only uses axios's http adapter (DownstreamClient sets `adapter: 'http'`; axios's default
     * list takes http before fetch on Node), so the fetch adapter reports "not supported".
     */
    replaceFile('axios-without-fetch-adapter', /[\\/]axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/, () => 'export const getFetch = () => false;\nexport default false;\n', strict),
    /**
     * axios's utils read the global FormData at import (a getter that loads undici) for `isFormData`;
     * without it, isFormData keeps its structural test. Nothing here sends multipart bodies.
     */
    replaceFile(
      'axios-without-global-form-data',
      /[\\/]axios[\\/]lib[\\/]utils\.js$/,
      (text) => text.replace("typeof G.FormData !== 'undefined' ? G.FormData : undefined", 'undefined'),
      strict,
    ),
    /**
     * form-data (axios's multipart encoder) brings mime-types and mime-db, a 134 KB JSON table. Nothing
     * here sends multipart bodies: constructing one fails loudly instead.
     */
    replacePackage(
      'no-multipart-form-data',
      'form-data',
      "export default class FormData { constructor() { throw new Error('multipart/form-data is not bundled (scripts/build.ts)'); } }\n",
      strict,
    ),
    /**
     * The SDK's default credential chain (env, SSO, ini files, credential process, web identity,
     * container/IMDS) brings the STS and SSO clients and their parsers (~130 KB). In Lambda the
     * execution role's credentials are always in the environment (AWS_ACCESS_KEY_ID,
     * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), and fromEnv is the chain's first link: the chain
     * becomes just that link. Any other host must set those variables too (the local stack does).
     */
    replacePackage(
      'sdk-credentials-from-env-only',
      '@aws-sdk/credential-provider-node',
      [
        "import { fromEnv } from '@aws-sdk/credential-provider-env';",
        'export const defaultProvider = (init = {}) => fromEnv(init);',
        'export const credentialsWillNeedRefresh = (c) => c?.expiration !== undefined;',
        'export const credentialsTreatedAsExpired = (c) => c?.expiration !== undefined && c.expiration.getTime() - Date.now() < 300000;',
        '',
      ].join('\n'),
      strict,
    ),
    /**
     * `debug` (the diagnostics of follow-redirects, https-proxy-agent and agent-base, printed only when
     * the DEBUG variable names them) sets itself up at import: tty and colour detection, a scan of the
     * environment (~3 ms on its own). Here every logger it hands out is a disabled one, which is what it
     * hands out anyway while DEBUG is unset, as it is in Lambda.
     */
    replacePackage(
      'no-debug-diagnostics',
      'debug',
      [
        'function createDebug(namespace) {',
        '  const log = () => {};',
        '  return Object.assign(log, { namespace, enabled: false, log, extend: (sub) => createDebug(`${namespace}:${sub}`) });',
        '}',
        "Object.assign(createDebug, { enable() {}, disable: () => '', enabled: () => false, debug: createDebug, default: createDebug });",
        'module.exports = createDebug;',
        '',
      ].join('\n'),
      strict,
    ),
    /**
     * Two modules the AWS SDK loads through a dynamic `import()` on paths this function never takes: the
     * browser user-agent parser (bowser, 33 KB; Node uses the Node user agent) and Smithy's event-stream
     * serde (14 KB; neither GetSecretValue nor the DynamoDB item calls stream events). A single-file
     * bundle inlines or drops them; a split bundle (the handler's) would ship each as a chunk. Reaching
     * either fails loudly instead.
     */
    replacePackage(
      'no-browser-user-agent-parser',
      'bowser',
      "export function parse() { throw new Error('bowser (the browser user-agent parser) is not bundled (scripts/lambda-bundle.ts)'); }\nexport default { parse };\n",
      strict,
    ),
    replacePackage(
      'no-event-stream-serde',
      '@smithy/core/event-streams',
      [
        "const missing = () => { throw new Error('event streams are not bundled (scripts/lambda-bundle.ts)'); };",
        'export class EventStreamSerde { constructor() { missing(); } }',
        'export const eventStreamSerdeProvider = missing;',
        '',
      ].join('\n'),
      strict,
    ),
    /**
     * Not a cost but a correctness fix: minifying renames classes, and DataActionError names each error
     * after its class (`new.target.name`), the name a direct invoke reports as `errorType` and failure
     * logs carry ("DownstreamNotFoundError", not "ar"). esbuild's keepNames for that one file (for the
     * whole bundle it would cost 26 KB and a few ms of cold start).
     */
    mustApply('keep-error-class-names', strict, (applied, b) => {
      b.onLoad({ filter: /[\\/]lambda[\\/]runtime[\\/]errors\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const { code } = await transform(source, { loader: 'ts', format: 'esm', keepNames: true, sourcefile: args.path, sourcemap: 'inline', target: 'node24' });
        applied();
        return { contents: code, loader: 'js' };
      });
    }),
  ];
}

/**
 * Reduces the source map at `mapPath` to the mappings of our own sources (lambda/**): stack frames in
 * our code keep their TypeScript file and line; a run of dependency code becomes one unmapped segment,
 * so that its frames show the bundle's own position (never the nearest line of ours). With
 * `--enable-source-maps`, Node reads and parses the map when it loads the bundle, and decodes all its
 * mappings the first time it formats a stack: for the full 1 MB map that is ~10 ms of every cold start
 * and ~100 ms on the first error (axios formats the stack of every failed request, e.g. the first 504);
 * for ours (~70 KB) under 1 ms and ~5 ms. The same trade-off as Node's own default of not mapping files
 * under node_modules (`module.setSourceMapsSupport`'s `nodeModules: false`).
 */
export async function keepOwnSourcesInMap(mapPath: string): Promise<void> {
  const map = JSON.parse(await readFile(mapPath, 'utf8')) as { sources: string[]; names: string[]; mappings: string };
  const newIndex = map.sources.map(() => -1);
  const sources: string[] = [];
  map.sources.forEach((source, i) => {
    // Not a dependency, nor a plugin's virtual module (`namespace:path`).
    if (!source.includes('node_modules/') && !/^[a-z-]+:/.test(source)) newIndex[i] = sources.push(source) - 1;
  });
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const nameOf = (i: number): number => {
    const name = map.names[i] ?? '';
    let index = nameIndex.get(name);
    if (index === undefined) nameIndex.set(name, (index = names.push(name) - 1));
    return index;
  };
  const lines = decode(map.mappings).map((line) => {
    const kept: SourceMapSegment[] = [];
    for (const segment of line) {
      const source = segment.length === 1 ? -1 : newIndex[segment[1]]!;
      if (source < 0) {
        if (kept.length === 0 || kept.at(-1)!.length !== 1) kept.push([segment[0]]); // start of a run of unmapped code
      } else {
        const [column, , line, sourceColumn] = segment as [number, number, number, number];
        kept.push(segment.length === 5 ? [column, source, line, sourceColumn, nameOf(segment[4])] : [column, source, line, sourceColumn]);
      }
    }
    return kept;
  });
  await writeFile(mapPath, JSON.stringify({ ...map, sources, names, mappings: encode(lines) }));
}

