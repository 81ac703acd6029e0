import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { formatDocumentCode } from '../documents/document-code.js';
import { findDueDocuments, findHeldDocuments, type DueDocument } from './find-due-documents.js';
import { loadRetentionPolicy } from './retention-policy.js';

export interface DueDocumentView {
  id: string;
  code: string;
  title: string;
  folderId: string | null;
  status: DueDocument['status'];
  endedAt: string;
  dueAt: string;
  retention: { days: number; source: 'folder' | 'default'; folderId: string | null };
}

export interface RetentionPreview {
  now: string;
  documents: DueDocumentView[];
  more: boolean;
  held: (DueDocumentView & { legalHold: { reason: string | null } })[];
  moreHeld: boolean;
}

/**
 * What a retention run now would delete, oldest end first (at most `limit`), and what legal holds keep past their
 * period: the same as `segl retention run --dry-run`.
 */
export async function previewRetention(options: {
  db: Database;
  clock: Clock;
  defaultRetentionDays: number | null;
  limit: number;
}): Promise<RetentionPreview> {
  const { db, limit } = options;
  const now = options.clock.now();
  const policy = await loadRetentionPolicy({ db, defaultDays: options.defaultRetentionDays });
  const { due, next } = await findDueDocuments({ db, policy, now, limit });
  const held = await findHeldDocuments({ db, policy, now, limit });
  const ids = [...due, ...held.held].map((d) => d.id);
  const rows = await db.models.Document.findAll({
    where: { id: { [Op.in]: ids } },
    attributes: ['id', 'title'],
    raw: true,
  });
  const titles = new Map(rows.map((row) => [row.id, row.title]));
  const more = next ? (await findDueDocuments({ db, policy, now, limit: 1, after: next })).due.length > 0 : false;
  const moreHeld = held.next
    ? (await findHeldDocuments({ db, policy, now, limit: 1, after: held.next })).held.length > 0
    : false;
  const describe = (d: DueDocument): DueDocumentView => ({
    id: d.id,
    code: formatDocumentCode(d.code),
    title: titles.get(d.id) ?? '',
    folderId: d.folderId,
    status: d.status,
    endedAt: d.endedAt.toISOString(),
    dueAt: d.dueAt.toISOString(),
    retention: { days: d.rule.days, source: d.rule.source, folderId: d.rule.folderId },
  });
  return {
    now: now.toISOString(),
    documents: due.map(describe),
    more,
    held: held.held.map((d) => ({ ...describe(d), legalHold: d.legalHold })),
    moreHeld,
  };
}
