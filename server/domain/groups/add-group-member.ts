import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { groupNotFound } from './group-errors.js';

/** Adds a user to a group; the user must exist (422), and must not be a member already (409). */
export async function addGroupMember(options: {
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
    if (!(await db.models.User.findByPk(userId, { attributes: ['id'], transaction }))) {
      throw new SeglError({ code: 'unknown_user', message: 'no such user' });
    }
    if (await db.models.GroupMember.findOne({ where: { groupId, userId }, transaction })) {
      throw new SeglError({ code: 'already_member', message: 'the user is already in this group' });
    }
    await db.models.GroupMember.create({ groupId, userId }, { transaction });
    await recordStaffEvent({
      db,
      clock,
      actorId: options.actorId,
      action: 'group.member.added',
      targetType: 'group',
      targetId: groupId,
      ip: options.ip,
      data: { userId },
      transaction,
    });
  });
}
