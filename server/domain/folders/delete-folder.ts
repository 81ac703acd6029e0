import { Op } from 'sequelize';
import { SeglError } from '../../lib/errors.js';
import { notFound } from '../access/folder-access.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { staffActionOf, type FolderStaffAction } from '../staff-events/staff-action.js';

/**
 * Deletes an empty folder (no subfolders, no documents that still exist) with its grants; needs manager on it.
 * Tombstones of purged documents that pointed at it move to the top level, so they do not block deletion.
 */
export async function deleteFolder(
  options: FolderStaffAction & {
    folderId: string;
  },
): Promise<void> {
  const { db, access, folderId } = options;
  access.require(folderId, 'manager', 'folder');
  await db.transaction(async (transaction) => {
    const folder = await db.models.Folder.findByPk(folderId, { transaction });
    if (!folder) throw notFound('folder');
    const subfolders = await db.models.Folder.count({ where: { parentId: folderId }, transaction });
    const documents = await db.models.Document.count({
      where: { folderId, deletedAt: null, status: { [Op.ne]: 'deleted' } },
      transaction,
    });
    if (subfolders > 0 || documents > 0) {
      throw new SeglError({
        code: 'folder_not_empty',
        message: `the folder still holds ${subfolders} subfolder(s) and ${documents} document(s)`,
        details: { subfolders, documents },
      });
    }
    await db.models.Document.update({ folderId: null }, { where: { folderId }, transaction });
    await db.models.Grant.destroy({ where: { folderId }, transaction });
    await folder.destroy({ transaction });
    await recordStaffEvent({
      ...staffActionOf(options),
      action: 'folder.deleted',
      targetType: 'folder',
      targetId: folderId,
      data: { name: folder.name, parentId: folder.parentId },
      transaction,
    });
  });
}
