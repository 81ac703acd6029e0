import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';

/** The staff event of a sign-in step, for the account it names (`auth.login_succeeded` or `auth.login_failed`). */
export function recordSignIn(options: {
  db: Database;
  clock: Clock;
  outcome: 'succeeded' | 'failed';
  /** null when no account matched. */
  userId: string | null;
  ip?: string | null;
  data: Record<string, unknown>;
}): Promise<{ id: string }> {
  const { db, clock, userId, ip, data } = options;
  const action = `auth.login_${options.outcome}`;
  return recordStaffEvent({ db, clock, action, actorId: userId, targetType: 'user', targetId: userId, ip, data });
}
