import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';

/** After this many failed password or TOTP attempts in a row the account is locked for LOCK_MS. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;

export function rateLimited(retryAfterSeconds: number, message = 'too many attempts; try again later'): SeglError {
  return new SeglError({ code: 'rate_limited', message, status: 429, details: { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) } });
}

/** Throws 429 `rate_limited` (with the seconds to wait) while the account is locked. */
export function assertNotLocked(options: { user: { lockedUntil: Date | null }; clock: Clock }): void {
  const until = options.user.lockedUntil?.getTime() ?? 0;
  const now = options.clock.now().getTime();
  if (until > now) throw rateLimited((until - now) / 1000);
}

/** Counts a failed attempt; the MAX_FAILED_LOGINS-th locks the account (and returns true). */
export async function recordFailedLogin(options: { db: Database; clock: Clock; userId: string }): Promise<boolean> {
  const { db, clock, userId } = options;
  await db.models.User.increment('failedLogins', { by: 1, where: { id: userId } });
  const user = await db.models.User.findByPk(userId, { attributes: ['id', 'failedLogins'] });
  if (!user || user.failedLogins < MAX_FAILED_LOGINS) return false;
  await db.models.User.update({ failedLogins: 0, lockedUntil: new Date(clock.now().getTime() + LOCK_MS) }, { where: { id: userId } });
  return true;
}

export async function clearFailedLogins(options: { db: Database; userId: string }): Promise<void> {
  await options.db.models.User.update({ failedLogins: 0, lockedUntil: null }, { where: { id: options.userId } });
}
