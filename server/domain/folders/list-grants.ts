import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { GrantRole } from '../../storage/models/grant.js';
import { notFound, type FolderAccess } from '../access/folder-access.js';

export interface GrantView {
  id: string;
  folderId: string;
  role: GrantRole;
  user: { id: string; name: string; email: string } | null;
  group: { id: string; name: string } | null;
  createdAt: string;
}

/** The grants made directly on a folder (who holds what there); managers and administrators only. */
export async function listGrants(options: {
  db: Database;
  access: FolderAccess;
  folderId: string;
}): Promise<GrantView[]> {
  const { db, access, folderId } = options;
  access.require(folderId, 'manager', 'folder');
  if (!(await db.models.Folder.findByPk(folderId, { attributes: ['id'] }))) throw notFound('folder');
  const grants = await db.models.Grant.findAll({
    where: { folderId },
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
  });
  const userIds = grants.flatMap((g) => (g.userId ? [g.userId] : []));
  const groupIds = grants.flatMap((g) => (g.groupId ? [g.groupId] : []));
  const users = new Map(
    (
      await db.models.User.findAll({
        where: { id: { [Op.in]: userIds } },
        attributes: ['id', 'name', 'email'],
        raw: true,
      })
    ).map((u) => [u.id, u]),
  );
  const groups = new Map(
    (
      await db.models.Group.findAll({ where: { id: { [Op.in]: groupIds } }, attributes: ['id', 'name'], raw: true })
    ).map((g) => [g.id, g]),
  );
  return grants.map((g) => {
    const user = g.userId ? users.get(g.userId) : undefined;
    const group = g.groupId ? groups.get(g.groupId) : undefined;
    return {
      id: g.id,
      folderId: g.folderId,
      role: g.role,
      user: user ? { id: user.id, name: user.name, email: user.email } : null,
      group: group ? { id: group.id, name: group.name } : null,
      createdAt: new Date(g.createdAt!).toISOString(),
    };
  });
}
