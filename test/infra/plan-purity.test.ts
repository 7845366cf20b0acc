/**
 * infra/plan/ is the deployment plan both the CDK constructs and the local stack (npm start) read, so it must
 * load without aws-cdk-lib: followed import by import, no plan module reaches aws-cdk-lib, constructs or
 * cdk-nag, and the local stack reaches infra/ through the plan only (never a construct or the config loader).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const CDK = /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)/;

/** Every module specifier of a TypeScript file (imports, re-exports, dynamic imports; type-only ones too), as TypeScript reads them. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** The files a module loads, transitively (relative imports resolved to their .ts source), and the packages. */
function closure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of specifiers(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

const tsFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));

describe('the deployment plan (infra/plan/)', () => {
  it('loads no CDK package, directly or through what it imports', () => {
    for (const file of tsFiles('infra/plan')) {
      const { packages } = closure(file);
      expect({ file: relative(root, file), cdk: [...packages].filter((p) => CDK.test(p)) }).toEqual({ file: relative(root, file), cdk: [] });
    }
  });

  it('is what the local stack takes from infra/: nothing outside infra/plan/', () => {
    const reached = new Set(tsFiles('tools/local-stack').flatMap((file) => [...closure(file).files]));
    const infra = [...reached].map((f) => relative(root, f)).filter((f) => f.startsWith('infra/'));
    expect(infra.length).toBeGreaterThan(0);
    expect(infra.filter((f) => !f.startsWith('infra/plan/'))).toEqual([]);
    expect([...reached].flatMap((f) => specifiers(f)).filter((p) => CDK.test(p))).toEqual([]);
  });

  it('the check sees a CDK import when there is one (it can fail)', () => {
    expect([...closure(join(root, 'infra/constructs/data-action-api.ts')).packages].filter((p) => CDK.test(p))).toContain('aws-cdk-lib');
  });
});
