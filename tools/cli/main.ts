/** Entry point of `data-action` (launched by bin.js, or `npx tsx tools/cli/main.ts`). */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
