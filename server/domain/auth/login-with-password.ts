import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { normalizeEmail } from '../users/create-user.js';
import { burnDummyHash, verifyPassword } from './password-hash.js';
import { assertNotLocked, recordFailedLogin } from './login-lockout.js';
import { createStaffSession, type IssuedSession } from './staff-sessions.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';

export function invalidCredentials(): SeglError {
  return new SeglError({ code: 'invalid_credentials', message: 'the e-mail address or password is wrong', status: 401 });
}

/**
 * The first factor: a correct password for an enrolled, active account gives a `password`-stage session that
 * only the TOTP step accepts. Unknown e-mail, wrong password, disabled or not yet enrolled all answer the same
 * 401 after the same scrypt work.
 */
export async function loginWithPassword(options: {
  db: Database;
  clock: Clock;
  email: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<IssuedSession> {
  const { db, clock } = options;
  const email = normalizeEmail(options.email);
  // defence in depth: control characters (a NUL cuts SQLite's statement) never match an account
  const user = /[\u0000-\u001f\u007f]/.test(email) ? null : await db.models.User.findOne({ where: { email } });
  const usable = user && !user.disabledAt && user.passwordHash && user.totpConfirmedAt;
  if (!user || !usable) {
    await burnDummyHash(options.password);
    await recordStaffEvent({ db, clock, action: 'auth.login_failed', actorId: user?.id ?? null, targetType: 'user', targetId: user?.id ?? null, ip: options.ip, data: { stage: 'password', email } });
    throw invalidCredentials();
  }
  assertNotLocked({ user, clock });
  const ok = await verifyPassword({ password: options.password, hash: user.passwordHash });
  if (!ok) {
    const locked = await recordFailedLogin({ db, clock, userId: user.id });
    await recordStaffEvent({ db, clock, action: 'auth.login_failed', actorId: user.id, targetType: 'user', targetId: user.id, ip: options.ip, data: { stage: 'password', locked } });
    // the attempt that locks answers like any failure (unknown accounts are throttled after as many): no oracle
    throw invalidCredentials();
  }
  return createStaffSession({ db, clock, userId: user.id, stage: 'password', ip: options.ip, userAgent: options.userAgent });
}
