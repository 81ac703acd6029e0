import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { createSecret, hashSecret } from '../auth/secret-tokens.js';

/** A new link for a signer, valid until the document's expiry; the token exists only in the returned URL. */
export async function createSigningLink(options: {
  db: Database;
  transaction: Transaction;
  signerId: string;
  expiresAt: Date;
  now: Date;
}): Promise<string> {
  const token = createSecret();
  await options.db.models.SigningLink.create(
    {
      id: randomUUID(),
      signerId: options.signerId,
      tokenHash: hashSecret(token),
      expiresAt: options.expiresAt,
      revokedAt: null,
      createdAt: options.now,
    },
    { transaction: options.transaction },
  );
  return token;
}

export async function revokeSigningLinks(options: {
  db: Database;
  transaction: Transaction;
  signerIds: string[];
  now: Date;
}): Promise<void> {
  if (!options.signerIds.length) return;
  await options.db.models.SigningLink.update(
    { revokedAt: options.now },
    { where: { signerId: options.signerIds, revokedAt: null }, transaction: options.transaction },
  );
}
