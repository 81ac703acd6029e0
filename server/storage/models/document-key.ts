import type { Sequelize } from 'sequelize';
import { defineModel, str, text, type ModelOf } from './model-definition.js';

export interface DocumentKeyAttributes {
  documentId: string;
  wrappedKey: string;
  kekId: string;
  createdAt?: Date;
  updatedAt?: Date;
}

/** A document's session key, wrapped by the KEK; deleting it crypto-shreds every copy of the document's blobs. */
export function defineDocumentKey(sequelize: Sequelize): ModelOf<DocumentKeyAttributes> {
  return defineModel(sequelize, 'DocumentKey', 'document_keys', {
    documentId: { ...str(40), primaryKey: true },
    wrappedKey: text(),
    kekId: str(64),
  });
}
