import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { folderNameTaken } from './folder-errors.js';

/**
 * Refuses a name another folder under the same parent already has. The unique index (parent_id, name) catches
 * races below a parent; at the top level (parent NULL) SQL treats NULLs as distinct, so this check is the guard.
 */
export async function assertSiblingNameFree(options: {
  db: Database;
  parentId: string | null;
  name: string;
  exceptId?: string;
  transaction?: Transaction;
}): Promise<void> {
  const where: Record<string | symbol, unknown> = { parentId: options.parentId, name: options.name };
  if (options.exceptId) where.id = { [Op.ne]: options.exceptId };
  const clash = await options.db.models.Folder.findOne({ where, attributes: ['id'], transaction: options.transaction });
  if (clash) throw folderNameTaken();
}
