/**
 * The project's actions as the CLI sees them: `lambda/actions/<name>/contract.json`, read without trusting them
 * (a broken contract is a problem to report, not a crash).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import { UsageError } from './errors.js';

/** The repository this CLI belongs to (tools/cli/ is two levels below it). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_ACTIONS_DIR = join(PROJECT_ROOT, 'lambda/actions');

export interface ProjectAction {
  /** Folder name under the actions directory. */
  folder: string;
  /** Path of contract.json, relative to the working directory (as printed). */
  file: string;
  /** The parsed contract, or undefined when it could not be read. */
  contract?: ActionContract;
  /** Why the contract could not be read. */
  readError?: string;
}

export async function loadProjectActions(actionsDir = DEFAULT_ACTIONS_DIR): Promise<ProjectAction[]> {
  if (!existsSync(actionsDir)) throw new UsageError(`actions directory not found: ${actionsDir}`);
  const folders = (await readdir(actionsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const actions: ProjectAction[] = [];
  for (const folder of folders) {
    const path = join(actionsDir, folder, 'contract.json');
    const file = displayPath(path);
    if (!existsSync(path)) {
      actions.push({ folder, file, readError: 'the action folder has no contract.json' });
      continue;
    }
    try {
      actions.push({ folder, file, contract: JSON.parse(await readFile(path, 'utf8')) as ActionContract });
    } catch (error) {
      actions.push({ folder, file, readError: `not valid JSON: ${(error as Error).message}` });
    }
  }
  return actions;
}

/** The contract of one action by name, or a usage error listing the known ones. */
export async function findProjectAction(name: string, actionsDir = DEFAULT_ACTIONS_DIR): Promise<ActionContract> {
  const actions = await loadProjectActions(actionsDir);
  const found = actions.find((a) => a.folder === name);
  if (found === undefined) {
    const known = actions.map((a) => a.folder).join(', ') || '(none)';
    throw new UsageError(`unknown action "${name}": not a file, and not one of the project's actions (${known})`);
  }
  if (found.contract === undefined) throw new UsageError(`${found.file}: ${found.readError ?? 'unreadable'}`);
  return found.contract;
}

/** Paths print relative to where the user stands, so they can be pasted back. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/** `--actions-dir`, shown in help as the project's folder rather than an absolute path. */
export function actionsDirOption(description: string): Option {
  return new Option('--actions-dir <dir>', description).default(DEFAULT_ACTIONS_DIR, 'lambda/actions of this project');
}

/** The project's version, for `--version` and the OpenAPI document. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
}
