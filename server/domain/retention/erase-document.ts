import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import { shredDocument, signerIdsOf } from '../documents/shred-document.js';
import { recordDocumentEvent } from '../documents/record-document-event.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { ENDED_STATUSES } from './find-due-documents.js';
import { dueAt, type RetentionPolicy } from './retention-policy.js';

export type EraseOutcome = 'erased' | 'not-due';

/**
 * Deletion by retention: everything but the tombstone goes. In one transaction, with the document row locked and its
 * due date checked again (a legal hold, a policy change or another node may have come first): the key and blobs are
 * shredded, the signers, their audit events, webhook deliveries and the title are erased, staff events about the
 * document lose their details, and one `document.deleted` event continues the chain from the erased events' last
 * hash, which the tombstone keeps with the original's and the final file's hashes.
 */
export async function eraseDueDocument(options: { archive: DocumentArchive; policy: RetentionPolicy; documentId: string; now: Date }): Promise<EraseOutcome> {
  const { archive, policy, documentId, now } = options;
  const db: Database = archive.db;
  const result = await db.transaction(async (transaction) => {
    const document = await db.models.Document.findByPk(documentId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!document || !(ENDED_STATUSES as readonly string[]).includes(document.status) || document.legalHold || !document.endedAt) return { outcome: 'not-due' as const, blobNames: [] };
    const rule = policy.ruleFor(document.folderId);
    if (!rule || dueAt(new Date(document.endedAt), rule).getTime() > now.getTime()) return { outcome: 'not-due' as const, blobNames: [] };

    const statusBefore = document.status;
    const erasedEvents = document.auditSeq ?? 0;
    const blobNames = await shredDocument({ db, documentId, transaction });
    const signerIds = await signerIdsOf({ db, documentId, transaction });
    await db.models.AuditEvent.destroy({ where: { documentId }, transaction });
    await db.models.WebhookDelivery.destroy({ where: { documentId }, transaction });
    // finished jobs about the document (sealed mails to its signers, its seal); running ones finish and find it gone
    await db.models.Job.destroy({ where: { documentId, status: { [Op.in]: ['done', 'failed'] } }, transaction });
    if (signerIds.length) await db.models.Signer.destroy({ where: { id: signerIds }, transaction });
    await db.models.StaffEvent.update({ data: null }, { where: { targetType: 'document', targetId: documentId }, transaction });
    await document.update(
      { status: 'deleted', deletedAt: now, title: '', auditErasedSeq: erasedEvents, auditErasedHead: document.auditHead ?? null, updatedAt: now },
      { transaction },
    );
    await recordDocumentEvent({ db, at: now, actorId: null, action: 'document.deleted', documentId, data: { reason: 'retention' }, transaction });
    await appendAuditEvent({
      db,
      transaction,
      documentId,
      type: 'document.deleted',
      at: now,
      actor: SYSTEM_ACTOR,
      data: {
        status: 'deleted',
        reason: 'retention',
        statusBefore,
        endedAt: new Date(document.endedAt).toISOString(),
        retentionDays: rule.days,
        retentionSource: rule.source,
        retentionFolderId: rule.folderId,
        erasedEvents,
        sha256: document.sha256,
        finalSha256: document.finalSha256 ?? null,
      },
    });
    return { outcome: 'erased' as const, blobNames };
  });
  for (const name of result.blobNames) {
    await archive.blobs.remove({ name }).catch((error: unknown) => archive.logger?.warn({ err: error, documentId }, 'blob file not removed; repairStorage will'));
  }
  return result.outcome;
}
