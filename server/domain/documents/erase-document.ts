import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { DocumentAttributes } from '../../storage/models/document.js';
import type { Row } from '../../storage/models/model-definition.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { queueEventTimestamp } from '../audit/queue-event-timestamp.js';
import type { AuditActor } from '../audit/audit-actor.js';
import { recordDocumentEvent } from './record-document-event.js';
import { shredDocument, signerIdsOf } from './shred-document.js';
import type { RequestOrigin } from '../request-origin.js';

/**
 * Erasure: everything but the tombstone goes, inside the caller's transaction (with the document row locked). The
 * key and blobs are shredded; the signers, their audit events, webhook deliveries, finished jobs and the title are
 * erased; staff events about the document lose their details; and one `document.deleted` event continues the chain
 * from the erased events' last hash, which the tombstone keeps with the original's and the final file's hashes; that
 * event gets its own RFC 3161 token (queued), since nothing else will prove the tombstone's statement.
 * Returns the blob files to remove once the transaction has committed (see removeDocumentCopies).
 */
export async function eraseDocument(
  options: RequestOrigin & {
    db: Database;
    transaction: Transaction;
    document: Row<DocumentAttributes>;
    /** The real time of the erasure (recorded in the tombstone and the event), never a time the caller pretends. */
    now: Date;
    actor: AuditActor;
    /** The staff user who asked (null: the appliance, by retention). */
    actorId: string | null;
    /** Why, for the deletion event: `retention` (with the rule) or `request` (a manager's erasure). */
    data: { reason: 'retention' | 'request' } & Record<string, unknown>;
  },
): Promise<string[]> {
  const { db, transaction, document, now } = options;
  const documentId = document.id;
  const statusBefore = document.status;
  const erasedEvents = document.auditSeq ?? 0;
  const blobNames = await shredDocument({ db, documentId, transaction });
  const signerIds = await signerIdsOf({ db, documentId, transaction });
  await db.models.AuditEvent.destroy({ where: { documentId }, transaction });
  await db.models.WebhookDelivery.destroy({ where: { documentId }, transaction });
  // jobs about the document: finished ones, and mails and sender notices not yet sent (mails carry names, addresses
  // and links, sealed only under the KEK); a running job finishes and finds the document gone
  await db.models.Job.destroy({
    where: {
      documentId,
      [Op.or]: [
        { status: { [Op.in]: ['done', 'failed'] } },
        { kind: { [Op.in]: ['send-mail', 'notify-sender'] }, status: { [Op.ne]: 'running' } },
        // a mail whose worker died (its lease ran out) would be taken back and sent after the erasure
        { kind: 'send-mail', status: 'running', lockedUntil: { [Op.lt]: now } },
      ],
    },
    transaction,
  });
  if (signerIds.length) await db.models.Signer.destroy({ where: { id: signerIds }, transaction });
  await db.models.StaffEvent.update(
    { data: null },
    { where: { targetType: 'document', targetId: documentId }, transaction },
  );
  await document.update(
    {
      status: 'deleted',
      deletedAt: document.deletedAt ?? now,
      title: '',
      searchText: document.code.toLowerCase(),
      legalHoldReason: null,
      auditErasedSeq: erasedEvents,
      auditErasedHead: document.auditHead ?? null,
      updatedAt: now,
    },
    { transaction },
  );
  await recordDocumentEvent({
    db,
    at: now,
    actorId: options.actorId,
    action: 'document.deleted',
    documentId,
    ip: options.ip,
    data: { reason: options.data.reason },
    transaction,
  });
  const deleted = await appendAuditEvent({
    db,
    transaction,
    documentId,
    type: 'document.deleted',
    at: now,
    actor: options.actor,
    ip: options.ip,
    userAgent: options.userAgent,
    data: {
      status: 'deleted',
      statusBefore,
      ...options.data,
      erasedEvents,
      sha256: document.sha256,
      finalSha256: document.finalSha256 ?? null,
    },
  });
  await queueEventTimestamp({ db, transaction, event: deleted, now });
  return blobNames;
}
