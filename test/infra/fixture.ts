/**
 * Builds the stack for template tests: the real contracts, a configuration read through the real loader,
 * and placeholder bundles in a temporary directory (synthesis only packages them; the real ones are
 * `npm run build`'s, which these tests must not depend on).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { discoverActions, type DiscoveredAction } from '../../scripts/build.js';
import { loadConfig, type DataActionsConfig } from '../../infra/config.js';
import { GenesysDataActionsStack } from '../../infra/data-actions-stack.js';

export const OAUTH_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:genesys-oauth-AbCdEf';
export const ORG_ID = '9f5c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';

/** Context that makes a complete, registering api-gateway deployment. */
export const BASE_CONTEXT: Readonly<Record<string, unknown>> = {
  downstreamBaseUrl: 'https://business.example.com',
  genesysRegion: 'eu-west-1',
  genesysOAuthSecretArn: OAUTH_SECRET_ARN,
};

export function testConfig(context: Record<string, unknown> = {}): DataActionsConfig {
  const merged = { ...BASE_CONTEXT, ...context };
  return loadConfig({ context: (key) => merged[key], env: {} });
}

let bundleDir: string | undefined;
/** A directory with placeholder handler.mjs and registration.mjs, removed by `removePlaceholderBundles`. */
export function placeholderBundleDir(): string {
  if (bundleDir) return bundleDir;
  bundleDir = mkdtempSync(join(tmpdir(), 'gda-bundles-'));
  for (const entry of ['handler', 'registration']) {
    writeFileSync(join(bundleDir, `${entry}.mjs`), "export const handler = async () => { throw new Error('placeholder bundle of the infra tests'); };\n");
  }
  return bundleDir;
}
export function removePlaceholderBundles(): void {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  bundleDir = undefined;
}

let actions: DiscoveredAction[] | undefined;
export async function realActions(): Promise<DiscoveredAction[]> {
  actions ??= await discoverActions();
  return actions;
}

export interface Synthesized {
  app: App;
  stack: GenesysDataActionsStack;
  template: Template;
}

export async function synthesize(context: Record<string, unknown> = {}, overrideActions?: DiscoveredAction[]): Promise<Synthesized> {
  const app = new App();
  const config = testConfig(context);
  const stack = new GenesysDataActionsStack(app, config.stackName, {
    config,
    actions: overrideActions ?? (await realActions()),
    bundleDir: placeholderBundleDir(),
  });
  return { app, stack, template: Template.fromStack(stack) };
}
