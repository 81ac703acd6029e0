import { SeglError } from '../../lib/errors.js';
import { SYSTEM_ACTOR, signerActor } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { enqueueJob } from '../jobs/job-queue.js';
import { consentRecord } from './consent-text.js';
import { inviteSigners } from './invite-signers.js';
import { resolveSigningLink } from './resolve-signing-link.js';
import { findSignerSession } from './signer-sessions.js';
import { documentNotPending, notAuthenticated, signerDone } from './signing-errors.js';
import { lockSigningDocument } from './lock-signing-document.js';
import { signersWhoseTurnItIs } from './signing-turn.js';
import type { SignerFlow } from './signer-flow.js';
import { timestampAuditEvent } from './timestamp-audit-event.js';
import { expireIfDue } from './expire-documents.js';
import { queueSenderNotice } from './notify-sender.js';
import type { RequestOrigin } from '../request-origin.js';

/** How long the signing request waits for the seal, so that the last signer sees "completed" at once. */
export const WAIT_FOR_SEAL_MS = 4000;

export interface SignOutcome {
  status: 'signed';
  documentStatus: 'pending' | 'completed';
}

/**
 * The signer signs: authenticated (session cookie), consenting, their turn, the document still pending, and (when
 * they send it) the SHA-256 of what they saw equal to what is signed. The signing event is timestamped by the TSA
 * (or by a retried job when it is down). The last signature queues the seal and waits briefly for it.
 */
export async function signAsSigner(
  options: RequestOrigin & {
    flow: SignerFlow;
    token: string;
    sessionToken?: string;
    consent: true;
    sha256?: string;
    /** The language the consent text was shown in; the signer's own by default. */
    language?: 'nb' | 'en';
  },
): Promise<SignOutcome> {
  const { flow } = options;
  const { db, clock } = flow.archive;
  const resolved = await resolveSigningLink({ db, token: options.token, now: clock.now() });
  await expireIfDue({ db, document: resolved.document, now: clock.now() });
  const outcome = await db.transaction(async (transaction) => {
    const document = await lockSigningDocument({ db, documentId: resolved.document.id, transaction });
    // the time is read under the lock, so events in the chain never go back in time
    const now = clock.now();
    const signers = await db.models.Signer.findAll({
      where: { documentId: document.id },
      order: [['position', 'ASC']],
      transaction,
      raw: true,
    });
    const signer = signers.find((s) => s.id === resolved.signer.id)!;
    const session = await findSignerSession({ db, signerId: signer.id, token: options.sessionToken, now, transaction });
    if (!session) throw notAuthenticated();
    if (document.status !== 'pending') {
      throw documentNotPending(document.status);
    }
    if (signer.status !== 'pending') {
      throw signerDone(signer.status);
    }
    const order = document.signingOrder ?? 'parallel';
    if (!signersWhoseTurnItIs({ order, signers }).some((s) => s.id === signer.id)) {
      throw new SeglError({ code: 'not_your_turn', message: 'an earlier signer has to sign first' });
    }
    if (options.sha256 !== undefined && options.sha256.toLowerCase() !== document.sha256) {
      throw new SeglError({
        code: 'document_changed',
        message: 'the document you saw is not the one to be signed; reload the page',
        details: { expected: document.sha256 },
      });
    }
    // the identity of the session that signs, not whatever login happened last on another device
    const identity = session.identity;
    const { sealedClaims: _sealed, ...shownIdentity } = identity;
    await db.models.Signer.update(
      { status: 'signed', signedAt: now, identity: JSON.stringify(identity), updatedAt: now },
      { where: { id: signer.id }, transaction },
    );
    const signed = await appendAuditEvent({
      db,
      transaction,
      documentId: document.id,
      type: 'signer.signed',
      at: now,
      actor: signerActor(signer),
      ip: options.ip,
      userAgent: options.userAgent,
      data: {
        signerId: signer.id,
        method: session.method,
        level: identity.level,
        identity: shownIdentity,
        sha256: document.sha256,
        // whether the signer's page hashed the bytes it showed and sent that hash (the signer page always does)
        sha256ConfirmedByClient: options.sha256 !== undefined,
        consent: consentRecord(options.language ?? signer.language),
      },
    });
    const remaining = signers.filter((s) => s.status === 'pending' && s.id !== signer.id);
    // after the last signature the seal goes first: the signer is waiting for it
    await queueSenderNotice({
      db,
      transaction,
      notice: { documentId: document.id, kind: 'signed', signerId: signer.id },
      now,
      delayMs: remaining.length ? 0 : 10_000,
    });
    let sealJob: string | undefined;
    if (!remaining.length) {
      await db.models.Document.update(
        { completedAt: now, updatedAt: now },
        { where: { id: document.id }, transaction },
      );
      await appendAuditEvent({
        db,
        transaction,
        documentId: document.id,
        type: 'document.completed',
        at: now,
        actor: SYSTEM_ACTOR,
        data: { signerCount: signers.length },
      });
      sealJob = await enqueueJob({
        db,
        transaction,
        kind: 'seal-document',
        payload: { documentId: document.id },
        dedupeKey: `seal:${document.id}`,
        runAt: now,
      });
    } else if (order === 'sequential') {
      const after = signersWhoseTurnItIs({
        order,
        signers: signers.map((s) => (s.id === signer.id ? { ...s, status: 'signed' as const } : s)),
      });
      const next = after.filter((s) => !s.invitedAt);
      if (next.length) {
        const sender = document.createdBy
          ? await db.models.User.findByPk(document.createdBy, { attributes: ['name'], transaction, raw: true })
          : null;
        await inviteSigners({
          flow,
          transaction,
          document,
          signers: next,
          senderName: sender?.name ?? 'Segl',
          kind: 'invitation',
          now,
          sequentialTurn: true,
        });
      }
    }
    return { eventId: signed.id, documentId: document.id, sealJob, last: !remaining.length };
  });

  try {
    await timestampAuditEvent({ db, sealer: flow.sealer, eventId: outcome.eventId, timeoutMs: 5000 });
  } catch {
    const payload = { eventId: outcome.eventId, documentId: outcome.documentId };
    await enqueueJob({ db, kind: 'timestamp-event', payload, dedupeKey: `tsa:${outcome.eventId}`, runAt: clock.now() });
  }
  flow.jobs.kick();
  if (!outcome.last) return { status: 'signed', documentStatus: 'pending' };
  // Wait for the seal: woken by this process's job runner when it finishes an attempt, else (another node took it,
  // or someone else queued it) looking again every 250 ms. An attempt that ended without sealing will be retried
  // later (a TSA outage): the signer hears "pending" now.
  const deadline = Date.now() + WAIT_FOR_SEAL_MS;
  let attemptEnded = false;
  while (Date.now() < deadline) {
    const document = await db.models.Document.findByPk(outcome.documentId, { attributes: ['status'], raw: true });
    if (document?.status === 'completed') return { status: 'signed', documentStatus: 'completed' };
    if (attemptEnded) break;
    const wait = Math.max(0, Math.min(250, deadline - Date.now()));
    if (outcome.sealJob && flow.jobs.settled) attemptEnded = await flow.jobs.settled(outcome.sealJob, wait);
    else await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 50)));
  }
  return { status: 'signed', documentStatus: 'pending' };
}
