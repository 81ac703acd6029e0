import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { normalizeEmail } from '../users/create-user.js';
import { burnDummyHash, verifyPassword } from './password-hash.js';
import { beginAttempt } from './attempt-throttle.js';
import { recordLockouts } from './record-lockouts.js';
import { createStaffSession, type IssuedSession } from './staff-sessions.js';
import { recordSignIn } from './record-sign-in.js';
import type { RequestOrigin } from '../request-origin.js';

export function invalidCredentials(): SeglError {
  return new SeglError({ code: 'invalid_credentials', message: 'the e-mail address or password is wrong' });
}

/**
 * The first factor: a correct password for an enrolled, active account gives a `password`-stage session that
 * only the TOTP step accepts. Unknown e-mail, wrong password, disabled or not yet enrolled all answer the same
 * 401 after the same scrypt work. The attempt is counted before the password is checked (see beginAttempt), per
 * e-mail address whether or not an account has it, so the throttle tells nothing about which accounts exist.
 */
export async function loginWithPassword(
  options: RequestOrigin & {
    db: Database;
    clock: Clock;
    email: string;
    password: string;
  },
): Promise<IssuedSession> {
  const { db, clock } = options;
  const email = normalizeEmail(options.email);
  const attempt = await beginAttempt({ db, clock, scope: 'account', subject: email, ip: options.ip });
  let outcome: { userId: string } | { failedUserId: string | null };
  try {
    // defence in depth: control characters (a NUL cuts SQLite's statement) never match an account
    const user = /[\u0000-\u001f\u007f]/.test(email) ? null : await db.models.User.findOne({ where: { email } });
    const usable = user && !user.disabledAt && user.passwordHash && user.totpConfirmedAt;
    if (!user || !usable) {
      await burnDummyHash(options.password);
      outcome = { failedUserId: user?.id ?? null };
    } else {
      const right = await verifyPassword({ password: options.password, hash: user.passwordHash });
      outcome = right ? { userId: user.id } : { failedUserId: user.id };
    }
  } catch (error) {
    await attempt.succeed();
    throw error;
  }
  if ('failedUserId' in outcome) {
    const lockouts = await attempt.fail();
    const userId = outcome.failedUserId;
    await recordLockouts({ db, clock, lockouts, userId, email, ip: options.ip });
    const data = { stage: 'password', email, locked: lockouts.length > 0 };
    await recordSignIn({ db, clock, outcome: 'failed', userId, ip: options.ip, data });
    // the attempt that locks answers like any failure (unknown accounts are throttled alike): no oracle
    throw invalidCredentials();
  }
  await attempt.succeed();
  const client = { ip: options.ip, userAgent: options.userAgent };
  return createStaffSession({ db, clock, userId: outcome.userId, stage: 'password', ...client });
}
