import type { DocumentArchive } from './document-archive.js';

/**
 * What follows a deletion or an erasure once its transaction has committed: the blob files go (and their shard
 * directories when left empty), and so do the document's messages in the mail outbox (the title, names, links and
 * the signed PDF attached to completion notices, decrypted); and on SQLite the
 * write-ahead log is copied into the database file and truncated, so that neither the erased rows nor the wrapped key
 * stay readable anywhere in the data directory (`secure_delete` has zeroed them in the database file).
 * A failure is only logged: the deletion has committed, without the key no blob can be read, `repairStorage`
 * removes leftover files at the next start and the next checkpoint empties the log.
 */
export async function removeDocumentCopies(options: {
  archive: DocumentArchive;
  documentId: string;
  blobNames: string[];
}): Promise<void> {
  const { archive, documentId } = options;
  const warn = (message: string) => (error: unknown) => archive.logger?.warn({ err: error, documentId }, message);
  for (const name of options.blobNames) {
    await archive.blobs.remove({ name }).catch(warn('blob file not removed; repairStorage will'));
  }
  await archive.outbox.removeMessagesOf(documentId).catch(warn('outbox messages of a deleted document not removed'));
  await archive.db.scrubJournal().catch(warn('the write-ahead log was not truncated after a deletion'));
}
