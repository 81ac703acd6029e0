import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { groupNotFound } from './group-errors.js';

/** Takes a user out of a group (404 when the group does not exist or the user is not in it). */
export async function removeGroupMember(options: {
  db: Database;
  clock: Clock;
  actorId: string;
  groupId: string;
  userId: string;
  ip?: string | null;
}): Promise<void> {
  const { db, clock, groupId, userId } = options;
  await db.transaction(async (transaction) => {
    if (!(await db.models.Group.findByPk(groupId, { attributes: ['id'], transaction }))) throw groupNotFound();
    const removed = await db.models.GroupMember.destroy({ where: { groupId, userId }, transaction });
    if (removed === 0) throw new SeglError({ code: 'not_found', message: 'the user is not in this group' });
    await recordStaffEvent({
      db,
      clock,
      actorId: options.actorId,
      action: 'group.member.removed',
      targetType: 'group',
      targetId: groupId,
      ip: options.ip,
      data: { userId },
      transaction,
    });
  });
}
