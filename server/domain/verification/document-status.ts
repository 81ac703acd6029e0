import { formatDocumentCode } from '../documents/document-code.js';
import type { PadesLevel } from '../../pades/verification-report.js';
import type { PublicDocumentRecord } from './public-document.js';

/** The portal's answer to a code (DESIGN.md, GET /api/v1/verify/:code): nothing personal, no title, no signer. */
export interface DocumentStatusView {
  code: string;
  status: string;
  createdAt: string;
  completedAt: string | null;
  signerCount: number;
  signedCount: number;
  level: PadesLevel | null;
  deletedAt?: string;
  /** Only on the tombstone of a deleted document: while the document exists its hash stays secret. */
  sha256?: string;
}

/**
 * Completion seals at B-LTA (DESIGN.md evidence model, step 3: signature timestamp, DSS, document timestamp); the
 * documents table keeps no level of its own yet, so a completed document reports the level sealing produces.
 */
export const SEALED_LEVEL: PadesLevel = 'B-LTA';

export function describeDocumentStatus(record: PublicDocumentRecord): DocumentStatusView {
  const completed = record.status === 'completed' || (record.status === 'deleted' && record.completedAt !== null);
  const view: DocumentStatusView = {
    code: formatDocumentCode(record.code),
    status: record.status,
    createdAt: record.createdAt,
    completedAt: completed ? record.completedAt : null,
    // Signers arrive with issue 4 (no signers table yet): none to count.
    signerCount: 0,
    signedCount: 0,
    level: completed ? SEALED_LEVEL : null,
  };
  if (record.status === 'deleted') {
    view.deletedAt = record.deletedAt ?? undefined;
    // The tombstone: the final file's hash when one was stored, else the original upload's hash.
    view.sha256 = record.finalSha256 ?? record.sha256;
  }
  return view;
}
