import { mkdirSync, promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { syncDirectory, writeFileAtomic } from '../../lib/atomic-write.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { buildMailOptions } from './mail-options.js';
import type { Mailer, OutgoingMessage, SentMail } from './mailer.js';

export function outboxDirectory(dataDir: string): string {
  return join(dataDir, 'outbox');
}

const DOCUMENT_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `20261127T101500123Z-<random>.eml`, or `...-<random>.<document id>.eml` for a message about a document: sorts by
 * time, never collides, and erasure finds a document's messages by name.
 */
export function outboxFileName(options: { at: Date; documentId?: string }): string {
  const about = options.documentId && DOCUMENT_ID.test(options.documentId) ? `.${options.documentId}` : '';
  return `${options.at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(8).toString('hex')}${about}.eml`;
}

/**
 * Erasure of a document reaches the outbox too: its messages (names, addresses, the title, links) are removed.
 * Returns how many went. Messages already handed to an SMTP relay are beyond the appliance's reach.
 */
export async function removeOutboxMessages(options: { dataDir: string; documentId: string }): Promise<number> {
  if (!DOCUMENT_ID.test(options.documentId)) return 0;
  const dir = outboxDirectory(options.dataDir);
  const suffix = `.${options.documentId}.eml`;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((entry) => entry.endsWith(suffix))) {
    await fs.unlink(join(dir, name)).then(
      () => (removed += 1),
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
  }
  if (removed) syncDirectory(dir);
  return removed;
}

/**
 * The default mailer: every message becomes a complete RFC 5322 `.eml` file in `DATA/outbox/` (0700 directory, 0600
 * files, since messages carry signing links and one-time codes), written atomically so a reader never sees half a file.
 */
export function createOutboxMailer(options: {
  dataDir: string;
  from?: string;
  logger?: Logger;
  clock?: Clock;
}): Mailer {
  const dir = outboxDirectory(options.dataDir);
  const clock = options.clock ?? systemClock;
  return {
    describe: () => `outbox ${dir}`,
    async send(message: OutgoingMessage): Promise<SentMail> {
      const at = clock.now();
      const node = new MailComposer(buildMailOptions({ message, from: options.from, date: at })).compile();
      const bytes = await node.build();
      const messageId = node.messageId();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = outboxFileName({ at, documentId: message.documentId });
      writeFileAtomic(join(dir, file), bytes, { mode: 0o600 });
      options.logger?.info({ transport: 'outbox', messageId, file }, 'mail written to the outbox');
      return { messageId, transport: 'outbox' };
    },
  };
}
