#!/usr/bin/env node
// `npx data-action ...`: runs the TypeScript CLI (main.ts) through tsx's ESM API, in this process, so the exit
// code and output are the CLI's own. tsx is a devDependency: this launcher serves the project's checkout.
let tsImport;
try {
  ({ tsImport } = await import('tsx/esm/api'));
} catch {
  console.error('data-action: tsx is not installed; run `npm install` in the project first.');
  process.exit(1);
}
await tsImport('./main.ts', import.meta.url);
