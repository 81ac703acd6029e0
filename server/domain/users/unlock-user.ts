import { SeglError } from '../../lib/errors.js';
import { clearAccountThrottle } from '../auth/attempt-throttle.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';
import { describeUser, type UserView } from './describe-user.js';

/** An administrator lifts a sign-in lockout: the account's failed attempts are forgotten on every network. */
export async function unlockUser(options: StaffAction & { userId: string }): Promise<UserView> {
  const { db, clock } = options;
  const user = await db.models.User.findByPk(options.userId);
  if (!user) throw new SeglError({ code: 'not_found', message: 'user not found' });
  const wasLocked = Boolean(user.lockedUntil && user.lockedUntil > clock.now());
  await clearAccountThrottle({ db, scope: 'account', subject: user.email });
  await db.models.User.update({ lockedUntil: null, failedLogins: 0 }, { where: { id: user.id } });
  const event = {
    action: 'user.unlocked',
    actorId: options.actorId,
    targetType: 'user',
    targetId: user.id,
    ip: options.ip,
  };
  await recordStaffEvent({ db, clock, ...event, data: { wasLocked } });
  await user.reload();
  return describeUser({ user, now: clock.now() });
}
