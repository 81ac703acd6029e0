import { SeglError } from '../../lib/errors.js';
import { changeGroupMembership, type GroupMemberChange } from './change-group-membership.js';

/** Takes a user out of a group (404 when the group does not exist or the user is not in it). */
export async function removeGroupMember(options: GroupMemberChange): Promise<void> {
  const { db, groupId, userId } = options;
  await changeGroupMembership({
    ...options,
    action: 'group.member.removed',
    change: async (transaction) => {
      const removed = await db.models.GroupMember.destroy({ where: { groupId, userId }, transaction });
      if (removed === 0) throw new SeglError({ code: 'not_found', message: 'the user is not in this group' });
    },
  });
}
