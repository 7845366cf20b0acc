/**
 * `npm start` runs the bundle the stack deploys (dist/handler.mjs), so it must be current: it is rebuilt
 * (`npm run build`, i.e. `tsx scripts/build.ts`) when missing or older than any of its sources — the code
 * under lambda/ (the generated folder excepted), the action contracts, the build script, the lockfile.
 * Timestamps decide, as make does.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const HANDLER_BUNDLE = 'dist/handler.mjs';
export const REGISTRATION_BUNDLE = 'dist/registration.mjs';

/** The newest source the bundles are built from, or undefined when there is none. */
function newestSource(root: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const consider = (file: string) => {
    const mtimeMs = statSync(file).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(root, 'lambda/generated')) walk(path);
      } else if (/\.(ts|js|mjs|json)$/.test(entry.name)) consider(path);
    }
  };
  walk(join(root, 'lambda'));
  for (const file of ['scripts/build.ts', 'package-lock.json']) if (existsSync(join(root, file))) consider(join(root, file));
  return newest;
}

/** Why the handler bundle must be rebuilt, or undefined when it is current. */
export function staleBundleReason(root: string): string | undefined {
  const bundle = join(root, HANDLER_BUNDLE);
  if (!existsSync(bundle)) return `${HANDLER_BUNDLE} does not exist`;
  const source = newestSource(root);
  if (source && source.mtimeMs > statSync(bundle).mtimeMs) return `${relative(root, source.file)} changed after ${HANDLER_BUNDLE} was built`;
  return undefined;
}

/** Runs the build as `npm run build` does, output shown; rejects when it fails. */
export function runBuild(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, stdio: 'inherit', env: process.env });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`the build failed (${signal ?? `exit status ${code}`}); fix it and run npm start again`))));
  });
}
