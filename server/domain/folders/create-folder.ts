import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { notFound } from '../access/folder-access.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { staffActionOf, type FolderStaffAction } from '../staff-events/staff-action.js';
import { normalizeName } from './folder-name.js';
import { folderNameTaken, rootFoldersAdminOnly } from './folder-errors.js';
import { assertSiblingNameFree } from './folder-sibling.js';

/** Creates a folder: administrators anywhere, members only below a folder they manage. */
export async function createFolder(
  options: FolderStaffAction & {
    name: string;
    parentId?: string | null;
  },
): Promise<{ id: string }> {
  const { db, access } = options;
  const parentId = options.parentId ?? null;
  if (parentId === null && !access.isAdmin) throw rootFoldersAdminOnly();
  access.require(parentId, 'manager', 'folder');
  const name = normalizeName({ name: options.name });
  const id = randomUUID();
  try {
    await db.transaction(async (transaction) => {
      if (parentId && !(await db.models.Folder.findByPk(parentId, { attributes: ['id'], transaction })))
        throw notFound('folder');
      await assertSiblingNameFree({ db, parentId, name, transaction });
      await db.models.Folder.create({ id, name, parentId }, { transaction });
      await recordStaffEvent({
        ...staffActionOf(options),
        action: 'folder.created',
        targetType: 'folder',
        targetId: id,
        data: { name, parentId },
        transaction,
      });
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw folderNameTaken();
    throw error;
  }
  return { id };
}
