/**
 * A failure the CLI reports as one line on stderr. `exitCode` 2 is a usage
 * error (bad arguments): the command's usage follows the message.
 */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Bad arguments: exit 2, with the command's usage on stderr. */
export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(message: string) {
    super(message, 2);
  }
}

/** Something asked for is not there (a unit state, a handler, a flag, a record): exit 2, one line, no usage. */
export class NotFoundError extends CliError {
  override name = 'NotFoundError';

  constructor(message: string) {
    super(message, 2);
  }
}

/** The message of any thrown value, on one line. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
