import { hkdfSync } from 'node:crypto';

/** What a key derived from the KEK may be used for; each purpose gets its own key, so no key has two jobs. */
export type KeyPurpose = 'cookie-encryption';

const SALT = Buffer.from('segl/kek-derived-key/v1', 'utf8');

/**
 * A 256-bit key for one purpose, derived from the KEK with HKDF-SHA-256 (RFC 5869) and the purpose as its info
 * label. The KEK itself keeps wrapping keys and secrets at rest; what browsers carry is sealed under a derived key.
 */
export function derivePurposeKey(options: { kek: Uint8Array; purpose: KeyPurpose }): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', options.kek, SALT, `segl/${options.purpose}`, 32));
}
