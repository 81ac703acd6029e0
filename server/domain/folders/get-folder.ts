import type { Database } from '../../storage/database.js';
import { notFound, type EffectiveRole, type FolderAccess } from '../access/folder-access.js';
import { visibleRetentionRuleFor, type RetentionRule } from '../retention/retention-policy.js';

export interface FolderDetails {
  id: string;
  name: string;
  parentId: string | null;
  role: EffectiveRole;
  /** Visible ancestors, top first (hidden ones are left out). */
  path: Array<{ id: string; name: string }>;
  children: Array<{ id: string; name: string }>;
  documentCount: number;
  /** The period set on this folder itself (null: inherited). */
  retentionDays: number | null;
  /**
   * The period that applies here, and where it is set (this folder, an ancestor, or the appliance default); null: kept.
   */
  retention: RetentionRule | null;
  createdAt: string;
  updatedAt: string;
}

/** One folder the caller can see (404 otherwise), with its visible path, subfolders and document count. */
export async function getFolder(options: {
  db: Database;
  access: FolderAccess;
  folderId: string;
  defaultRetentionDays: number | null;
}): Promise<FolderDetails> {
  const { db, access, folderId } = options;
  const role = access.roleOn(folderId);
  const folder = role ? await db.models.Folder.findByPk(folderId, { raw: true }) : null;
  if (!role || !folder) throw notFound('folder');
  const path: Array<{ id: string; name: string }> = [];
  const seen = new Set<string>([folder.id]);
  for (let at = folder.parentId; at && !seen.has(at) && access.roleOn(at); ) {
    seen.add(at);
    const parent = await db.models.Folder.findByPk(at, { attributes: ['id', 'name', 'parentId'], raw: true });
    if (!parent) break;
    path.unshift({ id: parent.id, name: parent.name });
    at = parent.parentId;
  }
  const children = await db.models.Folder.findAll({
    where: { parentId: folderId },
    attributes: ['id', 'name'],
    order: [['name', 'ASC']],
    raw: true,
  });
  const documentCount = await db.models.Document.count({ where: { folderId, deletedAt: null } });
  return {
    id: folder.id,
    name: folder.name,
    parentId: folder.parentId && access.roleOn(folder.parentId) ? folder.parentId : null,
    role,
    path,
    children: children.map((c) => ({ id: c.id, name: c.name })),
    documentCount,
    retentionDays: folder.retentionDays ?? null,
    retention: await visibleRetentionRuleFor({ db, folderId, defaultDays: options.defaultRetentionDays, access }),
    createdAt: new Date(folder.createdAt!).toISOString(),
    updatedAt: new Date(folder.updatedAt!).toISOString(),
  };
}
