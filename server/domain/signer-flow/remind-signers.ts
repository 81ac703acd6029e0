import { SeglError } from '../../lib/errors.js';
import type { FolderAccess } from '../access/folder-access.js';
import { staffActor } from '../audit/audit-actor.js';
import { lockVisibleDocument } from '../documents/find-visible-document.js';
import { inviteSigners } from './invite-signers.js';
import { signersWhoseTurnItIs } from './signing-turn.js';
import { revokeSigningLinks } from './signing-links.js';
import type { SignerFlow } from './signer-flow.js';
import type { RequestOrigin } from '../request-origin.js';

/** A reminder may go to the same signer at most this often. */
export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Reminds the signers whose turn it is, unless they were reminded within the hour. Each gets a fresh link and the
 * earlier ones stop working: a forwarded or leaked invitation is dead once the signer is reminded.
 */
export async function remindSigners(
  options: RequestOrigin & {
    flow: SignerFlow;
    access: FolderAccess;
    documentId: string;
  },
): Promise<{ reminded: string[]; skipped: string[] }> {
  const { flow, access } = options;
  const { db, clock } = flow.archive;
  const now = clock.now();
  const result = await db.transaction(async (transaction) => {
    const document = await lockVisibleDocument({ db, access, documentId: options.documentId }, 'editor', transaction);
    if (document.status !== 'pending') {
      throw new SeglError({
        code: 'document_not_pending',
        message: `the document is ${document.status}; only pending documents can be reminded`,
      });
    }
    const signers = await db.models.Signer.findAll({ where: { documentId: document.id }, transaction, raw: true });
    const due = signersWhoseTurnItIs({ order: document.signingOrder ?? 'parallel', signers });
    const recent = (at: Date | null) => at !== null && now.getTime() - new Date(at).getTime() < REMINDER_INTERVAL_MS;
    const remind = due.filter((s) => !recent(s.remindedAt) && !recent(s.invitedAt));
    // a reminder starts the e-mailed codes afresh (a signer locked out by wrong guesses can try again)
    if (remind.length)
      await db.models.SignerChallenge.destroy({
        where: { signerId: remind.map((s) => s.id), kind: 'otp' },
        transaction,
      });
    await revokeSigningLinks({ db, transaction, signerIds: remind.map((s) => s.id), now });
    await inviteSigners({
      flow,
      transaction,
      document: document.get({ plain: true }),
      signers: remind,
      senderName: access.principal.name,
      kind: 'reminder',
      actor: staffActor(access.principal),
      ip: options.ip,
      userAgent: options.userAgent,
      now,
    });
    return { reminded: remind.map((s) => s.id), skipped: due.filter((s) => !remind.includes(s)).map((s) => s.id) };
  });
  flow.jobs.kick();
  return result;
}
