import { UniqueConstraintError } from 'sequelize';
import { SeglError } from '../../lib/errors.js';
import { notFound } from '../access/folder-access.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { staffActionOf, type FolderStaffAction } from '../staff-events/staff-action.js';
import { normalizeName } from './folder-name.js';
import { folderNameTaken, rootFoldersAdminOnly } from './folder-errors.js';
import { assertSiblingNameFree } from './folder-sibling.js';

/**
 * Renames and/or moves a folder, and/or sets its retention period. Needs manager on the folder and, to move it,
 * manager on the new parent (the top level is for administrators). Moving a folder into itself or below itself is a
 * 409 `folder_cycle`. The retention period is organisation policy: only administrators set it (403 otherwise).
 */
export async function updateFolder(
  options: FolderStaffAction & {
    folderId: string;
    name?: string;
    /** undefined: stay; null: move to the top level; a string: move below that folder. */
    parentId?: string | null;
    /** undefined: unchanged; null: inherit from the parent (or the appliance default); a number: days after the end. */
    retentionDays?: number | null;
  },
): Promise<void> {
  const { db, access, folderId } = options;
  access.require(folderId, 'manager', 'folder');
  if (options.retentionDays !== undefined && !access.isAdmin) {
    throw new SeglError({ code: 'forbidden', message: 'only administrators set retention periods' });
  }
  const moving = options.parentId !== undefined;
  const targetParent = options.parentId ?? null;
  if (moving) {
    if (targetParent === null && !access.isAdmin) throw rootFoldersAdminOnly();
    access.require(targetParent, 'manager', 'folder');
    if (targetParent !== null && access.isWithin(targetParent, folderId)) {
      throw new SeglError({
        code: 'folder_cycle',
        message: 'a folder cannot move into itself or one of its subfolders',
      });
    }
  }
  const newName = options.name === undefined ? undefined : normalizeName({ name: options.name });
  try {
    await db.transaction(async (transaction) => {
      const folder = await db.models.Folder.findByPk(folderId, { transaction });
      if (!folder) throw notFound('folder');
      if (targetParent && !(await db.models.Folder.findByPk(targetParent, { attributes: ['id'], transaction })))
        throw notFound('folder');
      const before = { name: folder.name, parentId: folder.parentId };
      const after = { name: newName ?? folder.name, parentId: moving ? targetParent : folder.parentId };
      if (after.name !== before.name || after.parentId !== before.parentId) {
        await assertSiblingNameFree({
          db,
          parentId: after.parentId,
          name: after.name,
          exceptId: folderId,
          transaction,
        });
        await folder.update(after, { transaction });
        const action = after.parentId !== before.parentId ? 'folder.moved' : 'folder.renamed';
        await recordStaffEvent({
          ...staffActionOf(options),
          action,
          targetType: 'folder',
          targetId: folderId,
          data: { before, after },
          transaction,
        });
      }
      const retentionBefore = folder.retentionDays ?? null;
      if (options.retentionDays !== undefined && options.retentionDays !== retentionBefore) {
        await folder.update({ retentionDays: options.retentionDays }, { transaction });
        await recordStaffEvent({
          ...staffActionOf(options),
          action: 'folder.retention',
          targetType: 'folder',
          targetId: folderId,
          data: { before: retentionBefore, after: options.retentionDays },
          transaction,
        });
      }
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw folderNameTaken();
    throw error;
  }
}
