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

/** A file that writeFileAtomic left behind when it was interrupted: `.<name>.<pid>.<random>.tmp`. */
const isInterruptedWrite = (name: string) => name.startsWith('.') && name.endsWith('.tmp');

/**
 * Deletion of a document reaches the outbox too: its messages (names, addresses, the title, links, an attached PDF),
 * and what interrupted writes of them left, are removed. Returns how many went. Messages already handed to an SMTP
 * relay are beyond the appliance's reach.
 */
export async function removeOutboxMessages(options: { dataDir: string; documentId: string }): Promise<number> {
  if (!DOCUMENT_ID.test(options.documentId)) return 0;
  const dir = outboxDirectory(options.dataDir);
  const suffix = `.${options.documentId}.eml`;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const ofDocument = (name: string) =>
    name.endsWith(suffix) || (isInterruptedWrite(name) && name.includes(`${suffix}.`));
  return removeFiles(dir, names.filter(ofDocument));
}

/**
 * Removes what interrupted outbox writes left (they may hold a whole message) when older than `olderThan`: another
 * process may be writing one right now.
 */
export async function removeInterruptedOutboxWrites(options: { dataDir: string; olderThan: Date }): Promise<number> {
  const dir = outboxDirectory(options.dataDir);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter(isInterruptedWrite);
  const stale: string[] = [];
  for (const name of names) {
    const stat = await fs.stat(join(dir, name)).catch(() => undefined);
    if (stat && stat.mtime <= options.olderThan) stale.push(name);
  }
  return removeFiles(dir, stale);
}

async function removeFiles(dir: string, names: string[]): Promise<number> {
  let removed = 0;
  for (const name of names) {
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
