import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { decryptDocumentStream, encryptDocumentStream } from '../crypto/envelope-document.js';
import type { BlobStore } from './blob-store.js';

/**
 * Any blob store, with every blob an OpenPGP SEIPDv2 message under a per-document session key: plaintext goes in
 * and comes out as streams; the underlying store only ever sees ciphertext.
 */
export interface EncryptedBlobStore {
  readonly store: BlobStore;
  /** Encrypts and stores under a fresh random name; returns the name and the stored (ciphertext) size. */
  writeEncrypted(options: {
    plaintext: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
    sessionKey: Uint8Array /** when known: faster */;
    plaintextSize?: number;
  }): Promise<{ name: string; storedSize: number }>;
  readDecrypted(options: { name: string; sessionKey: Uint8Array }): Promise<Readable>;
  remove(options: { name: string }): Promise<void>;
}

export function createBlobName(): string {
  return `${randomBytes(16).toString('hex')}.pgp`;
}

export function createEncryptedBlobStore(options: { store: BlobStore }): EncryptedBlobStore {
  const { store } = options;
  return {
    store,
    async writeEncrypted({ plaintext, sessionKey, plaintextSize }) {
      const name = createBlobName();
      const ciphertext = await encryptDocumentStream({ plaintext, sessionKey, plaintextSize });
      const { size } = await store.write({ name, source: ciphertext });
      return { name, storedSize: size };
    },
    async readDecrypted({ name, sessionKey }) {
      const ciphertext = await store.read({ name });
      return decryptDocumentStream({ ciphertext, sessionKey });
    },
    remove: ({ name }) => store.remove({ name }),
  };
}
