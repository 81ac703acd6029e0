import type { DocumentArchive } from '../documents/document-archive.js';
import { eraseDocument } from '../documents/erase-document.js';
import { removeDocumentCopies } from '../documents/remove-document-copies.js';
import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { retentionApplies } from './find-due-documents.js';
import { dueAt, retentionRuleFor } from './retention-policy.js';

export type EraseOutcome = 'erased' | 'not-due';

/**
 * Deletion by retention: the document is erased to its tombstone (see eraseDocument), in one transaction with the row
 * locked and its due date checked again against the periods as they are now, because a legal hold, a policy change,
 * a move or another node may have come first. `now` decides what is due (`segl retention run --now`); the tombstone
 * and the audit event record the clock's real time of the erasure.
 */
export async function eraseDueDocument(options: {
  archive: DocumentArchive;
  defaultDays: number | null;
  documentId: string;
  now: Date;
}): Promise<EraseOutcome> {
  const { archive, documentId, now } = options;
  const { db, clock } = archive;
  const result = await db.transaction(async (transaction) => {
    const document = await db.models.Document.findByPk(documentId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!document || !retentionApplies(document)) return { outcome: 'not-due' as const, blobNames: [] };
    const rule = await retentionRuleFor({
      db,
      folderId: document.folderId,
      defaultDays: options.defaultDays,
      transaction,
    });
    const due = rule ? dueAt(new Date(document.endedAt!), rule) : undefined;
    if (!rule || !due || due.getTime() > now.getTime()) return { outcome: 'not-due' as const, blobNames: [] };
    const blobNames = await eraseDocument({
      db,
      transaction,
      document,
      now: clock.now(),
      actor: SYSTEM_ACTOR,
      actorId: null,
      data: {
        reason: 'retention',
        endedAt: new Date(document.endedAt!).toISOString(),
        dueAt: due.toISOString(),
        retentionDays: rule.days,
        retentionSource: rule.source,
        retentionFolderId: rule.folderId,
      },
    });
    return { outcome: 'erased' as const, blobNames };
  });
  if (result.outcome === 'erased') {
    await removeDocumentCopies({ archive, documentId, blobNames: result.blobNames });
  }
  return result.outcome;
}
