import { createHash } from 'node:crypto';
import { unwrapSecret, wrapSecret } from './key-encryption-key.js';

/**
 * Document session keys under the KEK: AES-256-GCM with the document id in the label, so a wrapped key moved to
 * another document's row does not open. Stored as base64 beside the id of the KEK that wrapped it.
 */

const label = (documentId: string) => `segl/document-key/${documentId}`;

/** A stable, non-secret id for a KEK (what `document_keys.kek_id` holds): SHA-256 over a domain tag and the key. */
export function fingerprintKek(kek: Uint8Array): string {
  return createHash('sha256').update('segl/kek-id/v1\0').update(kek).digest('hex').slice(0, 32);
}

export function wrapDocumentKey(options: { kek: Uint8Array; sessionKey: Uint8Array; documentId: string }): string {
  return Buffer.from(
    wrapSecret({ kek: options.kek, plaintext: options.sessionKey, label: label(options.documentId) }),
  ).toString('base64');
}

/** Throws CryptoError `kek_mismatch` for a wrong KEK, a wrong document id or a damaged value. */
export function unwrapDocumentKey(options: { kek: Uint8Array; wrapped: string; documentId: string }): Uint8Array {
  return unwrapSecret({
    kek: options.kek,
    wrapped: new Uint8Array(Buffer.from(options.wrapped, 'base64')),
    label: label(options.documentId),
  });
}
