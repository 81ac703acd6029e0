import { isSeglError } from '../server/lib/errors.js';

/** Exit codes of the CLI: 0 success/valid, 1 not valid, 2 unreadable input or usage/operational errors. */
export const EXIT = { ok: 0, invalid: 1, error: 2 } as const;

export class UsageError extends Error {}

/** Prints an error as one clear line (never a stack trace) and returns the exit code to use. */
export function reportCliError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`segl: ${error.message}\nRun "segl help" for usage.\n`);
    return EXIT.error;
  }
  if (isSeglError(error)) {
    process.stderr.write(`segl: ${error.message} [${error.code}]\n`);
    return EXIT.error;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`segl: unexpected error: ${message}\n`);
  return EXIT.error;
}
