import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { SigningServices } from './signing-services.js';
import { openQueuedMail, type QueuedMail } from './queue-signer-mail.js';

/** The `send-mail` job: hand the message to the relay or outbox, then record that it was delivered. */
export async function sendQueuedMail(options: { services: SigningServices; mail: QueuedMail; now: Date }): Promise<void> {
  const { services, mail } = options;
  const { db } = services.archive;
  const message = await openQueuedMail({ kek: services.archive.keyRing, mail });
  const sent = await services.mailer.send(message);
  if (!mail.signerId || mail.purpose === 'completed') return;
  const document = await db.models.Document.findByPk(mail.documentId, { attributes: ['id', 'status'], raw: true });
  if (!document || document.status === 'deleted') return;
  await db.transaction(async (transaction) => {
    await appendAuditEvent({
      db,
      transaction,
      documentId: mail.documentId,
      type: 'signer.delivered',
      at: services.archive.clock.now(),
      actor: SYSTEM_ACTOR,
      data: { signerId: mail.signerId, purpose: mail.purpose, transport: sent.transport, messageId: sent.messageId },
    });
  });
}
