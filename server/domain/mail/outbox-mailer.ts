import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { writeFileAtomic } from '../../lib/atomic-write.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { buildMailOptions } from './mail-options.js';
import type { Mailer, OutgoingMessage, SentMail } from './mailer.js';

export function outboxDirectory(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** `20261127T101500123Z-<random>.eml`: sorts by time, never collides. */
export function outboxFileName(options: { at: Date }): string {
  return `${options.at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(8).toString('hex')}.eml`;
}

/**
 * The default mailer: every message becomes a complete RFC 5322 `.eml` file in `DATA/outbox/` (0700 directory, 0600
 * files, since messages carry signing links and one-time codes), written atomically so a reader never sees half a file.
 */
export function createOutboxMailer(options: { dataDir: string; from?: string; logger?: Logger; clock?: Clock }): Mailer {
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
      const file = outboxFileName({ at });
      writeFileAtomic(join(dir, file), bytes, { mode: 0o600 });
      options.logger?.info({ transport: 'outbox', messageId, file }, 'mail written to the outbox');
      return { messageId, transport: 'outbox' };
    },
  };
}
