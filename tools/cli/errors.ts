/**
 * Errors the CLI reports as one clear line, never with a stack trace: the user can fix them.
 * Anything else that escapes a command is a bug and is printed in full.
 */
export const EXIT_OK = 0;
/** A check failed, an invocation failed, or the input could not be processed. */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong: unknown option, bad argument, unknown action, unreadable --input. */
export const EXIT_USAGE = 2;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class UsageError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT_USAGE, options);
  }
}
