import type { Database } from '../../storage/database.js';

export interface GroupSummary {
  id: string;
  name: string;
  memberCount: number;
  createdAt: string;
}

/** Every group with its member count, by name. */
export async function listGroups(options: { db: Database }): Promise<GroupSummary[]> {
  const { db } = options;
  const groups = await db.models.Group.findAll({ order: [['name', 'ASC']], raw: true });
  const members = await db.models.GroupMember.findAll({ attributes: ['groupId'], raw: true });
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.groupId, (counts.get(m.groupId) ?? 0) + 1);
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    memberCount: counts.get(g.id) ?? 0,
    createdAt: new Date(g.createdAt!).toISOString(),
  }));
}
