import { SeglError } from '../lib/errors.js';

/** The PDF cannot be read; `code` says why in a stable way. */
export function pdfError(code: string, message: string, cause?: unknown): SeglError {
  return new SeglError({ code, message, status: 422, cause });
}
