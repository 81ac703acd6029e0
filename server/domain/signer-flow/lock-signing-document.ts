import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { DocumentAttributes } from '../../storage/models/document.js';
import type { Row } from '../../storage/models/model-definition.js';

/**
 * The document a signer signs or declines, its row locked for the rest of the transaction. Taken first: on
 * PostgreSQL this orders concurrent signers, decliners and the sender.
 */
export async function lockSigningDocument(options: {
  db: Database;
  documentId: string;
  transaction: Transaction;
}): Promise<Row<DocumentAttributes>> {
  const { transaction } = options;
  const document = await options.db.models.Document.findByPk(options.documentId, {
    transaction,
    lock: transaction.LOCK.UPDATE,
    raw: true,
  });
  return document!;
}
