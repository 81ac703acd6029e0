import type { Sequelize } from 'sequelize';
import { byteCount, defineModel, key, str, type ModelOf } from './model-definition.js';

export interface DocumentBlobAttributes {
  id: string;
  documentId: string;
  /** `renewed`: the final PDF with later long-term evidence (DSS, document timestamp) appended (newest served). */
  kind: 'original' | 'final' | 'renewed';
  blobName: string;
  sha256: string;
  sizeBytes: number;
  createdAt?: Date;
}

/** One stored (encrypted) version of a document's PDF. */
export function defineDocumentBlob(sequelize: Sequelize): ModelOf<DocumentBlobAttributes> {
  const attributes = {
    id: key,
    documentId: str(40),
    kind: str(16),
    blobName: str(100),
    sha256: str(64),
    sizeBytes: byteCount('sizeBytes'),
  };
  return defineModel(sequelize, 'DocumentBlob', 'document_blobs', attributes, {
    updatedAt: false,
  });
}
