import { notFound } from '../access/folder-access.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { staffActionOf, type FolderStaffAction } from '../staff-events/staff-action.js';

/** Removes a grant made on this folder (404 when the grant belongs elsewhere); managers and administrators. */
export async function deleteGrant(
  options: FolderStaffAction & {
    folderId: string;
    grantId: string;
  },
): Promise<void> {
  const { db, access, folderId, grantId } = options;
  access.require(folderId, 'manager', 'folder');
  await db.transaction(async (transaction) => {
    const grant = await db.models.Grant.findOne({ where: { id: grantId, folderId }, transaction });
    if (!grant) throw notFound('grant');
    await grant.destroy({ transaction });
    await recordStaffEvent({
      ...staffActionOf(options),
      action: 'grant.deleted',
      targetType: 'folder',
      targetId: folderId,
      data: { grantId, userId: grant.userId, groupId: grant.groupId, role: grant.role },
      transaction,
    });
  });
}
