/**
 * `data-action export --out <dir>`: for every project action, the Genesys import file `<Name>.custom.json`, its
 * input and output JSON Schemas, and one OpenAPI 3 document of the endpoint (`openapi.json`). Every import file
 * is linted as `validate` would before the command reports success.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { lintActionDefinition } from '../../../lambda/contracts/action-definition-linter.js';
import type { ActionContract } from '../../../lambda/contracts/action-contract.js';
import {
  PLACEHOLDER_BASE_URL,
  actionUrl,
  exportFileName,
  toGenesysActionExport,
  type CredentialHeader,
} from '../../../lambda/contracts/genesys-action-definition.js';
import { CliError, EXIT_FAILURE, UsageError } from '../errors.js';
import { buildOpenApiDocument } from '../openapi.js';
import { actionsDirOption, displayPath, loadProjectActions, packageVersion } from '../project-actions.js';
import { formatProblem, validateProjectActions } from './validate.js';

interface ExportOptions {
  out: string;
  baseUrl: string;
  authHeader?: string;
  credentialField: string;
  actionsDir: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .summary('write Genesys import files, JSON Schemas and an OpenAPI document')
    .description(
      'Write, for every project action, a Genesys import file <Name>.custom.json (Admin UI import format) and its ' +
        'input/output JSON Schemas, plus one OpenAPI 3 document of the endpoint (openapi.json).',
    )
    .requiredOption('--out <dir>', 'directory to write to (created if needed)')
    .option('--base-url <url>', 'the deployed endpoint (API Gateway stage URL); actions are called at <url>/actions/<name>', PLACEHOLDER_BASE_URL)
    .option('--auth-header <name>', 'the endpoint authenticates with this header (Genesys User Defined credential) instead of Basic auth')
    .option('--credential-field <field>', 'with --auth-header: the credential field templated into the header', 'apiKey')
    .addOption(actionsDirOption("the project's actions directory"))
    .addHelpText(
      'after',
      '\nWith --auth-header X-API-Key, each import file sends "X-API-Key: ${credentials.apiKey}" and the OpenAPI document\n' +
        'declares that header as the security scheme; without it, Basic auth (Genesys sends it by itself).\n\n' +
        'Example:\n  npx data-action export --out exports --base-url https://abc123.execute-api.eu-west-1.amazonaws.com/prod\n',
    )
    .action(async (options: ExportOptions) => {
      process.exitCode = await exportActions(options);
    });
}

async function exportActions(options: ExportOptions): Promise<number> {
  const baseUrl = parseBaseUrl(options.baseUrl);
  const contracts = await loadValidContracts(options.actionsDir);
  const credentialHeader: CredentialHeader | undefined =
    options.authHeader === undefined ? undefined : { headerName: parseHeaderName(options.authHeader), credentialField: parseField(options.credentialField) };
  await mkdir(options.out, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, document: unknown) => {
    const path = join(options.out, name);
    await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
    written.push(displayPath(path));
  };
  for (const contract of contracts) {
    const definition = toGenesysActionExport(contract, { actionUrl: actionUrl(baseUrl, contract.name), ...(credentialHeader ? { credentialHeader } : {}) });
    const problems = lintActionDefinition(definition, exportFileName(contract.name));
    if (problems.length > 0) {
      throw new CliError(`the export of ${contract.name} would be refused by Genesys:\n${problems.map((p) => `  ${p.pointer} [${p.rule}] ${p.message}`).join('\n')}`);
    }
    await write(exportFileName(contract.name), definition);
    await write(`${contract.name}.input.schema.json`, contract.input);
    await write(`${contract.name}.output.schema.json`, contract.output);
  }
  await write(
    'openapi.json',
    buildOpenApiDocument(contracts, { baseUrl, version: packageVersion(), ...(options.authHeader ? { authHeader: options.authHeader } : {}) }),
  );
  for (const file of written) console.log(`wrote ${file}`);
  console.log(`exported ${contracts.length} action${contracts.length === 1 ? '' : 's'} (${contracts.map((c) => c.name).join(', ')}) to ${displayPath(options.out)}`);
  if (baseUrl === PLACEHOLDER_BASE_URL) {
    console.log('note: the endpoint URL is a placeholder; pass --base-url <your API Gateway stage URL> before importing into Genesys');
  } else if (baseUrl.startsWith('http:')) {
    console.log('note: Genesys Cloud calls only https endpoints whose certificate chains to a public CA');
  }
  return 0;
}

/** Only contracts that lint clean are exported: a broken one would be refused by Genesys anyway. */
async function loadValidContracts(actionsDir: string): Promise<ActionContract[]> {
  const results = await validateProjectActions(actionsDir);
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) {
    throw new CliError(`nothing exported: fix these first (npx data-action validate)\n${problems.map(formatProblem).join('\n')}`, EXIT_FAILURE);
  }
  return (await loadProjectActions(actionsDir)).map((a) => a.contract as ActionContract);
}

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url must be an absolute URL such as https://abc123.execute-api.eu-west-1.amazonaws.com/prod (got "${value}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--base-url must be an http(s) URL (got "${value}")`);
  if (url.search !== '' || url.hash !== '') throw new UsageError('--base-url must not carry a query or a fragment');
  return value.replace(/\/+$/, '');
}

function parseHeaderName(value: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(value)) throw new UsageError(`--auth-header must be an HTTP header name (got "${value}")`);
  if (/^(content-type|accept)$/i.test(value)) throw new UsageError(`--auth-header cannot be ${value}`);
  return value;
}

function parseField(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw new UsageError(`--credential-field must be a plain name (got "${value}")`);
  return value;
}
