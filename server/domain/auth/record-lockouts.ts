import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { Lockout } from './attempt-throttle.js';

/**
 * Every lockout is a staff event (`auth.locked`), and an account's lockout shows on the user (status `locked`,
 * until when) so that administrators see it and can unlock.
 */
export async function recordLockouts(options: {
  db: Database;
  clock: Clock;
  lockouts: Lockout[];
  userId?: string | null;
  email?: string;
  ip?: string | null;
}): Promise<void> {
  const { db, clock } = options;
  const emailOf = (lockout: Lockout) => (lockout.kind === 'account' && options.email ? { email: options.email } : {});
  for (const lockout of options.lockouts) {
    const network = lockout.kind === 'network' ? lockout.key.replace(/^net:/, '') : undefined;
    if (lockout.kind === 'account' && options.userId) {
      await db.models.User.update({ lockedUntil: lockout.until }, { where: { id: options.userId } });
    }
    await recordStaffEvent({
      db,
      clock,
      action: 'auth.locked',
      actorId: null,
      targetType: lockout.kind === 'network' ? 'network' : lockout.key.startsWith('link:') ? 'enrolment_link' : 'user',
      targetId: network ?? options.userId ?? null,
      ip: options.ip,
      data: {
        scope: lockout.kind,
        until: lockout.until.toISOString(),
        failures: lockout.failures,
        ...emailOf(lockout),
      },
    });
  }
}
