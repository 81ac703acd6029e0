import type { Transaction } from 'sequelize';
import { mailTo } from '../mail/mailer.js';
import type { Database } from '../../storage/database.js';
import { formatDocumentCode } from '../documents/document-code.js';
import { enqueueJob } from '../jobs/job-queue.js';
import { composeSenderNotice, type SenderNoticeKind } from '../mail/notice-messages.js';
import type { SignerFlow } from './signer-flow.js';

export interface SenderNoticeJob {
  documentId: string;
  kind: SenderNoticeKind;
  signerId?: string;
}

/**
 * Queues a notice to the document's sender in the caller's transaction. The job carries ids only: the message is
 * written when it is sent, from what the database says then (nothing personal waits in the queue).
 */
export async function queueSenderNotice(options: {
  db: Database;
  transaction: Transaction;
  notice: SenderNoticeJob;
  now: Date /** later than now: let more urgent work (the seal) go first */;
  delayMs?: number;
}): Promise<void> {
  const { notice } = options;
  await enqueueJob({
    db: options.db,
    transaction: options.transaction,
    kind: 'notify-sender',
    payload: { ...notice },
    dedupeKey: `notice:${notice.kind}:${notice.documentId}:${notice.signerId ?? ''}`,
    runAt: new Date(options.now.getTime() + (options.delayMs ?? 0)),
  });
}

/**
 * The `notify-sender` job: the sender (the staff member who uploaded it) hears what happened, in the document's
 * language.
 */
export async function sendSenderNotice(options: {
  flow: SignerFlow;
  notice: SenderNoticeJob;
}): Promise<'sent' | 'dropped'> {
  const { flow, notice } = options;
  const { db } = flow.archive;
  const document = await db.models.Document.findByPk(notice.documentId, { raw: true });
  if (!document || document.auditErasedSeq || document.status === 'deleted' || !document.createdBy) return 'dropped';
  const sender = await db.models.User.findByPk(document.createdBy, {
    attributes: ['name', 'email', 'disabledAt'],
    raw: true,
  });
  if (!sender || sender.disabledAt) return 'dropped';
  const signers = await db.models.Signer.findAll({
    where: { documentId: document.id },
    attributes: ['id', 'name', 'status', 'declineReason'],
    raw: true,
  });
  const signer = notice.signerId ? signers.find((s) => s.id === notice.signerId) : undefined;
  const language = document.language === 'en' ? 'en' : 'nb';
  const mail = composeSenderNotice({
    kind: notice.kind,
    language,
    senderName: sender.name,
    documentTitle: document.title,
    documentCode: formatDocumentCode(document.code),
    documentUrl: `${flow.config.publicUrl}/app/documents/${encodeURIComponent(document.id)}`,
    signerName: signer?.name,
    reason: signer?.declineReason,
    signed: signers.filter((s) => s.status === 'signed').length,
    total: signers.length,
  });
  await flow.mailer.send({ ...mailTo({ person: sender, mail, language }), documentId: document.id });
  return 'sent';
}
