import { SeglError } from '../../lib/errors.js';
import { mailTo } from '../mail/mailer.js';
import type { FolderAccess } from '../access/folder-access.js';
import { staffActor } from '../audit/audit-actor.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { lockVisibleDocument } from '../documents/find-visible-document.js';
import type { SignerFlow } from './signer-flow.js';
import { revokeSigningLinks } from './signing-links.js';
import { queueSignerMail } from './queue-signer-mail.js';
import { composeCancelledNotice } from '../mail/notice-messages.js';
import { formatDocumentCode } from '../documents/document-code.js';
import type { RequestOrigin } from '../request-origin.js';

/** Withdraws a draft or pending document: it becomes cancelled and every signing link stops working. */
export async function cancelDocument(
  options: RequestOrigin & {
    flow: SignerFlow;
    access: FolderAccess;
    documentId: string;
    reason?: string;
  },
): Promise<{ id: string; status: 'cancelled' }> {
  const { flow, access } = options;
  const { db, clock } = flow.archive;
  const now = clock.now();
  return db
    .transaction(async (transaction) => {
      const document = await lockVisibleDocument({ db, access, documentId: options.documentId }, 'editor', transaction);
      if (document.status !== 'pending' && document.status !== 'draft') {
        throw new SeglError({
          code: 'document_not_pending',
          message: `the document is ${document.status}; only drafts and pending documents can be cancelled`,
        });
      }
      if (document.status === 'pending' && document.completedAt) {
        // once every signer signed, only a seal that was given up (see recordSealingFailed) may be withdrawn
        const seal = await db.models.Job.findOne({
          where: { dedupeKey: `seal:${document.id}` },
          attributes: ['status'],
          transaction,
          raw: true,
        });
        if (seal?.status !== 'failed') {
          throw new SeglError({
            code: 'document_sealing',
            message: 'every signer has signed; the document is being sealed',
          });
        }
      }
      await db.models.Document.update(
        { status: 'cancelled', endedAt: now, updatedAt: now },
        { where: { id: document.id }, transaction },
      );
      const signers = await db.models.Signer.findAll({ where: { documentId: document.id }, transaction, raw: true });
      await revokeSigningLinks({ db, transaction, signerIds: signers.map((s) => s.id), now });
      // those whose invitation went out and who have not signed hear that they need not (the others never heard of it)
      const delivered = new Set(
        (
          await db.models.AuditEvent.findAll({
            where: { documentId: document.id, type: 'signer.delivered' },
            attributes: ['data'],
            transaction,
            raw: true,
          })
        ).map((e) => (JSON.parse(e.data) as { signerId?: string }).signerId),
      );
      for (const signer of signers.filter((s) => s.status === 'pending' && delivered.has(s.id))) {
        const language: 'nb' | 'en' = signer.language === 'en' ? 'en' : 'nb';
        const mail = composeCancelledNotice({
          language,
          signerName: signer.name,
          senderName: access.principal.name,
          documentTitle: document.title,
          documentCode: formatDocumentCode(document.code),
          reason: options.reason,
        });
        const message = mailTo({ person: signer, mail, language });
        await queueSignerMail({
          db,
          transaction,
          kek: flow.archive.keyRing,
          message,
          documentId: document.id,
          signerId: signer.id,
          purpose: 'cancelled',
          now,
        });
      }
      await appendAuditEvent({
        db,
        transaction,
        documentId: document.id,
        type: 'document.cancelled',
        at: now,
        actor: staffActor(access.principal),
        ip: options.ip,
        userAgent: options.userAgent,
        data: { status: 'cancelled', reason: options.reason ?? null },
      });
      return { id: document.id, status: 'cancelled' as const };
    })
    .finally(() => flow.jobs.kick());
}
