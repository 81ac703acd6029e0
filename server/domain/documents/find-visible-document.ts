import type { Transaction } from 'sequelize';
import type { DocumentAttributes } from '../../storage/models/document.js';
import type { Row } from '../../storage/models/model-definition.js';
import type { Database } from '../../storage/database.js';
import { notFound, type FolderAccess } from '../access/folder-access.js';
import type { GrantRole } from '../../storage/models/grant.js';
import { SeglError } from '../../lib/errors.js';

/**
 * The document if the caller may see it, else 404 (whether it exists or not: no existence oracle). When the caller
 * sees it but lacks `minimum`, 403.
 */
export async function findVisibleDocument(options: {
  db: Database;
  access: FolderAccess;
  documentId: string;
  minimum?: GrantRole;
  transaction?: Transaction;
  /** Lock the row for the transaction (SELECT ... FOR UPDATE on PostgreSQL; SQLite serializes writes anyway). */
  lock?: boolean;
}): Promise<Row<DocumentAttributes>> {
  const { transaction } = options;
  const lock = options.lock && transaction ? transaction.LOCK.UPDATE : undefined;
  const row = await options.db.models.Document.findByPk(options.documentId, { transaction, lock });
  if (!row || !options.access.can(row.folderId, 'viewer')) throw notFound('document');
  if (options.minimum && !options.access.can(row.folderId, options.minimum)) {
    throw new SeglError({
      code: 'forbidden',
      message: `this needs the ${options.minimum} role on the document's folder`,
    });
  }
  return row;
}

/** The document locked for `transaction`, if the caller holds `minimum` on its folder (else 404 or 403 as above). */
export function lockVisibleDocument(
  scope: { db: Database; access: FolderAccess; documentId: string },
  minimum: GrantRole,
  transaction: Transaction,
): Promise<Row<DocumentAttributes>> {
  return findVisibleDocument({ ...scope, minimum, transaction, lock: true });
}
