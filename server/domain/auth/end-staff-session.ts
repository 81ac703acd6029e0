import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { deleteStaffSession, findStaffSession } from './staff-sessions.js';

/** Ends the session behind a cookie (of any stage) and records the logout; nothing to do without one. */
export async function endStaffSession(options: {
  db: Database;
  clock: Clock;
  sessionToken: string | undefined;
  ip?: string | null;
}): Promise<void> {
  const { db, clock } = options;
  const session = await findStaffSession({ db, clock, token: options.sessionToken });
  if (!session) return;
  await deleteStaffSession({ db, sessionId: session.id });
  const actorId = session.userId;
  await recordStaffEvent({
    db,
    clock,
    action: 'auth.logout',
    actorId,
    targetType: 'user',
    targetId: actorId,
    ip: options.ip,
  });
}
