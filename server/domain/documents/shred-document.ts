import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';

/**
 * Crypto-shredding inside the caller's transaction: the wrapped session key and the blob rows go, and with them
 * every signer's way in (links, sessions, challenges), identity claims and pinned numbers. Returns the blob files to
 * remove once the transaction has committed (a crash before that leaves orphans that `repairStorage` removes).
 */
export async function shredDocument(options: {
  db: Database;
  documentId: string;
  transaction: Transaction;
}): Promise<string[]> {
  const { db, documentId, transaction } = options;
  const blobs = await db.models.DocumentBlob.findAll({
    where: { documentId },
    attributes: ['blobName'],
    transaction,
    raw: true,
  });
  await db.models.DocumentKey.destroy({ where: { documentId }, transaction });
  await db.models.DocumentBlob.destroy({ where: { documentId }, transaction });
  const signerIds = await signerIdsOf({ db, documentId, transaction });
  if (signerIds.length) {
    await db.models.SigningLink.destroy({ where: { signerId: signerIds }, transaction });
    await db.models.SignerSession.destroy({ where: { signerId: signerIds }, transaction });
    await db.models.SignerChallenge.destroy({ where: { signerId: signerIds }, transaction });
    await db.models.Signer.update(
      { identity: null, expectedNationalIdSealed: null },
      { where: { id: signerIds }, transaction },
    );
  }
  return blobs.map((blob) => blob.blobName);
}

export async function signerIdsOf(options: {
  db: Database;
  documentId: string;
  transaction: Transaction;
}): Promise<string[]> {
  const rows = await options.db.models.Signer.findAll({
    where: { documentId: options.documentId },
    attributes: ['id'],
    transaction: options.transaction,
    raw: true,
  });
  return rows.map((row) => row.id);
}
