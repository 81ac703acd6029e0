import type { TrustedList } from '../../crypto/trusted-list.js';
import type { Database } from '../../storage/database.js';
import { isSeglError } from '../../lib/errors.js';
import { PdfError } from '../../pdf/pdf-error.js';
import { formatDocumentCode } from '../documents/document-code.js';
import type { DocumentVerifier, VerificationReport } from '../verify-document.js';
import { findDocumentByHash, type DocumentByHash } from './public-document.js';

export type FileCheckReport = VerificationReport & { knownDocument: DocumentByHash | null };

/**
 * Full validation of an uploaded file for the portal, not stored, in a verification worker: the `segl verify --json`
 * report with the appliance root as the trust anchor (others come out indeterminate, not invalid), plus the document
 * this exact file is, if any. Unreadable input is a 422 with the reader's error code; never a 500.
 */
export async function checkUploadedFile(options: {
  db: Database;
  verifier: DocumentVerifier;
  bytes: Uint8Array;
  trustAnchorsPem: string;
  trustLists?: TrustedList[];
}): Promise<FileCheckReport> {
  let report: VerificationReport;
  try {
    report = await options.verifier.verify({
      bytes: options.bytes,
      trustAnchorsPem: options.trustAnchorsPem,
      trustLists: options.trustLists,
    });
  } catch (error) {
    if (isSeglError(error) && (error.status < 500 || error.code === 'verification_busy')) throw error;
    throw new PdfError({ code: 'unreadable_pdf', message: 'the file could not be read as a PDF', cause: error });
  }
  const known = await findDocumentByHash({ db: options.db, sha256: report.sha256 });
  return { ...report, knownDocument: known ? { ...known, code: formatDocumentCode(known.code) } : null };
}
