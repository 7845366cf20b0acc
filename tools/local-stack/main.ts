/**
 * `npm start`: builds the bundle if it is missing or stale, starts the local stack (local-stack.ts) with
 * the local secrets, prints where everything is and what to paste, streams the functions' logs, and stops
 * everything on Ctrl-C (SIGINT) or SIGTERM. Configuration: config.ts. Errors a user can fix (a port in use,
 * a bad variable, a broken secrets file, a failing build or init) are one clear message, never a stack trace.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TimeoutChainError } from '../../infra/plan/timeout-chain.js';
import { DEFAULT_DEV_CLIENT } from '../genesys-cloud-local/index.js';
import { readyBanner } from './banner.js';
import { HANDLER_BUNDLE, runBuild, staleBundleReason } from './build-freshness.js';
import { LocalStackConfigError, loadLocalStackConfig } from './config.js';
import { SAMPLE_CUSTOMER_ID } from './customer-service.js';
import { LambdaInitError } from './lambda/local-lambda-function.js';
import { PortInUseError } from './listen.js';
import { LocalSecretsError, loadLocalSecrets } from './local-secrets.js';
import { startLocalStack, type LocalStack } from './local-stack.js';
import { createLogSink } from './log-output.js';
import { RegistrationFailedError } from './registration.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const say = (text: string) => process.stderr.write(`${text}\n`);

class BuildFailedError extends Error {
  override readonly name = 'BuildFailedError';
}

/** Errors that are the user's to fix: their message says how; a stack trace would only hide it. */
const EXPLAINED = [PortInUseError, LocalStackConfigError, LocalSecretsError, LambdaInitError, RegistrationFailedError, TimeoutChainError, BuildFailedError];

let stack: LocalStack | undefined;
let stopping: Promise<void> | undefined;
let firstSignalAt = 0;

function stop(signal: NodeJS.Signals): void {
  if (stopping) {
    // One Ctrl-C reaches this process several times (the terminal's process group, then npm and tsx
    // relaying it): only a second press, later on, means "do not wait".
    if (Date.now() - firstSignalAt < 1_000) return;
    say(`npm start: ${signal} again, exiting without waiting`);
    process.exit(1);
  }
  firstSignalAt = Date.now();
  say(`\nnpm start: ${signal}, stopping...`);
  stopping = (async () => {
    await stack?.close();
    say('npm start: stopped');
    process.exit(0);
  })();
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const config = loadLocalStackConfig(process.env, { root, stdoutIsTty: process.stdout.isTTY === true });
  const stale = staleBundleReason(root);
  if (stale) {
    say(`npm start: building, because ${stale}`);
    await runBuild(root).catch((error: Error) => {
      throw new BuildFailedError(error.message);
    });
  }
  const loaded = await loadLocalSecrets(config.secretsFile);
  const log = createLogSink(config.logFormat);
  const started = await startLocalStack({
    root,
    secrets: loaded.secrets,
    apiPort: config.apiPort,
    genesysPort: config.genesysPort,
    downstreamPort: config.downstreamPort,
    ...(config.downstreamBaseUrl === undefined ? {} : { downstreamBaseUrl: config.downstreamBaseUrl }),
    ...(config.lambdaTimeoutSeconds === undefined ? {} : { lambdaTimeoutSeconds: config.lambdaTimeoutSeconds }),
    deadlineSafetyMarginMs: config.deadlineSafetyMarginMs,
    log,
  });
  stack = started;
  if (stopping) return; // Ctrl-C during start-up: stop() closes it.
  process.stdout.write(
    readyBanner({
      stack: started,
      apiUrl: started.apiUrl,
      credentialFile: loaded.credentialFile,
      root,
      customerId: SAMPLE_CUSTOMER_ID,
      bundle: HANDLER_BUNDLE,
      secretsFile: loaded.file,
      secretsCreated: loaded.created,
      oauthClientId: DEFAULT_DEV_CLIENT.clientId,
    }) + '\n',
  );
  if (loaded.overriddenBy.length > 0) say(`npm start: secrets overridden by ${loaded.overriddenBy.join(', ')}`);
}

main().catch((error: unknown) => {
  if (EXPLAINED.some((type) => error instanceof type)) say(`npm start: ${(error as Error).message}`);
  else say(`npm start: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
