import { createHash, randomInt, randomUUID } from 'node:crypto';
import { mailTo } from '../mail/mailer.js';
import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import { SeglError } from '../../lib/errors.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { signerActor } from '../audit/audit-actor.js';
import { constantTimeEqual } from '../auth/secret-tokens.js';
import { composeOtpMessage } from '../mail/otp-message.js';
import { emailHint } from './view-signing.js';
import { resolveSigningLinkNow } from './resolve-signing-link.js';
import { startAuthenticatedSession } from './signer-sessions.js';
import type { SignerFlow } from './signer-flow.js';
import type { SignerIdentity } from './signer-identity.js';
import type { DocumentAttributes } from '../../storage/models/document.js';
import type { SignerAttributes } from '../../storage/models/signer.js';
import { authenticationPurpose } from './signer-authentication.js';
import type { RequestOrigin } from '../request-origin.js';

export const OTP_VALID_MS = 10 * 60 * 1000;
export const OTP_MAX_ATTEMPTS = 5;
/** At most this many codes per signer in OTP_WINDOW_MS. */
export const OTP_MAX_CODES = 5;
export const OTP_WINDOW_MS = 15 * 60 * 1000;
/**
 * Guesses over all codes: at most 25 a day and 50 in all (until the sender reminds, which starts afresh), so a link
 * held for months is not a slow brute force of a 6-digit code.
 */
export const OTP_MAX_GUESSES_PER_DAY = 25;
export const OTP_MAX_GUESSES_TOTAL = 50;
const DAY_MS = 24 * 3600 * 1000;

const hashCode = (challengeId: string, code: string) =>
  createHash('sha256').update(`segl/otp:${challengeId}:${code}`).digest('hex');

function checkCanAuthenticate(signer: SignerAttributes, document: DocumentAttributes): void {
  if (signer.authMethod !== 'email-otp') {
    throw new SeglError({
      code: 'wrong_auth_method',
      message: 'this signer proves who they are with an identity provider, not an e-mailed code',
    });
  }
  authenticationPurpose(signer, document);
}

/** The link's signer and document, as of now, for a step of the e-mailed code (refused for any other method). */
async function resolveOtpSigner(options: { flow: SignerFlow; token: string }) {
  const { db, now, signer, document } = await resolveSigningLinkNow(options);
  checkCanAuthenticate(signer, document);
  return { db, now, signer, document };
}

/**
 * E-mails a fresh 6-digit code (valid 10 minutes, 5 tries); throttled per signer. The count and the new code are
 * one transaction under the document's lock, so requests at once cannot all pass the count. The code is held
 * unusable (consumed) until its mail has left and dropped if the mail fails: a code that never left must neither
 * count against the signer nor replace the code they already have.
 */
export async function requestSignerOtp(
  options: RequestOrigin & {
    flow: SignerFlow;
    token: string;
  },
): Promise<{ emailHint: string; expiresInSeconds: number }> {
  const { flow } = options;
  const { db, now, signer, document } = await resolveOtpSigner(options);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = randomUUID();
  await db.transaction(async (transaction) => {
    await db.models.Document.findByPk(document.id, { attributes: ['id'], transaction, lock: transaction.LOCK.UPDATE });
    await checkCodeAllowance({ db, transaction, signerId: signer.id, now });
    await db.models.SignerChallenge.create(
      {
        id,
        signerId: signer.id,
        kind: 'otp',
        secretHash: hashCode(id, code),
        stateHash: null,
        payload: null,
        attempts: 0,
        expiresAt: new Date(now.getTime() + OTP_VALID_MS),
        consumedAt: now,
        ip: options.ip?.slice(0, 64) ?? null,
        createdAt: now,
      },
      { transaction },
    );
  });
  const mail = composeOtpMessage({
    language: signer.language,
    signerName: signer.name,
    documentTitle: document.title,
    code,
    validMinutes: OTP_VALID_MS / 60_000,
  });
  try {
    await flow.mailer.send({ ...mailTo({ person: signer, mail, language: signer.language }), documentId: document.id });
  } catch (error) {
    await db.transaction((transaction) => db.models.SignerChallenge.destroy({ where: { id }, transaction }));
    throw error;
  }
  await db.transaction(async (transaction) => {
    // the document row first, as every step of the signer flow takes it (one lock order, no deadlock)
    await db.models.Document.findByPk(document.id, { attributes: ['id'], transaction, lock: transaction.LOCK.UPDATE });
    // the new code replaces the previous ones
    await db.models.SignerChallenge.update(
      { consumedAt: now },
      { where: { signerId: signer.id, kind: 'otp', consumedAt: null }, transaction },
    );
    await db.models.SignerChallenge.update({ consumedAt: null }, { where: { id }, transaction });
    await appendAuditEvent({
      db,
      transaction,
      documentId: document.id,
      type: 'signer.challenged',
      at: now,
      actor: signerActor(signer),
      ip: options.ip,
      userAgent: options.userAgent,
      data: { signerId: signer.id, method: 'email-otp', email: signer.email },
    });
  });
  return { emailHint: emailHint(signer.email), expiresInSeconds: OTP_VALID_MS / 1000 };
}

