import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { createOutboxMailer } from './outbox-mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';
import type { RenderedMail } from './mail-layout.js';

export type MailLanguage = 'nb' | 'en';

/** One message to one person; `text` is always sent, `html` as an alternative when given. */
export interface OutgoingMessage {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html?: string;
  language: MailLanguage;
  /** Files sent with the message (the signed PDF with a completion notice). */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  /** The document the message is about: an outbox file carries it in its name, so that erasure finds the file. */
  documentId?: string;
}

/** A rendered mail for one person, in the language it was rendered in. */
export function mailTo(options: {
  person: { name: string; email: string };
  mail: RenderedMail;
  language: MailLanguage;
}): OutgoingMessage {
  const { person, mail } = options;
  const to = { name: person.name, address: person.email };
  return { to, subject: mail.subject, text: mail.text, html: mail.html, language: options.language };
}

export interface SentMail {
  messageId: string;
  transport: 'smtp' | 'outbox';
}

/** Outgoing mail: an SMTP relay (`SEGL_SMTP_URL`) or, by default, `.eml` files in `DATA/outbox/`. */
export interface Mailer {
  send(message: OutgoingMessage): Promise<SentMail>;
  /** Where mail goes, safe to print and log (never a password). */
  describe(): string;
}

/** SMTP when `smtpUrl` is set, otherwise the outbox directory under `dataDir`. */
export function createMailer(options: {
  smtpUrl?: string;
  dataDir: string;
  from?: string;
  logger?: Logger;
  clock?: Clock;
}): Mailer {
  if (options.smtpUrl)
    return createSmtpMailer({
      smtpUrl: options.smtpUrl,
      from: options.from,
      logger: options.logger,
      clock: options.clock,
    });
  return createOutboxMailer({
    dataDir: options.dataDir,
    from: options.from,
    logger: options.logger,
    clock: options.clock,
  });
}
