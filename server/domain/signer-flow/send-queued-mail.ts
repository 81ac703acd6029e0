import { SYSTEM_ACTOR } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { SignerFlow } from './signer-flow.js';
import { openQueuedMail, type QueuedMail } from './queue-signer-mail.js';
import { readDocumentBlob } from '../documents/read-document-blob.js';

/**
 * Whether a queued invitation or reminder still makes sense: not once the document left `pending` (cancelled,
 * declined, expired, deleted) or the signer is done. Completion notices go out unless the document was deleted:
 * its outbox messages went with it, and a notice written now would bring its title and names back.
 */
async function stillWanted(flow: SignerFlow, mail: QueuedMail): Promise<boolean> {
  const { db } = flow.archive;
  const document = await db.models.Document.findByPk(mail.documentId, {
    attributes: ['status', 'auditErasedSeq'],
    raw: true,
  });
  if (!document || document.auditErasedSeq) return false;
  if (mail.purpose === 'completed') return document.status !== 'deleted';
  if (mail.purpose === 'cancelled') return document.status === 'cancelled';
  const signer = mail.signerId
    ? await db.models.Signer.findByPk(mail.signerId, { attributes: ['status'], raw: true })
    : null;
  return document?.status === 'pending' && (!mail.signerId || signer?.status === 'pending');
}

/** The sealed PDF, decrypted, when the document still has it and it is at most `maxBytes`; else null. */
async function finalPdfUpTo(options: {
  flow: SignerFlow;
  documentId: string;
  maxBytes: number;
}): Promise<Buffer | null> {
  const { archive } = options.flow;
  const blob = await archive.db.models.DocumentBlob.findOne({
    where: { documentId: options.documentId, kind: 'final' },
    raw: true,
  });
  if (!blob || Number(blob.sizeBytes) > options.maxBytes) return null;
  const stream = await readDocumentBlob({ archive, documentId: options.documentId, blobName: blob.blobName });
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The `send-mail` job: hand the message to the relay or outbox, then record that it was delivered. */
export async function sendQueuedMail(options: {
  flow: SignerFlow;
  mail: QueuedMail;
  now: Date;
}): Promise<'sent' | 'dropped'> {
  const { flow, mail } = options;
  const { db } = flow.archive;
  if (!(await stillWanted(flow, mail))) {
    flow.archive.logger?.info(
      { documentId: mail.documentId, purpose: mail.purpose },
      'queued mail dropped: the document or signer is no longer pending',
    );
    return 'dropped';
  }
  const message = await openQueuedMail({ kek: flow.archive.keyRing, mail });
  if (mail.attachFinalPdf) {
    const pdf = await finalPdfUpTo({ flow, documentId: mail.documentId, maxBytes: mail.attachFinalPdf.maxBytes });
    if (pdf)
      message.attachments = [{ filename: mail.attachFinalPdf.fileName, contentType: 'application/pdf', content: pdf }];
  }
  const sent = await flow.mailer.send({ ...message, documentId: mail.documentId });
  const document = await db.models.Document.findByPk(mail.documentId, { attributes: ['id', 'status'], raw: true });
  if (!document || document.status === 'deleted') {
    // deleted while this message was written: the deletion's sweep of the outbox may have run before it landed
    await flow.archive.outbox.removeMessagesOf(mail.documentId);
    return 'sent';
  }
  if (!mail.signerId || mail.purpose === 'completed' || mail.purpose === 'cancelled') return 'sent';
  await db.transaction(async (transaction) => {
    await appendAuditEvent({
      db,
      transaction,
      documentId: mail.documentId,
      type: 'signer.delivered',
      at: flow.archive.clock.now(),
      actor: SYSTEM_ACTOR,
      data: { signerId: mail.signerId, purpose: mail.purpose, transport: sent.transport, messageId: sent.messageId },
    });
  });
  return 'sent';
}
