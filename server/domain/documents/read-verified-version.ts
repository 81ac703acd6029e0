import { createHash } from 'node:crypto';
import { unwrapDocumentKey } from '../../crypto/envelope-key-wrap.js';
import { GrowableBuffer } from '../../pdf/growable-buffer.js';
import type { DocumentKeyAttributes } from '../../storage/models/document-key.js';
import { SeglError } from '../../lib/errors.js';
import type { DocumentArchive } from './document-archive.js';

/**
 * One stored version read whole, with `slackBytes` to grow into (for incremental updates), and checked against the
 * SHA-256 recorded for it (`document_unreadable` otherwise). The unwrapped session key comes back too, for writing
 * the next version: the caller zeroes it when done (here it is zeroed when reading fails).
 */
export async function readVerifiedVersion(options: {
  archive: Pick<DocumentArchive, 'keyRing' | 'blobs'>;
  documentId: string;
  keyRow: Pick<DocumentKeyAttributes, 'kekId' | 'wrappedKey'>;
  blobName: string;
  sha256: string;
  slackBytes: number;
  /** What the version is, for the error: `original`, `signed file`. */
  what: string;
}): Promise<{ file: GrowableBuffer; sessionKey: Uint8Array }> {
  const { archive, keyRow } = options;
  const sessionKey = unwrapDocumentKey({
    kek: await archive.keyRing.keyFor(keyRow.kekId),
    wrapped: keyRow.wrappedKey,
    documentId: options.documentId,
  });
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await archive.blobs.readDecrypted({ name: options.blobName, sessionKey })) {
      chunks.push(chunk as Buffer);
    }
    const file = GrowableBuffer.from(Buffer.concat(chunks), options.slackBytes);
    if (createHash('sha256').update(file.view()).digest('hex') !== options.sha256) {
      throw new SeglError({
        code: 'document_unreadable',
        message: `the stored ${options.what} does not match its hash`,
      });
    }
    return { file, sessionKey };
  } catch (error) {
    sessionKey.fill(0);
    throw error;
  }
}
