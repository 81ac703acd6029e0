import { SeglError } from '../../lib/errors.js';
import { defineMembershipChange } from './define-membership-change.js';

/** Takes a user out of a group (404 when the group does not exist or the user is not in it). */
export const removeGroupMember = defineMembershipChange({
  action: 'group.member.removed',
  change: async ({ db, groupId, userId }, transaction) => {
    const removed = await db.models.GroupMember.destroy({ where: { groupId, userId }, transaction });
    if (removed === 0) throw new SeglError({ code: 'not_found', message: 'the user is not in this group' });
  },
});
