import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { groupNotFound } from './group-errors.js';

export interface GroupDetails {
  id: string;
  name: string;
  members: Array<{ id: string; name: string; email: string; role: 'admin' | 'member' }>;
  createdAt: string;
}

/** A group with its members (404 when it does not exist). */
export async function getGroup(options: { db: Database; groupId: string }): Promise<GroupDetails> {
  const { db, groupId } = options;
  const group = await db.models.Group.findByPk(groupId, { raw: true });
  if (!group) throw groupNotFound();
  const memberships = await db.models.GroupMember.findAll({ where: { groupId }, attributes: ['userId'], raw: true });
  const users = await db.models.User.findAll({
    where: { id: { [Op.in]: memberships.map((m) => m.userId) } },
    attributes: ['id', 'name', 'email', 'role'],
    order: [['name', 'ASC']],
    raw: true,
  });
  return {
    id: group.id,
    name: group.name,
    members: users.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role })),
    createdAt: new Date(group.createdAt!).toISOString(),
  };
}
