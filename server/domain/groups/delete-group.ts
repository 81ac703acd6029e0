import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';
import { groupNotFound } from './group-errors.js';

/** Deletes a group with its memberships and the grants it held (the event keeps the count). */
export async function deleteGroup(options: StaffAction & { groupId: string }): Promise<void> {
  const { db, clock, groupId } = options;
  await db.transaction(async (transaction) => {
    const group = await db.models.Group.findByPk(groupId, { transaction });
    if (!group) throw groupNotFound();
    const grants = await db.models.Grant.destroy({ where: { groupId }, transaction });
    const members = await db.models.GroupMember.destroy({ where: { groupId }, transaction });
    await group.destroy({ transaction });
    await recordStaffEvent({
      db,
      clock,
      actorId: options.actorId,
      action: 'group.deleted',
      targetType: 'group',
      targetId: groupId,
      ip: options.ip,
      data: { name: group.name, grants, members },
      transaction,
    });
  });
}
