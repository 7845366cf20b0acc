/**
 * What `npm start` prints once everything runs: the URLs, the registered action ids and two commands to
 * paste, each on a line of its own. The README's "Run it locally" block holds the same two commands (for
 * the default ports); test/e2e/readme-commands.test.ts runs them from the README, literally.
 *
 * The commands read the inbound credential from its git-ignored file instead of showing it, so neither
 * the terminal nor the README holds a secret, and they work as printed from the project folder.
 */
import { isAbsolute, relative } from 'node:path';
import type { LocalStack } from './local-stack.js';

export interface TryItInput {
  apiUrl: string;
  /** The file holding `user:password` (local-secrets.ts). */
  credentialFile: string;
  /** The project root: the commands run from there. */
  root: string;
  customerId: string;
}

/** A path relative to the project when it lies inside it, else absolute. */
function fromRoot(root: string, file: string): string {
  const relativePath = relative(root, file);
  return relativePath !== '' && !relativePath.startsWith('..') && !isAbsolute(relativePath) ? relativePath : file;
}

const SHELL_SAFE = /^[A-Za-z0-9_./-]+$/;
const shellWord = (text: string) => (SHELL_SAFE.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/** The two commands: `curl` straight to the API, and the `data-action` CLI running the action as Genesys does. */
export function tryItCommands(input: TryItInput): { curl: string; invoke: string } {
  const path = fromRoot(input.root, input.credentialFile);
  const credential = `"$(cat ${shellWord(path)})"`;
  const body = JSON.stringify({ customer_id: input.customerId });
  return {
    curl: `curl -s -u ${credential} -H 'Content-Type: application/json' -d '${body}' ${input.apiUrl}/actions/customer-lookup`,
    invoke: `npx data-action invoke customer-lookup --input '${body}' --credential ${credential} --url ${input.apiUrl}`,
  };
}

export interface BannerInput extends TryItInput {
  stack: LocalStack;
  bundle: string;
  secretsFile: string;
  secretsCreated: boolean;
  oauthClientId: string;
}

export function readyBanner(input: BannerInput): string {
  const { stack } = input;
  const { curl, invoke } = tryItCommands(input);
  const plan = stack.timeoutPlan;
  const width = Math.max(...stack.actions.map((a) => a.name.length));
  const lines = [
    '',
    `Local stack ready: ${input.bundle} behind a local API Gateway, registered in a local Genesys Cloud.`,
    '',
    `  API Gateway (REST)   ${stack.apiUrl}/actions/<name>   Lambda timeout ${plan.lambdaTimeoutSeconds} s`,
    `  Genesys Cloud        ${stack.genesysUrl}   OAuth client ${input.oauthClientId}`,
    stack.stub
      ? `  Customer service     ${stack.downstreamUrl}   stub; seed customers ${input.customerId}, ...; script it with POST /__stub/enqueue`
      : `  Business system      ${stack.downstreamUrl}`,
    `  Secrets              ${fromRoot(input.root, input.secretsFile)}${input.secretsCreated ? ' (generated now)' : ''}; served by a local Secrets Manager`,
    '',
    `Registered actions (integration ${stack.registration.integrationId}):`,
    ...stack.actions.map(
      (a) => `  ${a.name.padEnd(width)}  ${a.id}   Genesys timeout ${a.timeoutSeconds} s, integration ${a.integrationTimeoutMs / 1000} s`,
    ),
    '',
    'Call customer-lookup directly, then as Genesys would (from this folder, in another terminal):',
    curl,
    invoke,
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
}
