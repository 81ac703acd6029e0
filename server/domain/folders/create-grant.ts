import { randomUUID } from 'node:crypto';
import type { GrantRole } from '../../storage/models/grant.js';
import { SeglError } from '../../lib/errors.js';
import { notFound, ROLE_RANK } from '../access/folder-access.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { staffActionOf, type FolderStaffAction } from '../staff-events/staff-action.js';

/**
 * Grants a user or a group a role on a folder (and so on everything below it). Administrators grant anywhere;
 * a manager grants on folders they manage, never above their own role. The subject must exist (422 otherwise).
 */
export async function createGrant(
  options: FolderStaffAction & {
    folderId: string;
    /** Exactly one of userId and groupId (the route's contract guarantees it). */
    userId?: string;
    groupId?: string;
    role: GrantRole;
  },
): Promise<{ id: string }> {
  const { db, access, folderId, role } = options;
  access.require(folderId, 'manager', 'folder');
  const own = access.roleOn(folderId);
  if (own !== 'admin' && own !== undefined && ROLE_RANK[role] > ROLE_RANK[own]) {
    throw new SeglError({ code: 'forbidden', message: 'you cannot grant a role above your own' });
  }
  const userId = options.userId ?? null;
  const groupId = options.groupId ?? null;
  const id = randomUUID();
  await db.transaction(async (transaction) => {
    if (!(await db.models.Folder.findByPk(folderId, { attributes: ['id'], transaction }))) throw notFound('folder');
    if (userId && !(await db.models.User.findByPk(userId, { attributes: ['id'], transaction }))) {
      throw new SeglError({ code: 'unknown_user', message: 'no such user' });
    }
    if (groupId && !(await db.models.Group.findByPk(groupId, { attributes: ['id'], transaction }))) {
      throw new SeglError({ code: 'unknown_group', message: 'no such group' });
    }
    const existing = await db.models.Grant.findOne({
      where: { folderId, userId, groupId },
      attributes: ['id', 'role'],
      transaction,
    });
    if (existing) {
      throw new SeglError({
        code: 'grant_exists',
        message: `this ${userId ? 'user' : 'group'} already holds ${existing.role} here; delete that grant first`,
        details: { grantId: existing.id },
      });
    }
    await db.models.Grant.create({ id, folderId, userId, groupId, role }, { transaction });
    await recordStaffEvent({
      ...staffActionOf(options),
      action: 'grant.created',
      targetType: 'folder',
      targetId: folderId,
      data: { grantId: id, userId, groupId, role },
      transaction,
    });
  });
  return { id };
}
