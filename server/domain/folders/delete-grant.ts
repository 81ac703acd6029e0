import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { notFound, type FolderAccess } from '../access/folder-access.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';

/** Removes a grant made on this folder (404 when the grant belongs elsewhere); managers and administrators. */
export async function deleteGrant(options: {
  db: Database;
  clock: Clock;
  access: FolderAccess;
  folderId: string;
  grantId: string;
  ip?: string | null;
}): Promise<void> {
  const { db, clock, access, folderId, grantId } = options;
  access.require(folderId, 'manager', 'folder');
  await db.transaction(async (transaction) => {
    const grant = await db.models.Grant.findOne({ where: { id: grantId, folderId }, transaction });
    if (!grant) throw notFound('grant');
    await grant.destroy({ transaction });
    await recordStaffEvent({
      db,
      clock,
      actorId: access.principal.userId,
      action: 'grant.deleted',
      targetType: 'folder',
      targetId: folderId,
      ip: options.ip,
      data: { grantId, userId: grant.userId, groupId: grant.groupId, role: grant.role },
      transaction,
    });
  });
}
