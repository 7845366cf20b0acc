/**
 * The `data-action` command line: validate, export and invoke Genesys data actions offline.
 * `main.ts` runs it; tests run it as a child process, exactly as a user would.
 */
import { Command, CommanderError } from 'commander';
import { registerExportCommand } from './commands/export.js';
import { registerInvokeCommand } from './commands/invoke.js';
import { registerValidateCommand } from './commands/validate.js';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors.js';
import { packageVersion } from './project-actions.js';

export function createProgram(): Command {
  const program = new Command('data-action')
    .description('Genesys Cloud data actions, offline: check them as Genesys would, export them for import, run them as Genesys does.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerValidateCommand(program);
  registerExportCommand(program);
  registerInvokeCommand(program);
  // Subcommands inherit neither exitOverride nor output settings.
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

/** Runs the CLI and returns its exit status; user errors become one line on stderr, never a stack trace. */
export async function runCli(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander refuses is a usage error (already printed).
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      console.error(`data-action: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
