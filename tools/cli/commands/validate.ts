/**
 * `data-action validate [paths...]`: everything Genesys would refuse at create, one line per problem:
 * `<file> <json-pointer> [<rule>] <message>`, then a summary. Exit 1 when any file fails.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { lintActionDefinition } from '../../../lambda/contracts/action-definition-linter.js';
import { lintContract, lintSchema } from '../../../lambda/contracts/contract-linter.js';
import { checkOpenApiDocument } from '../openapi-structure.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { actionsDirOption, loadProjectActions } from '../project-actions.js';

export interface Problem {
  file: string;
  /** JSON pointer into the file's document ('' is the whole document, printed as `/`). */
  pointer: string;
  rule: string;
  message: string;
}

export interface FileResult {
  file: string;
  problems: Problem[];
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .summary('check actions for everything Genesys Cloud would reject at create')
    .description(
      "Check actions for everything Genesys Cloud would reject at create. With no path: the project's actions " +
        '(lambda/actions/*/contract.json). With paths: Genesys export files (*.custom.json or *.json; directories are searched).',
    )
    .argument('[paths...]', 'export files or directories holding them')
    .addOption(actionsDirOption("the project's actions directory (when no path is given)"))
    .addHelpText(
      'after',
      '\nOutput: one line per problem, "<file> <json-pointer> [<rule>] <message>", then a summary.\n' +
        'Exit status: 0 when every file passes, 1 when any fails, 2 on a usage error.\n\n' +
        'Examples:\n  npx data-action validate\n  npx data-action validate exports/ Get-Customer.custom.json\n',
    )
    .action(async (paths: string[], options: { actionsDir: string }) => {
      const results = paths.length === 0 ? await validateProjectActions(options.actionsDir) : await validateExportFiles(paths);
      process.exitCode = report(results);
    });
}

export async function validateProjectActions(actionsDir: string): Promise<FileResult[]> {
  const actions = await loadProjectActions(actionsDir);
  if (actions.length === 0) throw new UsageError(`no actions found in ${actionsDir}`);
  return actions.map(({ folder, file, contract, readError }) => {
    if (contract === undefined) return { file, problems: [{ file, pointer: '', rule: 'json', message: readError ?? 'unreadable' }] };
    const problems: Problem[] = lintContract(contract, file).map((v) => ({ file, pointer: v.pointer, rule: v.rule, message: v.message }));
    if (typeof contract.name === 'string' && contract.name !== folder) {
      problems.push({ file, pointer: '/name', rule: 'folder-name', message: `the name "${contract.name}" must equal the folder name "${folder}"` });
    }
    return { file, problems };
  });
}

export async function validateExportFiles(paths: string[]): Promise<FileResult[]> {
  const files = (await Promise.all(paths.map(expandPath))).flat();
  if (files.length === 0) throw new UsageError(`no .json files found in ${paths.join(', ')}`);
  const results: FileResult[] = [];
  for (const file of files) results.push({ file, problems: await validateFile(file) });
  return results;
}

/**
 * One file, by what it is: a JSON Schema written by `export` (`<name>.input.schema.json`, `.output.schema.json`)
 * with the contract rules of its side, an OpenAPI document (has `openapi`) structurally, anything else as a
 * Genesys action definition.
 */
export async function validateFile(file: string): Promise<Problem[]> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return [{ file, pointer: '', rule: 'json', message: `not valid JSON: ${(error as Error).message}` }];
  }
  const toProblem = (v: { pointer: string; rule: string; message: string }): Problem => ({ file, pointer: v.pointer, rule: v.rule, message: v.message });
  if (file.endsWith('.schema.json')) {
    const kind = file.endsWith('.input.schema.json') ? 'input' : 'output';
    return lintSchema(kind, document, { source: file, action: basename(file), pointer: '' }).map(toProblem);
  }
  if (document !== null && typeof document === 'object' && 'openapi' in document) {
    return checkOpenApiDocument(document).map((p) => toProblem({ ...p, rule: 'openapi' }));
  }
  return lintActionDefinition(document, file).map(toProblem);
}

export function formatProblem(p: Problem): string {
  return `${p.file} ${p.pointer === '' ? '/' : p.pointer} [${p.rule}] ${p.message}`;
}

function report(results: FileResult[]): number {
  for (const result of results) for (const problem of result.problems) console.log(formatProblem(problem));
  const failed = results.filter((r) => r.problems.length > 0).length;
  const problems = results.reduce((n, r) => n + r.problems.length, 0);
  const files = `${results.length} file${results.length === 1 ? '' : 's'}`;
  console.log(
    failed === 0
      ? `${files} checked: all passed`
      : `${files} checked: ${results.length - failed} passed, ${failed} failed (${problems} problem${problems === 1 ? '' : 's'})`,
  );
  return failed === 0 ? EXIT_OK : EXIT_FAILURE;
}

/** A file as given; a directory → its .json files, recursively, in a stable order. */
async function expandPath(path: string): Promise<string[]> {
  if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  if (!statSync(path).isDirectory()) return [path];
  const found: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) found.push(...(await expandPath(child)));
    else if (entry.name.endsWith('.json')) found.push(child);
  }
  return found;
}
