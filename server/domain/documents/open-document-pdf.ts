import type { Readable } from 'node:stream';
import { type FolderAccess, notFound } from '../access/folder-access.js';
import type { DocumentArchive } from './document-archive.js';
import { findVisibleDocument } from './find-visible-document.js';
import { readDocumentBlob } from './read-document-blob.js';
import { latestSignedBlob } from './latest-signed-blob.js';
import { recordDocumentDownload } from './record-document-download.js';
import { staffActor } from '../audit/audit-actor.js';
import { isStorageFull, insufficientStorage } from '../../lib/storage-full.js';
import type { RequestOrigin } from '../request-origin.js';

/**
 * The latest version (final once sealed, else the original) decrypted as a stream, with what a download needs.
 * Every download is an audit event; when it cannot be recorded (a full disk), the download is refused with 507
 * rather than served unrecorded: the audit trail's promise is that it lists every copy handed out.
 */
export async function openDocumentPdf(
  options: RequestOrigin & {
    archive: DocumentArchive;
    access: FolderAccess;
    documentId: string;
  },
): Promise<{
  title: string;
  sizeBytes: number;
  sha256: string;
  stream: Readable;
}> {
  const { archive } = options;
  const document = await findVisibleDocument({
    db: archive.db,
    access: options.access,
    documentId: options.documentId,
  });
  const blobs = await archive.db.models.DocumentBlob.findAll({ where: { documentId: document.id }, raw: true });
  const blob = latestSignedBlob(blobs) ?? blobs.find((b) => b.kind === 'original');
  const stream =
    document.status === 'deleted' || !blob
      ? null
      : await readDocumentBlob({ archive, documentId: document.id, blobName: blob.blobName });
  if (!stream || !blob) throw notFound('document');
  try {
    await recordDocumentDownload({
      db: archive.db,
      documentId: document.id,
      at: archive.clock.now(),
      actor: staffActor(options.access.principal),
      ip: options.ip,
      userAgent: options.userAgent,
      data: { version: blob.kind, sha256: blob.sha256 },
    });
  } catch (error) {
    stream.destroy();
    if (isStorageFull(error)) {
      const message =
        'the appliance is out of disk space, so this download cannot be recorded in the audit trail, and unrecorded ' +
        'downloads are not served. The document and its details stay readable; try again once space is freed';
      throw insufficientStorage(message, error);
    }
    throw error;
  }
  return { title: document.title, sizeBytes: Number(blob.sizeBytes), sha256: blob.sha256, stream };
}
