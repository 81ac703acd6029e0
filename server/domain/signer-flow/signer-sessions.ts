import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { createSecret, hashSecret } from '../auth/secret-tokens.js';
import type { SignerIdentity } from './signer-identity.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { signerActor } from '../audit/audit-actor.js';
import type { RequestOrigin } from '../request-origin.js';

/** The identity a session proved; `sealedClaims` holds the provider's full claims under the KEK. */
export type SessionIdentity = SignerIdentity & { sealedClaims?: string };

/** How long a signer stays authenticated after proving who they are. */
export const SIGNER_SESSION_MS = 30 * 60 * 1000;

/**
 * A session for a signer who just proved who they are. It carries that identity: the signature records the identity
 * of the session that signs, whatever logins happen on other devices.
 */
export async function createSignerSession(options: {
  db: Database;
  transaction: Transaction;
  signerId: string;
  identity: SessionIdentity;
  now: Date;
}): Promise<{ token: string; expiresAt: Date }> {
  const token = createSecret();
  const expiresAt = new Date(options.now.getTime() + SIGNER_SESSION_MS);
  await options.db.models.SignerSession.create(
    {
      id: randomUUID(),
      signerId: options.signerId,
      tokenHash: hashSecret(token),
      method: options.identity.method,
      identity: JSON.stringify(options.identity),
      expiresAt,
      createdAt: options.now,
    },
    { transaction: options.transaction },
  );
  return { token, expiresAt };
}

/** Whether the cookie's session belongs to this signer and is still valid. */
export async function findSignerSession(options: {
  db: Database;
  signerId: string;
  token: string | undefined;
  now: Date;
  transaction?: Transaction;
}): Promise<{ method: string; identity: SessionIdentity } | undefined> {
  if (!options.token || !/^[A-Za-z0-9_-]{20,100}$/.test(options.token)) return undefined;
  const session = await options.db.models.SignerSession.findOne({
    where: { tokenHash: hashSecret(options.token), signerId: options.signerId, expiresAt: { [Op.gt]: options.now } },
    transaction: options.transaction,
    raw: true,
  });
  if (!session?.identity) return undefined;
  return { method: session.method, identity: JSON.parse(session.identity) as SessionIdentity };
}

/**
 * The signer proved who they are (in the caller's transaction): the signer is marked authenticated, the audit trail
 * records `signer.authenticated` with the identity and why it was proved, and a session starts.
 */
export async function startAuthenticatedSession(
  options: RequestOrigin & {
    db: Database;
    transaction: Transaction;
    documentId: string;
    signer: { id: string; name: string; email: string };
    identity: SessionIdentity;
    purpose: 'sign' | 'download';
    now: Date;
  },
): Promise<{ sessionToken: string; expiresAt: Date }> {
  const { db, transaction, signer, now } = options;
  const { sealedClaims, ...identity } = options.identity;
  await db.models.Signer.update({ authenticatedAt: now, updatedAt: now }, { where: { id: signer.id }, transaction });
  await appendAuditEvent({
    db,
    transaction,
    documentId: options.documentId,
    type: 'signer.authenticated',
    at: now,
    actor: signerActor(signer),
    ip: options.ip,
    userAgent: options.userAgent,
    data: { signerId: signer.id, method: identity.method, level: identity.level, identity, purpose: options.purpose },
  });
  const session = await createSignerSession({ db, transaction, signerId: signer.id, identity: options.identity, now });
  return { sessionToken: session.token, expiresAt: session.expiresAt };
}
