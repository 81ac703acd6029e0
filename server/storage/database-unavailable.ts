import { SeglError } from '../lib/errors.js';

/**
 * Runs `connect` (authenticating, connecting, opening a file); when it fails the database is `database_unavailable`,
 * and the message says what could not be done: `cannot <action>: <the driver's message>`.
 */
export async function connectOrUnavailable<T>(options: { action: string; connect: () => Promise<T> }): Promise<T> {
  try {
    return await options.connect();
  } catch (cause) {
    throw new SeglError({
      code: 'database_unavailable',
      message: `cannot ${options.action}: ${(cause as Error).message}`,
      cause,
    });
  }
}
