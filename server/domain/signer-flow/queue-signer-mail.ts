import type { Transaction } from 'sequelize';
import { unwrapSecretWithAny, wrapSecret } from '../../crypto/key-encryption-key.js';
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
