import type { Readable } from 'node:stream';
import { unwrapDocumentKey } from '../../crypto/envelope-key-wrap.js';
import type { DocumentArchive } from './document-archive.js';

/**
 * One stored version of a document, decrypted as a stream: its wrapped key unwrapped by the KEK it names, the blob
 * read through it. Null when the document has no key any more (it was deleted: crypto-shredded).
 */
export async function readDocumentBlob(options: {
  archive: DocumentArchive;
  documentId: string;
  blobName: string;
}): Promise<Readable | null> {
  const { archive, documentId } = options;
  const keyRow = await archive.db.models.DocumentKey.findByPk(documentId, { raw: true });
  if (!keyRow) return null;
  const sessionKey = unwrapDocumentKey({
    kek: await archive.keyRing.keyFor(keyRow.kekId),
    wrapped: keyRow.wrappedKey,
    documentId,
  });
  // not zeroed here: the stream still derives its chunk keys from it while it is read
  return archive.blobs.readDecrypted({ name: options.blobName, sessionKey });
}
