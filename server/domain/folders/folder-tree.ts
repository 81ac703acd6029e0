import type { EffectiveRole, FolderAccess } from '../access/folder-access.js';
import type { Database } from '../../storage/database.js';

export interface FolderNode {
  id: string;
  name: string;
  /** The parent, or null at the top of what the caller can see (a hidden parent is never named). */
  parentId: string | null;
  /** The caller's effective role: `admin`, or the highest grant on the folder or above it. */
  role: EffectiveRole;
  createdAt: string;
  updatedAt: string;
  children: FolderNode[];
}

/** The folders the caller can see as a tree: admins every folder, members their granted folders and subtrees. */
export async function listFolderTree(options: { db: Database; access: FolderAccess }): Promise<FolderNode[]> {
  const { db, access } = options;
  const rows = await db.models.Folder.findAll({
    order: [
      ['name', 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
  });
  const nodes = new Map<string, FolderNode>();
  for (const row of rows) {
    const role = access.roleOn(row.id);
    if (!role) continue;
    nodes.set(row.id, {
      id: row.id,
      name: row.name,
      parentId: row.parentId,
      role,
      createdAt: new Date(row.createdAt!).toISOString(),
      updatedAt: new Date(row.updatedAt!).toISOString(),
      children: [],
    });
  }
  const roots: FolderNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else {
      node.parentId = null;
      roots.push(node);
    }
  }
  return roots;
}
