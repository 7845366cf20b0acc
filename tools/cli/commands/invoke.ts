/**
 * `data-action invoke <action-or-export-file> --input '<json>'`: runs an action through the execution emulator
 * the way Genesys would (Velocity, the HTTP call, translation map, success template, output contract) against a
 * local or deployed endpoint, and prints the test pane's numbered steps. Exit 1 when the execution fails.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { actionUrl, toGenesysActionExport } from '../../../lambda/contracts/genesys-action-definition.js';
import type { ActionCredentials, ActionDefinition, ExecutionContext, RunOptions } from '../../emulator/index.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { actionsDirOption, findProjectAction } from '../project-actions.js';
import { formatTestExecutionResult } from '../test-pane.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:3000';
const PLACEHOLDER_ORG_ID = '00000000-0000-4000-8000-000000000000';

interface InvokeOptions {
  input: string;
  url?: string;
  json?: boolean;
  credential?: string;
  header?: string;
  credentialField: string;
  timeout?: number;
  flatten?: boolean;
  orgId: string;
  correlationId?: string;
  allowInsecureHttp?: boolean;
  actionsDir: string;
}

export function registerInvokeCommand(program: Command): void {
  program
    .command('invoke')
    .summary("run an action as Genesys would and print the test pane's steps")
    .description("Run an action as Genesys would (the execution emulator) against a local or deployed endpoint, and print the test pane's steps.")
    .argument('<action-or-export-file>', 'a project action name (e.g. customer-lookup) or a Genesys export file')
    .requiredOption('--input <json>', 'the action input as a JSON object')
    .option('--url <endpoint>', `the endpoint: for a project action, the base URL (default ${DEFAULT_ENDPOINT}, the local stack; the action is at <url>/actions/<name>); for an export file, replaces the origin of its resolved URL`)
    .option('--json', 'print the raw TestExecutionResult as JSON')
    .addOption(new Option('--credential <user:pass>', 'a Basic Auth credential (Genesys basicAuth)').conflicts('header'))
    .addOption(new Option('--header <Name:Value>', 'a User Defined credential sent as this header').conflicts('credential'))
    .option('--credential-field <field>', 'with --header: the credential field the header is templated from', 'apiKey')
    .option('--timeout <seconds>', "override the action's timeoutSeconds", parsePositiveNumber)
    .option('--flatten', 'flatten the output as Genesys does for Architect (?flatten=true)')
    .option('--org-id <id>', 'the Genesys organization id sent as ININ-Organization-Id', PLACEHOLDER_ORG_ID)
    .option('--correlation-id <id>', 'the ININ-Correlation-Id (generated when absent)')
    .option('--allow-insecure-http', 'allow a plain http endpoint that is not on loopback (Genesys itself requires https)')
    .addOption(actionsDirOption("the project's actions directory"))
    .addHelpText(
      'after',
      '\nAn export file is run as is; with --url, the scheme, host and port of its resolved URL are replaced by --url\n' +
        "(and --url's path, if any, is put in front of the URL's path); a relative URL is resolved against --url.\n" +
        'Plain http is allowed for loopback endpoints (127.0.0.1, localhost, ::1) only, unless --allow-insecure-http.\n\n' +
        'Exit status: 0 when the action succeeds, 1 when it fails, 2 on a usage error.\n\n' +
        'Examples:\n' +
        '  npx data-action invoke customer-lookup --input \'{"customer_id":"cust_123"}\' --credential genesys:secret\n' +
        "  npx data-action invoke exports/customer-lookup.custom.json --input '{\"customer_id\":\"cust_123\"}' --url http://127.0.0.1:3000 --json\n",
    )
    .action(async (target: string, options: InvokeOptions) => {
      process.exitCode = await invoke(target, options);
    });
}

async function invoke(target: string, options: InvokeOptions): Promise<number> {
  const input = parseInput(options.input);
  const endpoint = options.url === undefined ? undefined : parseEndpoint(options.url);
  const credentials = parseCredentials(options);
  // Loaded on use: validate and export do not need the emulator (Velocity engine, HTTP client).
  const { runAction, redirectToOrigin } = await import('../../emulator/index.js');
  const runOptions: RunOptions = { flatten: options.flatten === true };
  let definition: ActionDefinition;
  // The URL called is known here only when this command builds it (a project action, or --url).
  let knownEndpoint = endpoint;
  if (isFile(target)) {
    definition = await readExportFile(target);
    if (endpoint !== undefined) runOptions.rewriteUrl = redirectToOrigin(endpoint.href);
  } else {
    const contract = await findProjectAction(target, options.actionsDir);
    knownEndpoint = endpoint ?? new URL(DEFAULT_ENDPOINT);
    definition = toGenesysActionExport(contract, { actionUrl: actionUrl(knownEndpoint.href, contract.name) });
  }
  if (options.header !== undefined) {
    const [name] = splitPair(options.header, '--header', 'Name:Value');
    definition = withHeader(definition, name, `\${credentials.${options.credentialField}}`);
  }
  const context: ExecutionContext = {
    organizationId: options.orgId,
    allowInsecureHttp: options.allowInsecureHttp === true || (knownEndpoint !== undefined && isLoopback(knownEndpoint)),
    ...(credentials !== undefined ? { credentials } : {}),
    ...(options.correlationId !== undefined ? { correlationId: options.correlationId } : {}),
    ...(options.timeout !== undefined ? { timeoutSeconds: options.timeout } : {}),
  };
  const result = await runAction(definition, input, context, runOptions);
  console.log(options.json === true ? JSON.stringify(result, null, 2) : formatTestExecutionResult(result));
  return result.success ? EXIT_OK : EXIT_FAILURE;
}

function parseInput(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--input is not valid JSON (${(error as Error).message}); quote it for your shell, e.g. --input '{"customer_id":"cust_123"}'`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError('--input must be a JSON object of the action\'s input fields, e.g. \'{"customer_id":"cust_123"}\'');
  }
  return value as Record<string, unknown>;
}

function parseEndpoint(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url must be an absolute URL such as ${DEFAULT_ENDPOINT} (got "${text}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url must be an http(s) URL (got "${text}")`);
  return url;
}

function parseCredentials(options: InvokeOptions): ActionCredentials | undefined {
  if (options.credential !== undefined) {
    const [userName, password] = splitPair(options.credential, '--credential', 'user:pass');
    return { type: 'basicAuth', fields: { userName, password } };
  }
  if (options.header !== undefined) {
    const [name, value] = splitPair(options.header, '--header', 'Name:Value');
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new UsageError(`--header: "${name}" is not an HTTP header name`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.credentialField)) throw new UsageError('--credential-field must be a plain name');
    return { type: 'userDefined', fields: { [options.credentialField]: value } };
  }
  return undefined;
}

function splitPair(text: string, option: string, shape: string): [string, string] {
  const at = text.indexOf(':');
  if (at <= 0) throw new UsageError(`${option} must look like ${shape}`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

async function readExportFile(file: string): Promise<ActionDefinition> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const config = (document as { config?: { request?: unknown } } | null)?.config;
  if (typeof config?.request !== 'object' || config.request === null) {
    throw new UsageError(`${file} is not a Genesys action export (no config.request); check it with: npx data-action validate ${file}`);
  }
  return document as ActionDefinition;
}

/** Sends a header (replacing one of the same name, whatever its case). */
function withHeader(definition: ActionDefinition, name: string, valueTemplate: string): ActionDefinition {
  const headers = Object.fromEntries(Object.entries(definition.config.request.headers ?? {}).filter(([k]) => k.toLowerCase() !== name.toLowerCase()));
  headers[name] = valueTemplate;
  return { ...definition, config: { ...definition.config, request: { ...definition.config.request, headers } } };
}

function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

function isFile(target: string): boolean {
  return existsSync(target) && statSync(target).isFile();
}

function parsePositiveNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout must be a positive number of seconds (got "${text}")`);
  return n;
}
