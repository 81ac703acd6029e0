import path from 'node:path';
import type { Database } from '../../storage/database.js';
import { createFileBlobStore } from '../../storage/blob-store.js';
import { createEncryptedBlobStore, type EncryptedBlobStore } from '../../storage/encrypted-blob-store.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { openKeyRing, type KeyRing } from '../keys/key-ring.js';
import { removeOutboxMessages } from '../mail/outbox-mailer.js';

/** What every document use case needs: the database, the clock, the keys and the encrypted blob store. */
export interface DocumentArchive {
  db: Database;
  clock: Clock;
  logger?: Logger;
  keyRing: KeyRing;
  blobs: EncryptedBlobStore;
  /** The `.eml` files of DATA/outbox/ (mail without an SMTP relay): erasure removes a document's messages. */
  outbox: { removeMessagesOf(documentId: string): Promise<number> };
}

export function blobDirectory(dataDir: string): string {
  return path.join(dataDir, 'blobs');
}

export function openDocumentArchive(options: {
  db: Database;
  clock: Clock;
  dataDir: string;
  kek: Uint8Array;
  /** True when the KEK came from SEGL_KEK rather than the data directory. */
  kekFromEnvironment: boolean;
  logger?: Logger;
}): DocumentArchive {
  return {
    db: options.db,
    clock: options.clock,
    logger: options.logger,
    keyRing: openKeyRing({ dataDir: options.dataDir, kek: options.kek, fromEnvironment: options.kekFromEnvironment }),
    blobs: createEncryptedBlobStore({ store: createFileBlobStore({ dir: blobDirectory(options.dataDir) }) }),
    outbox: { removeMessagesOf: (documentId) => removeOutboxMessages({ dataDir: options.dataDir, documentId }) },
  };
}
