import type { CryptoErrorCode } from '../lib/error-catalogue.js';
import { SeglError } from '../lib/errors.js';

/** Facts about a crypto failure that callers act on without reading the message. */
export type CryptoErrorDetails = {
  /** The ASN.1 structure that could not be read (e.g. `SignerInfo`). */
  structure?: string;
  /** The key type that is not supported (e.g. `dsa`). */
  keyType?: string;
};

/** DER, CMS, keys and the per-document envelope; `code` comes from the catalogue's crypto section. */
export class CryptoError extends SeglError<CryptoErrorCode, CryptoErrorDetails> {
  override name = 'CryptoError';
}
