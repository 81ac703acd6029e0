import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { DocumentAttributes } from '../../storage/models/document.js';
import type { SignerAttributes } from '../../storage/models/signer.js';
import type { SigningLinkAttributes } from '../../storage/models/signing-link.js';
import { hashSecret } from '../auth/secret-tokens.js';
import { linkExpired, linkInvalid } from './signing-errors.js';
import type { SignerFlow } from './signer-flow.js';

export const SIGNING_TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;
/** How long after sealing a signer's link still opens their page (to download the signed copy after signing in). */
export const DOWNLOAD_WINDOW_MS = 30 * 24 * 3600 * 1000;

export interface ResolvedLink {
  link: SigningLinkAttributes;
  signer: SignerAttributes;
  document: DocumentAttributes;
}

/** The link, its signer and document: unknown, revoked or malformed is 404; past its expiry 410. */
export async function resolveSigningLink(options: {
  db: Database;
  token: string;
  now: Date;
  transaction?: Transaction;
}): Promise<ResolvedLink> {
  const { db, token, transaction } = options;
  if (!SIGNING_TOKEN_SHAPE.test(token)) throw linkInvalid();
  const link = await db.models.SigningLink.findOne({ where: { tokenHash: hashSecret(token) }, transaction, raw: true });
  if (!link || link.revokedAt) throw linkInvalid();
  const signer = await db.models.Signer.findByPk(link.signerId, { transaction, raw: true });
  const document = signer ? await db.models.Document.findByPk(signer.documentId, { transaction, raw: true }) : null;
  if (!signer || !document || document.status === 'deleted') throw linkInvalid();
  // after completion a signer may come back for the signed copy for a while, even past the signing deadline
  const until = Math.max(
    new Date(link.expiresAt).getTime(),
    document.sealedAt ? new Date(document.sealedAt).getTime() + DOWNLOAD_WINDOW_MS : 0,
  );
  if (until <= options.now.getTime()) throw linkExpired();
  return { link, signer, document };
}

/** The link resolved as of the flow's clock now, with the database and that time: how most signer steps begin. */
export async function resolveSigningLinkNow(options: {
  flow: SignerFlow;
  token: string;
}): Promise<ResolvedLink & { db: Database; now: Date }> {
  const { db, clock } = options.flow.archive;
  const now = clock.now();
  return { ...(await resolveSigningLink({ db, token: options.token, now })), db, now };
}
