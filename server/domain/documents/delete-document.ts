import { SeglError } from '../../lib/errors.js';
import type { FolderAccess } from '../access/folder-access.js';
import type { DocumentArchive } from './document-archive.js';
import { lockVisibleDocument } from './find-visible-document.js';
import { recordDocumentEvent } from './record-document-event.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { queueEventTimestamp } from '../audit/queue-event-timestamp.js';
import { staffActor } from '../audit/audit-actor.js';
import { viewDocument, type DocumentView } from './document-view.js';
import { shredDocument } from './shred-document.js';
import { eraseDocument } from './erase-document.js';
import { removeDocumentCopies } from './remove-document-copies.js';
import type { RequestOrigin } from '../request-origin.js';

/**
 * Crypto-shredding: in one transaction the wrapped session key and the blob rows go and the document becomes a
 * tombstone (status `deleted`, hash and code kept); then the blob files are removed. Without the wrapped key no copy
 * of a blob (a backup of DATA/blobs, say) can be decrypted; a crash before the files go leaves orphans that
 * `repairStorage` removes. The audit trail stays as evidence, unless `erase` asks for erasure (a data subject's
 * request): then the title, signers and audit events go too, as retention does (see eraseDocument), also for a
 * document deleted earlier. Needs the manager role; a document on legal hold is refused (409 `legal_hold`).
 */
export async function deleteDocument(
  options: RequestOrigin & {
    archive: DocumentArchive;
    access: FolderAccess;
    documentId: string;
    erase?: boolean;
  },
): Promise<DocumentView> {
  const { archive, access } = options;
  const { db, clock } = archive;
  const { view, blobNames, changed } = await db.transaction(async (transaction) => {
    const document = await lockVisibleDocument({ db, access, documentId: options.documentId }, 'manager', transaction);
    if (document.legalHold) {
      throw new SeglError({
        code: 'legal_hold',
        message: 'the document is on legal hold: release the hold before deleting it',
      });
    }
    let blobNames: string[] = [];
    let changed = true;
    const now = clock.now();
    if (options.erase && !(document.auditErasedSeq ?? 0)) {
      blobNames = await eraseDocument({
        db,
        transaction,
        document,
        now,
        actor: staffActor(access.principal),
        actorId: access.principal.userId,
        ip: options.ip,
        userAgent: options.userAgent,
        data: { reason: 'request' },
      });
    } else if (document.status !== 'deleted') {
      // the identity claims and pinned numbers go with the document (names and e-mails stay in the audit trail)
      blobNames = await shredDocument({ db, documentId: document.id, transaction });
      await document.update(
        { status: 'deleted', deletedAt: now, endedAt: document.endedAt ?? now, updatedAt: now },
        { transaction },
      );
      await recordDocumentEvent({
        db,
        at: now,
        actorId: access.principal.userId,
        action: 'document.deleted',
        documentId: document.id,
        ip: options.ip,
        data: { sha256: document.sha256 },
        transaction,
      });
      const deleted = await appendAuditEvent({
        db,
        transaction,
        documentId: document.id,
        type: 'document.deleted',
        at: now,
        actor: staffActor(access.principal),
        ip: options.ip,
        userAgent: options.userAgent,
        data: { status: 'deleted', sha256: document.sha256, finalSha256: document.finalSha256 ?? null },
      });
      await queueEventTimestamp({ db, transaction, event: deleted, now });
    } else changed = false;
    return { view: viewDocument(document.get({ plain: true })), blobNames, changed };
  });
  if (changed) await removeDocumentCopies({ archive, documentId: view.id, blobNames });
  return view;
}
