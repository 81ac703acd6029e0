import { SeglError } from '../../lib/errors.js';
import { defineMembershipChange } from './define-membership-change.js';

/** Adds a user to a group; the user must exist (422), and must not be a member already (409). */
export const addGroupMember = defineMembershipChange({
  action: 'group.member.added',
  change: async ({ db, groupId, userId }, transaction) => {
    if (!(await db.models.User.findByPk(userId, { attributes: ['id'], transaction }))) {
      throw new SeglError({ code: 'unknown_user', message: 'no such user' });
    }
    if (await db.models.GroupMember.findOne({ where: { groupId, userId }, transaction })) {
      throw new SeglError({ code: 'already_member', message: 'the user is already in this group' });
    }
    await db.models.GroupMember.create({ groupId, userId }, { transaction });
  },
});
