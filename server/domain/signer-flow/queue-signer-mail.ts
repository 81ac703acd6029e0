import { Op, type Transaction } from 'sequelize';
import { unwrapSecret, unwrapSecretWithAny, wrapSecret } from '../../crypto/key-encryption-key.js';
import { rewrapUnderNewKek, type KekRotationKeys } from '../../crypto/rewrap-under-new-kek.js';
import { isSeglError } from '../../lib/errors.js';
import type { Database } from '../../storage/database.js';
import { candidateKeysOf, wrappingKeyOf, type KekSource } from '../keys/key-ring.js';
import { enqueueJob } from '../jobs/job-queue.js';
import type { OutgoingMessage } from '../mail/mailer.js';

const MAIL_LABEL = 'segl/queued-mail';

/** What a queued mail job carries: the message sealed under the KEK (it holds a signing link), and for whom. */
export interface QueuedMail {
  sealed: string;
  documentId: string;
  signerId?: string;
  /**
   * Invitations and reminders (recorded as `signer.delivered` once the relay or outbox took them, dropped once the
   * signer or document is done), completion notices, and notices that a document was withdrawn.
   */
  purpose: 'invitation' | 'reminder' | 'completed' | 'cancelled';
  /** Attach the sealed PDF when sending, if it is at most `maxBytes` (read then, so the queue never holds it). */
  attachFinalPdf?: { fileName: string; maxBytes: number };
}

/** Queues a message in the caller's transaction; the `send-mail` job sends it, retrying while the relay is down. */
export async function queueSignerMail(options: {
  db: Database;
  transaction: Transaction;
  kek: KekSource;
  message: OutgoingMessage;
  documentId: string;
  signerId?: string;
  purpose: QueuedMail['purpose'];
  attachFinalPdf?: QueuedMail['attachFinalPdf'];
  now: Date;
}): Promise<void> {
  const kek = await wrappingKeyOf(options.kek);
  const sealed = Buffer.from(
    wrapSecret({ kek, plaintext: Buffer.from(JSON.stringify(options.message), 'utf8'), label: MAIL_LABEL }),
  ).toString('base64');
  const payload: QueuedMail = {
    sealed,
    documentId: options.documentId,
    signerId: options.signerId,
    purpose: options.purpose,
    ...(options.attachFinalPdf ? { attachFinalPdf: options.attachFinalPdf } : {}),
  };
  await enqueueJob({
    db: options.db,
    transaction: options.transaction,
    kind: 'send-mail',
    payload: payload as unknown as Record<string, unknown>,
    runAt: options.now,
  });
}

export async function openQueuedMail(options: { kek: KekSource; mail: QueuedMail }): Promise<OutgoingMessage> {
  const wrapped = new Uint8Array(Buffer.from(options.mail.sealed, 'base64'));
  const plain = unwrapSecretWithAny({ keks: await candidateKeysOf(options.kek), wrapped, label: MAIL_LABEL });
  return JSON.parse(Buffer.from(plain).toString('utf8')) as OutgoingMessage;
}

/**
 * For `segl keys rotate`: re-seals the messages of mail jobs that may still run (queued or running) under the new
 * KEK; without it, once the old key is gone, no queued invitation could be sent. A message that already opens with
 * the new key is done (a rerun skips it); one that opens with neither, or a payload that is not a queued mail, was
 * lost before this rotation and stays as it is. Returns how many changed.
 */
export async function rewrapQueuedMail(options: KekRotationKeys & { db: Database }): Promise<number> {
  const jobs = await options.db.models.Job.findAll({
    where: { kind: 'send-mail', status: { [Op.in]: ['queued', 'running'] } },
    attributes: ['id', 'payload'],
    raw: true,
  });
  let count = 0;
  for (const job of jobs) {
    const mail = readQueuedMail(job.payload);
    if (!mail) continue;
    const open = (kek: Uint8Array) =>
      unwrapSecret({ kek, wrapped: new Uint8Array(Buffer.from(mail.sealed, 'base64')), label: MAIL_LABEL });
    let sealed: string | undefined;
    try {
      sealed = rewrapUnderNewKek({
        ...options,
        subject: `queued mail ${job.id}`,
        open,
        seal: (kek, plaintext) => Buffer.from(wrapSecret({ kek, plaintext, label: MAIL_LABEL })).toString('base64'),
      });
    } catch (error) {
      if (isSeglError(error) && error.code === 'kek_mismatch') continue;
      throw error;
    }
    if (sealed === undefined) continue;
    const payload = JSON.stringify({ ...mail, sealed });
    const [changed] = await options.db.models.Job.update({ payload }, { where: { id: job.id, payload: job.payload } });
    count += changed;
  }
  return count;
}

function readQueuedMail(payload: string): QueuedMail | undefined {
  try {
    const mail = JSON.parse(payload) as Partial<QueuedMail> | null;
    return typeof mail?.sealed === 'string' ? (mail as QueuedMail) : undefined;
  } catch {
    return undefined;
  }
}
