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

export function describeDocumentStatus(record: PublicDocumentRecord): DocumentStatusView {
  const completed = record.status === 'completed' || (record.status === 'deleted' && record.completedAt !== null);
  const view: DocumentStatusView = {
    code: formatDocumentCode(record.code),
    status: record.status,
    createdAt: record.createdAt,
    completedAt: completed ? record.completedAt : null,
    signerCount: record.signerCount,
    signedCount: record.signedCount,
    level: completed ? ((record.level as PadesLevel | null) ?? null) : null,
  };
  if (record.status === 'deleted') {
    view.deletedAt = record.deletedAt ?? undefined;
    // The tombstone: the final file's hash when one was stored, else the original upload's hash.
    view.sha256 = record.finalSha256 ?? record.sha256;
  }
  return view;
}
