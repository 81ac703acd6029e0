import { appendAuditEvent } from '../audit/append-audit-event.js';
import { resolveSigningLink } from './resolve-signing-link.js';
import { findSignerSession } from './signer-sessions.js';
import { documentNotPending, notAuthenticated, signerDone } from './signing-errors.js';
import { lockSigningDocument } from './lock-signing-document.js';
import type { SignerFlow } from './signer-flow.js';
import { queueSenderNotice } from './notify-sender.js';
import { signerActor } from '../audit/audit-actor.js';
import type { RequestOrigin } from '../request-origin.js';

/** The signer declines with a reason: the whole document is declined and the sender sees why. */
export async function declineAsSigner(
  options: RequestOrigin & {
    flow: SignerFlow;
    token: string;
    sessionToken?: string;
    reason: string;
  },
): Promise<{ status: 'declined' }> {
  const { flow } = options;
  const { db, clock } = flow.archive;
  const resolved = await resolveSigningLink({ db, token: options.token, now: clock.now() });
  await db.transaction(async (transaction) => {
    const document = await lockSigningDocument({ db, documentId: resolved.document.id, transaction });
    const now = clock.now();
    const signer = (await db.models.Signer.findByPk(resolved.signer.id, { transaction, raw: true }))!;
    if (!(await findSignerSession({ db, signerId: signer.id, token: options.sessionToken, now, transaction })))
      throw notAuthenticated();
    if (document.status !== 'pending' || document.completedAt) {
      throw documentNotPending(document.status);
    }
    if (signer.status !== 'pending') {
      throw signerDone(signer.status);
    }
    await db.models.Signer.update(
      { status: 'declined', declinedAt: now, declineReason: options.reason, updatedAt: now },
      { where: { id: signer.id }, transaction },
    );
    await db.models.Document.update(
      { status: 'declined', endedAt: now, updatedAt: now },
      { where: { id: document.id }, transaction },
    );
    await appendAuditEvent({
      db,
      transaction,
      documentId: document.id,
      type: 'signer.declined',
      at: now,
      actor: signerActor(signer),
      ip: options.ip,
      userAgent: options.userAgent,
      data: { signerId: signer.id, reason: options.reason, status: 'declined' },
    });
    await queueSenderNotice({
      db,
      transaction,
      notice: { documentId: document.id, kind: 'declined', signerId: signer.id },
      now,
    });
  });
  return { status: 'declined' };
}
