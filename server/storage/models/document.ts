import { DataTypes, type Sequelize } from 'sequelize';
import { byteCount, counter, date, defineModel, integer, key, str, text, type ModelOf } from './model-definition.js';

export type DocumentStatus = 'draft' | 'pending' | 'completed' | 'declined' | 'expired' | 'cancelled' | 'deleted';

export interface DocumentAttributes {
  id: string;
  code: string;
  title: string;
  folderId: string | null;
  status: DocumentStatus;
  sha256: string;
  sizeBytes: number;
  pageCount: number;
  createdBy: string | null;
  deletedAt: Date | null;
  signingOrder?: 'parallel' | 'sequential';
  language?: 'nb' | 'en';
  sentAt?: Date | null;
  expiresAt?: Date | null;
  /** When the last signer signed. */
  completedAt?: Date | null;
  /** When the final PDF was sealed and stored (status `completed` from then on). */
  sealedAt?: Date | null;
  sealedLevel?: string | null;
  /** SHA-256 of the final (sealed) PDF; kept on the tombstone after deletion. */
  finalSha256?: string | null;
  /** Sequence number and hash of the last audit event: removing events at the end of the chain shows. */
  auditSeq?: number;
  auditHead?: string | null;
  /** When the document reached completed, declined, expired or cancelled: retention counts from here. */
  endedAt?: Date | null;
  /** A legal hold keeps the document past its retention period until released. */
  legalHold?: boolean;
  legalHoldReason?: string | null;
  /** Retention erased the audit events up to this one; the chain resumes from its hash. */
  auditErasedSeq?: number;
  auditErasedHead?: string | null;
  /** Lower-cased title, code, signer names and e-mail addresses, for GET /documents?q= (erased with them). */
  searchText?: string | null;
  /** Long-term renewal: expiry of the newest document timestamp's TSA certificate, its algorithms, the last renewal. */
  ltaExpiresAt?: Date | null;
  ltaAlgorithms?: string | null;
  ltaRenewedAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** A document of the archive; after deletion its row stays as the tombstone the portal shows. */
export function defineDocument(sequelize: Sequelize): ModelOf<DocumentAttributes> {
  return defineModel(sequelize, 'Document', 'documents', {
    id: key,
    code: str(16),
    title: str(300),
    folderId: str(40, true),
    status: str(16),
    sha256: str(64),
    sizeBytes: byteCount('sizeBytes'),
    pageCount: integer(),
    createdBy: str(40, true),
    deletedAt: date(),
    signingOrder: { ...str(16), defaultValue: 'parallel' },
    language: { ...str(8), defaultValue: 'nb' },
    sentAt: date(),
    expiresAt: date(),
    completedAt: date(),
    sealedAt: date(),
    sealedLevel: str(8, true),
    finalSha256: str(64, true),
    auditSeq: counter(),
    auditHead: str(64, true),
    endedAt: date(),
    legalHold: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    legalHoldReason: str(500, true),
    auditErasedSeq: counter(),
    auditErasedHead: str(64, true),
    searchText: text(true),
    ltaExpiresAt: date(),
    ltaAlgorithms: str(200, true),
    ltaRenewedAt: date(),
  });
}
