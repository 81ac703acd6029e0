import type { PdfErrorCode } from '../lib/error-catalogue.js';
import { SeglError } from '../lib/errors.js';

/** Facts about a PDF failure that callers act on without reading the message. */
export type PdfErrorDetails = {
  /** signature_too_large: the bytes the signature container needs, and the bytes the placeholder reserved. */
  neededBytes?: number;
  reservedBytes?: number;
  /** The limit that was passed (pages, objects, bytes). */
  limit?: number;
};

/** The PDF cannot be read, stamped or signed; `code` (from the catalogue's PDF section) says why. */
export class PdfError extends SeglError<PdfErrorCode, PdfErrorDetails> {
  override name = 'PdfError';
}
