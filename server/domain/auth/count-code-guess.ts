import { createHash } from 'node:crypto';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { isSeglError } from '../../lib/errors.js';
import { beginAttempt } from './attempt-throttle.js';
import { recordLockouts } from './record-lockouts.js';

/**
 * Counts a TOTP guess on a setup or enrolment link per link and client network BEFORE it is checked (see
 * beginAttempt: parallel guesses cannot outrun the count); over the limit it answers 429 without trying. Only a
 * wrong code (`invalid_code`) keeps its count.
 */
export async function countCodeGuess<T>(options: {
  db: Database;
  clock: Clock;
  link: string;
  ip: string | null | undefined;
  check: () => Promise<T>;
}): Promise<T> {
  const { db, clock, ip } = options;
  const subject = createHash('sha256').update(options.link).digest('hex');
  const attempt = await beginAttempt({ db, clock, scope: 'link', subject, ip });
  let result: T;
  try {
    result = await options.check();
  } catch (error) {
    if (isSeglError(error) && error.code === 'invalid_code') {
      await recordLockouts({ db, clock, lockouts: await attempt.fail(), ip });
    } else {
      await attempt.succeed();
    }
    throw error;
  }
  await attempt.succeed();
  return result;
}
