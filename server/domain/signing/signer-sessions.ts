import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { createSecret, hashSecret } from '../auth/secret-tokens.js';

/** How long a signer stays authenticated after proving who they are. */
export const SIGNER_SESSION_MS = 30 * 60 * 1000;

export async function createSignerSession(options: { db: Database; transaction: Transaction; signerId: string; method: string; now: Date }): Promise<{ token: string; expiresAt: Date }> {
  const token = createSecret();
  const expiresAt = new Date(options.now.getTime() + SIGNER_SESSION_MS);
  await options.db.models.SignerSession.create(
    { id: randomUUID(), signerId: options.signerId, tokenHash: hashSecret(token), method: options.method, expiresAt, createdAt: options.now },
    { transaction: options.transaction },
  );
  return { token, expiresAt };
}

/** Whether the cookie's session belongs to this signer and is still valid. */
export async function findSignerSession(options: { db: Database; signerId: string; token: string | undefined; now: Date; transaction?: Transaction }): Promise<{ method: string } | undefined> {
  if (!options.token || !/^[A-Za-z0-9_-]{20,100}$/.test(options.token)) return undefined;
  const session = await options.db.models.SignerSession.findOne({
    where: { tokenHash: hashSecret(options.token), signerId: options.signerId, expiresAt: { [Op.gt]: options.now } },
    transaction: options.transaction,
    raw: true,
  });
  return session ? { method: session.method } : undefined;
}
