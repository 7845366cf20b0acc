/**
 * The bundling plugins that defer a dependency to its first use (scripts/lambda-bundle.ts) keep it
 * working: `http2` loads on the first property read and not before; the HttpsProxyAgent stand-in builds
 * the real agent and answers `instanceof` for it. The probe is bundled exactly as the handler is and
 * run in its own Node process (the project's Node 24), which reports what it saw.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bundleLambda } from '../../scripts/lambda-bundle.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PROBE = `
import http2 from 'http2';
import HttpsProxyAgent from 'https-proxy-agent';
const loaded = () => process.moduleLoadList.some((m) => m === 'NativeModule http2' || m.startsWith('NativeModule internal/http2/'));
const report = { http2LoadedAtStart: loaded() };
report.http2ConstantsType = typeof http2.constants;
report.http2LoadedAfterUse = loaded();
report.http2HasConnect = 'connect' in http2;
const agent = new HttpsProxyAgent({ protocol: 'http:', host: '127.0.0.1', port: 3128 });
report.agentProxyHost = agent.proxy?.host; // set by the real HttpsProxyAgent's constructor
report.agentIsInstance = agent instanceof HttpsProxyAgent;
report.plainObjectIsInstance = {} instanceof HttpsProxyAgent;
report.agentHasCallback = typeof agent.callback;
console.log(JSON.stringify(report));
`;

let dir: string;
let report: Record<string, unknown>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gda-on-first-use-'));
  // Resolved from axios's adapter folder, as axios's own imports are.
  await bundleLambda({ stdin: { contents: PROBE, resolveDir: join(ROOT, 'node_modules/axios/lib/adapters'), loader: 'js', sourcefile: 'probe.js' }, outfile: join(dir, 'probe.mjs') }, { strict: false });
  const stdout = execFileSync(join(ROOT, 'node_modules/.bin/node'), [join(dir, 'probe.mjs')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dependencies deferred to their first use', () => {
  it('http2 is not loaded until a property of it is read, then it is the real module', () => {
    expect(report.http2LoadedAtStart).toBe(false);
    expect(report.http2ConstantsType).toBe('object');
    expect(report.http2LoadedAfterUse).toBe(true);
    expect(report.http2HasConnect).toBe(true);
  });

  it('HttpsProxyAgent builds the real agent, and instanceof recognises it (and only it)', () => {
    expect(report.agentProxyHost).toBe('127.0.0.1');
    expect(report.agentIsInstance).toBe(true);
    expect(report.plainObjectIsInstance).toBe(false);
    expect(report.agentHasCallback).toBe('function');
  });
});
