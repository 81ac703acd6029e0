import type { DocumentAttributes } from '../../storage/models/index.js';
import { formatDocumentCode } from './document-code.js';

/** A document as the API shows it. */
export interface DocumentView {
  id: string;
  code: string;
  title: string;
  status: string;
  folderId: string | null;
  sha256: string;
  sizeBytes: number;
  pageCount: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  signers: { id: string; name: string; status: string; signedAt: string | null }[];
}

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

export function viewDocument(row: DocumentAttributes): DocumentView {
  return {
    id: row.id,
    code: formatDocumentCode(row.code),
    title: row.title,
    status: row.status,
    folderId: row.folderId,
    sha256: row.sha256,
    sizeBytes: Number(row.sizeBytes),
    pageCount: row.pageCount,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    deletedAt: iso(row.deletedAt),
    signers: [],
  };
}
