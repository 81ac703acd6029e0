import type { Transaction } from 'sequelize';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';
import { groupNotFound } from './group-errors.js';

/** Who adds or removes which user in which group. */
export interface GroupMemberChange extends StaffAction {
  groupId: string;
  userId: string;
}

/**
 * A membership change as a use case: in one transaction, 404 when the group does not exist, then `change` (which
 * throws to refuse), then the staff event `action` naming the user.
 */
export function defineMembershipChange(definition: {
  action: 'group.member.added' | 'group.member.removed';
  change: (options: GroupMemberChange, transaction: Transaction) => Promise<void>;
}): (options: GroupMemberChange) => Promise<void> {
  return async (options) => {
    const { db, clock, groupId, userId } = options;
    await db.transaction(async (transaction) => {
      if (!(await db.models.Group.findByPk(groupId, { attributes: ['id'], transaction }))) throw groupNotFound();
      await definition.change(options, transaction);
      await recordStaffEvent({
        db,
        clock,
        actorId: options.actorId,
        action: definition.action,
        targetType: 'group',
        targetId: groupId,
        ip: options.ip,
        data: { userId },
        transaction,
      });
    });
  };
}
