/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Reads the configuration (config.ts), the actions'
 * contracts (lambda/actions/<name>/contract.json) and the built bundles (`npm run build`, which cdk.json
 * runs before every synth), builds the stack and checks it with cdk-nag's AWS Solutions rules: an
 * unacknowledged finding fails the synth.
 *
 * Works offline and without AWS credentials: the stack is environment-agnostic unless the CDK CLI
 * provides CDK_DEFAULT_ACCOUNT/CDK_DEFAULT_REGION.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { discoverActions } from '../scripts/build.js';
import { MissingBundleError } from './bundles.js';
import { ConfigError, loadConfig } from './config.js';
import { GenesysDataActionsStack } from './data-actions-stack.js';
import { TimeoutChainError } from './plan/timeout-chain.js';

const projectRoot = resolve(fileURLToPath(import.meta.url), '../..');
const app = new App();

try {
  const config = loadConfig({
    context: (key) => app.node.tryGetContext(key),
    contextKeys: Object.keys(app.node.getAllContext()),
    env: process.env,
  });
  new GenesysDataActionsStack(app, config.stackName, {
    config,
    actions: await discoverActions(),
    bundleDir: isAbsolute(config.bundleDir) ? config.bundleDir : resolve(projectRoot, config.bundleDir),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
} catch (error) {
  // Configuration mistakes get their message alone, not a stack trace: they are the user's to fix.
  if (error instanceof ConfigError || error instanceof TimeoutChainError || error instanceof MissingBundleError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
