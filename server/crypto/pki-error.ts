import type { PkiErrorCode } from '../lib/error-catalogue.js';
import { SeglError } from '../lib/errors.js';

/** Facts about a PKI failure that callers act on without reading the message. */
export type PkiErrorDetails = {
  /** timestamp_unavailable: what each timestamp authority answered, in the order they were asked. */
  failures?: { source: string; error: string }[];
  /** revocation_unavailable: why each OCSP responder and CRL distribution point failed. */
  errors?: string[];
  /** timestamp_source_failed: what failed (http, timeout, status, imprint, nonce, certificate, signature...). */
  check?: string;
  /** The certificate concerned, by serial number (hexadecimal). */
  serial?: string;
};

/**
 * Certificates, revocation data, timestamps, trusted lists and the seal key; `code` comes from the catalogue's PKI
 * section.
 */
export class PkiError<C extends PkiErrorCode = PkiErrorCode> extends SeglError<C, PkiErrorDetails> {
  override name = 'PkiError';
}
