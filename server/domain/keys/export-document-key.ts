import { unwrapDocumentKey } from '../../crypto/envelope-key-wrap.js';
import { SeglError } from '../../lib/errors.js';
import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { DocumentArchive } from '../documents/document-archive.js';
import { noDocumentCalled, whereIdOrCode } from '../documents/document-by-id-or-code.js';

export interface ExportedDocumentKey {
  documentId: string;
  code: string;
  /** The 32-byte OpenPGP session key (AES-256) of every stored version of the document. */
  sessionKey: Uint8Array;
  blobs: { kind: string; blobName: string; sha256: string }[];
}

/**
 * Hands the operator a document's session key, so that its blobs can be read without Segl (scripts/segl-recover.mjs).
 * The export is recorded first (`key.exported`, in the same transaction as the key is read): a key that left the
 * appliance is on record before anyone sees it. A deleted document has no key left: `document_key_gone`.
 */
export async function exportDocumentKey(options: {
  archive: DocumentArchive;
  document: string;
  tool: string;
}): Promise<ExportedDocumentKey> {
  const { archive } = options;
  const { db } = archive;
  return db.transaction(async (transaction) => {
    const document = await db.models.Document.findOne({
      where: whereIdOrCode(options.document),
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!document) throw noDocumentCalled(options.document);
    const keyRow = await db.models.DocumentKey.findByPk(document.id, { transaction, raw: true });
    if (!keyRow)
      throw new SeglError({
        code: 'document_key_gone',
        message: 'the document was deleted: its key was destroyed',
      });
    const blobs = await db.models.DocumentBlob.findAll({
      where: { documentId: document.id },
      attributes: ['kind', 'blobName', 'sha256'],
      order: [['createdAt', 'ASC']],
      transaction,
      raw: true,
    });
    const sessionKey = unwrapDocumentKey({
      kek: await archive.keyRing.keyFor(keyRow.kekId),
      wrapped: keyRow.wrappedKey,
      documentId: document.id,
    });
    await appendAuditEvent({
      db,
      transaction,
      documentId: document.id,
      type: 'key.exported',
      at: archive.clock.now(),
      actor: SYSTEM_ACTOR,
      data: { by: options.tool, versions: blobs.map((blob) => blob.kind) },
    });
    return {
      documentId: document.id,
      code: document.code,
      sessionKey,
      blobs: blobs.map((b) => ({ kind: b.kind, blobName: b.blobName, sha256: b.sha256 })),
    };
  });
}
