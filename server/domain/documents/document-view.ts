import type { DocumentAttributes } from '../../storage/models/document.js';
import { isoTimeOrNull as iso } from '../iso-time.js';
import type { SignerView } from '../signer-flow/list-signers.js';
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
  order: 'parallel' | 'sequential';
  /** nb or en: signers' default, and the language of the stamp and the audit pages. */
  language: 'nb' | 'en';
  sentAt: string | null;
  expiresAt: string | null;
  /** When the last signer signed. */
  completedAt: string | null;
  /** When the final PDF was sealed (status `completed`), its PAdES level and SHA-256. */
  sealedAt: string | null;
  level: string | null;
  finalSha256: string | null;
  /** When the document reached completed, declined, expired or cancelled (retention counts from here). */
  endedAt: string | null;
  legalHold: { reason: string | null } | null;
  /** One document only: the retention period that applies and when the document is due (null until it ends). */
  retention?: {
    days: number;
    source: 'folder' | 'default';
    folderId: string | null;
    deleteAfter: string | null;
  } | null;
  signers: SignerView[];
}

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
    order: row.signingOrder ?? 'parallel',
    language: row.language === 'en' ? 'en' : 'nb',
    sentAt: iso(row.sentAt),
    expiresAt: iso(row.expiresAt),
    completedAt: iso(row.completedAt),
    sealedAt: iso(row.sealedAt),
    level: row.sealedLevel ?? null,
    finalSha256: row.finalSha256 ?? null,
    endedAt: iso(row.endedAt),
    legalHold: row.legalHold ? { reason: row.legalHoldReason ?? null } : null,
    signers: [],
  };
}