/** Refuses another code when the signer has guessed too often or asked for too many codes lately. */
async function checkCodeAllowance(options: {
  db: Database;
  transaction: Transaction;
  signerId: string;
  now: Date;
}): Promise<void> {
  const { db, transaction, signerId, now } = options;
  const challenges = await db.models.SignerChallenge.findAll({
    where: { signerId, kind: 'otp' },
    attributes: ['attempts', 'createdAt'],
    order: [['createdAt', 'ASC']],
    transaction,
    raw: true,
  });
  const createdAt = (challenge: (typeof challenges)[number]) => new Date(challenge.createdAt!).getTime();
  const guesses = (since: number) =>
    challenges.filter((c) => createdAt(c) > since).reduce((sum, c) => sum + c.attempts, 0);
  if (guesses(0) >= OTP_MAX_GUESSES_TOTAL) {
    throw new SeglError({ code: 'otp_locked', message: 'too many wrong codes: ask the sender to send you a reminder' });
  }
  if (guesses(now.getTime() - DAY_MS) >= OTP_MAX_GUESSES_PER_DAY) {
    throw new SeglError({
      code: 'rate_limited',
      message: 'too many wrong codes today; try again tomorrow',
      details: { retryAfterSeconds: 3600 },
    });
  }
  const recent = challenges.filter((c) => createdAt(c) > now.getTime() - OTP_WINDOW_MS);
  if (recent.length >= OTP_MAX_CODES) {
    const retryAfterSeconds = Math.max(1, Math.ceil((createdAt(recent[0]!) + OTP_WINDOW_MS - now.getTime()) / 1000));
    throw new SeglError({
      code: 'rate_limited',
      message: 'too many codes requested; try again later',
      details: { retryAfterSeconds },
    });
  }
}

/** Checks a code: right once (then it is spent), wrong at most 5 times; success starts the signer's session. */
export async function verifySignerOtp(
  options: RequestOrigin & {
    flow: SignerFlow;
    token: string;
    code: string;
  },
): Promise<{ sessionToken: string; expiresAt: Date }> {
  const { db, now, signer, document } = await resolveOtpSigner(options);
  type Outcome = { sessionToken: string; expiresAt: Date } | { refused: SeglError };
  const outcome = await db.transaction(async (transaction): Promise<Outcome> => {
    // the document row first, as signing does (one lock order, no deadlock on PostgreSQL)
    await db.models.Document.findByPk(document.id, { attributes: ['id'], transaction, lock: transaction.LOCK.UPDATE });
    // locked: two guesses at once must both count
    const challenge = await db.models.SignerChallenge.findOne({
      where: { signerId: signer.id, kind: 'otp', consumedAt: null },
      order: [['createdAt', 'DESC']],
      transaction,
      lock: transaction.LOCK.UPDATE,
      raw: true,
    });
    if (!challenge || new Date(challenge.expiresAt).getTime() <= now.getTime()) {
      throw new SeglError({ code: 'otp_expired', message: 'there is no valid code: request a new one' });
    }
    if (challenge.attempts >= OTP_MAX_ATTEMPTS) {
      throw new SeglError({
        code: 'otp_invalid',
        message: 'too many wrong codes: request a new one',
        details: { attemptsLeft: 0 },
      });
    }
    const right =
      /^\d{6}$/.test(options.code) && constantTimeEqual(hashCode(challenge.id, options.code), challenge.secretHash);
    if (!right) {
      await db.models.SignerChallenge.update(
        { attempts: challenge.attempts + 1 },
        { where: { id: challenge.id }, transaction },
      );
      const attemptsLeft = OTP_MAX_ATTEMPTS - challenge.attempts - 1;
      // returned, not thrown: throwing would roll back the counted attempt
      const message = attemptsLeft ? 'that code is not right' : 'too many wrong codes: request a new one';
      return { refused: new SeglError({ code: 'otp_invalid', message, details: { attemptsLeft } }) };
    }
    await db.models.SignerChallenge.update(
      { consumedAt: now, attempts: challenge.attempts + 1 },
      { where: { id: challenge.id }, transaction },
    );
    const identity: SignerIdentity = { method: 'email-otp', level: 'simple', email: signer.email, name: signer.name };
    const purpose = authenticationPurpose(signer, document);
    const client = { ip: options.ip, userAgent: options.userAgent };
    return startAuthenticatedSession({
      db,
      transaction,
      documentId: document.id,
      signer,
      identity,
      purpose,
      now,
      ...client,
    });
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome;
}
