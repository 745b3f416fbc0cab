/**
 * The one error the CLI reports to the user: a single line on stderr and an exit code (contract: 1 the run
 * failed, 2 invalid input or usage). Anything else that escapes a command is a bug and is also printed as one
 * line (never a stack trace unless FLOWWERK_DEBUG is set).
 */
export type ExitCode = 0 | 1 | 2;

export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** What a command hands back to `main`: the exit code; output has already been written. */
export type CommandResult = ExitCode;
