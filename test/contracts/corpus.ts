/**
 * The shared corpus of 134 real Genesys action exports, read in place from `../shared/corpus/data-actions`
 * beside the repository (never copied into the project). Absent in a user's clone: callers then register one
 * test whose name says the corpus checks did not run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS_DIR = join(REPO_ROOT, '../shared/corpus/data-actions');
export const CORPUS_PRESENT = existsSync(CORPUS_DIR);
export const CORPUS_ABSENT_TEST_NAME = `corpus absent (${CORPUS_DIR}): corpus checks did not run`;

export interface CorpusEntry {
  file: string;
  path: string;
  definition: Record<string, unknown>;
}

export function readCorpus(): CorpusEntry[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(CORPUS_DIR, file);
      return { file, path, definition: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> };
    });
}
