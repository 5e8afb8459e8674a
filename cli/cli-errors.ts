/**
 * How `mam` ends on errors. Exit codes: 0 success, 1 a runtime failure (bad input file, unwritable output,
 * failed computation), 2 a usage error (bad option value, missing or unknown option or command).
 * The message is one line prefixed with the command; the stack trace only with MAM_DEBUG=1.
 */
import { CommanderError } from 'commander';

export const EXIT_RUNTIME_ERROR = 1;
export const EXIT_USAGE_ERROR = 2;

/** An error in how the command was called (an option value, a combination of options): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True when stack traces are wanted (MAM_DEBUG=1). */
export function debugEnabled(): boolean {
  const v = process.env.MAM_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

/**
 * Exit code of an error that ended a command, after printing it (commander prints its own errors, so those
 * are only mapped: help and version requests are 0, every other commander error is a usage error).
 */
export function reportError(err: unknown, commandPath: string, print: (line: string) => void = console.error): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
    return EXIT_USAGE_ERROR;
  }
  const message = err instanceof Error ? err.message : String(err);
  print(`${commandPath}: ${message}`);
  if (debugEnabled() && err instanceof Error && err.stack) print(err.stack);
  return err instanceof UsageError ? EXIT_USAGE_ERROR : EXIT_RUNTIME_ERROR;
}
