import type { Transaction } from 'sequelize';
import { mailTo } from '../mail/mailer.js';
import type { DocumentAttributes } from '../../storage/models/document.js';
import type { SignerAttributes } from '../../storage/models/signer.js';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { formatDocumentCode } from '../documents/document-code.js';
import { composeInvitationMessage } from '../mail/invitation-message.js';
import { composeReminderMessage } from '../mail/reminder-message.js';
import { queueSignerMail } from './queue-signer-mail.js';
import { createSigningLink } from './signing-links.js';
import { signingUrlOf, type SignerFlow } from './signer-flow.js';
import type { RequestOrigin } from '../request-origin.js';

/**
 * A fresh link for each signer and a queued invitation (or reminder) e-mail carrying it, with the audit events,
 * in the caller's transaction. Returns the signing URLs by signer id.
 */
export async function inviteSigners(
  options: RequestOrigin & {
    flow: SignerFlow;
    transaction: Transaction;
    document: DocumentAttributes;
    signers: SignerAttributes[];
    senderName: string;
    kind: 'invitation' | 'reminder';
    actor?: AuditActor;
    now: Date;
    sequentialTurn?: boolean;
  },
): Promise<Map<string, string>> {
  const { flow, transaction, document, now } = options;
  const { db } = flow.archive;
  const urls = new Map<string, string>();
  const expiresAt = new Date(document.expiresAt!);
  for (const signer of options.signers) {
    const token = await createSigningLink({ db, transaction, signerId: signer.id, expiresAt, now });
    const signingUrl = signingUrlOf(flow.config.publicUrl, token);
    urls.set(signer.id, signingUrl);
    const compose = options.kind === 'invitation' ? composeInvitationMessage : composeReminderMessage;
    const mail = compose({
      language: signer.language,
      signerName: signer.name,
      senderName: options.senderName,
      documentTitle: document.title,
      documentCode: formatDocumentCode(document.code),
      signingUrl,
      expiresAt,
      timeZone: flow.config.timeZone,
      sequentialTurn: options.sequentialTurn,
    });
    await queueSignerMail({
      db,
      transaction,
      kek: flow.archive.keyRing,
      message: mailTo({ person: signer, mail, language: signer.language }),
      documentId: document.id,
      signerId: signer.id,
      purpose: options.kind,
      now,
    });
    const field = options.kind === 'invitation' ? { invitedAt: now } : { remindedAt: now };
    await db.models.Signer.update({ ...field, updatedAt: now }, { where: { id: signer.id }, transaction });
    await appendAuditEvent({
      db,
      transaction,
      documentId: document.id,
      type: options.kind === 'invitation' ? 'signer.invited' : 'signer.reminded',
      at: now,
      actor: options.actor ?? SYSTEM_ACTOR,
      ip: options.ip,
      userAgent: options.userAgent,
      data: { signerId: signer.id, email: signer.email, channel: 'email', expiresAt: expiresAt.toISOString() },
    });
  }
  return urls;
}
