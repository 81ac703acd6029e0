import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { FolderAccess } from '../access/folder-access.js';

/** How long a document is kept after it ends, and where that period comes from. */
export interface RetentionRule {
  days: number;
  /**
   * `folder`: set on `folderId` (the document's folder or the nearest ancestor that sets one); `default`:
   * SEGL_RETENTION_DAYS.
   */
  source: 'folder' | 'default';
  folderId: string | null;
}

export interface RetentionPolicy {
  /**
   * The rule for documents in a folder (null: the top level), or null when they are kept until someone deletes them.
   */
  ruleFor(folderId: string | null): RetentionRule | null;
  /** The shortest period of any rule (null when nothing is ever deleted by retention): a cheap first filter. */
  shortestDays: number | null;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** When a document that ended at `endedAt` is due for deletion under `rule`. */
export function dueAt(endedAt: Date, rule: RetentionRule): Date {
  return new Date(endedAt.getTime() + rule.days * DAY_MS);
}

/**
 * The retention periods of the whole folder tree, read in one query: a folder's own period, else its nearest
 * ancestor's, else the appliance default (`SEGL_RETENTION_DAYS`), else none.
 */
export async function loadRetentionPolicy(options: {
  db: Database;
  defaultDays: number | null;
  transaction?: Transaction;
}): Promise<RetentionPolicy> {
  const rows = await options.db.models.Folder.findAll({
    attributes: ['id', 'parentId', 'retentionDays'],
    raw: true,
    transaction: options.transaction,
  });
  const folders = new Map(rows.map((row) => [row.id, row]));
  const fallback: RetentionRule | null = options.defaultDays
    ? { days: options.defaultDays, source: 'default', folderId: null }
    : null;
  const resolved = new Map<string, RetentionRule | null>();

  const ruleFor = (folderId: string | null): RetentionRule | null => {
    if (folderId === null) return fallback;
    const cached = resolved.get(folderId);
    if (cached !== undefined) return cached;
    const walked: string[] = [];
    let rule: RetentionRule | null = fallback;
    for (let at: string | null = folderId; at !== null && !walked.includes(at); ) {
      const known = resolved.get(at);
      if (known !== undefined) {
        rule = known;
        break;
      }
      walked.push(at);
      const folder = folders.get(at);
      if (!folder) break;
      if (folder.retentionDays) {
        rule = { days: folder.retentionDays, source: 'folder', folderId: folder.id };
        break;
      }
      at = folder.parentId;
    }
    for (const id of walked) resolved.set(id, rule);
    return rule;
  };

  const periods = rows.map((row) => row.retentionDays).filter((days): days is number => Boolean(days));
  if (options.defaultDays) periods.push(options.defaultDays);
  return { ruleFor, shortestDays: periods.length ? Math.min(...periods) : null };
}

/**
 * The rule for one folder, walking up from it by primary key (a few lookups, not the whole tree): for single
 * documents and folders, and inside the erase transaction, where reading the whole tree per document would hold
 * the write lock for long.
 */
export async function retentionRuleFor(options: {
  db: Database;
  folderId: string | null;
  defaultDays: number | null;
  transaction?: Transaction;
}): Promise<RetentionRule | null> {
  const fallback: RetentionRule | null = options.defaultDays
    ? { days: options.defaultDays, source: 'default', folderId: null }
    : null;
  const seen = new Set<string>();
  for (let at = options.folderId; at !== null && !seen.has(at); ) {
    seen.add(at);
    const folder = await options.db.models.Folder.findByPk(at, {
      attributes: ['id', 'parentId', 'retentionDays'],
      raw: true,
      transaction: options.transaction,
    });
    if (!folder) break;
    if (folder.retentionDays) return { days: folder.retentionDays, source: 'folder', folderId: folder.id };
    at = folder.parentId;
  }
  return fallback;
}

/** The rule as a staff user may see it: a folder that sets it but that they cannot see is not named (null). */
export async function visibleRetentionRuleFor(options: {
  db: Database;
  folderId: string | null;
  defaultDays: number | null;
  access: FolderAccess;
}): Promise<RetentionRule | null> {
  const rule = await retentionRuleFor(options);
  if (rule?.folderId && !options.access.roleOn(rule.folderId)) return { ...rule, folderId: null };
  return rule;
}
