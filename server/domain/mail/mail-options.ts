import type { MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { SeglError } from '../../lib/errors.js';
import type { OutgoingMessage } from './mailer.js';

export const DEFAULT_MAIL_FROM = 'Segl <segl@localhost>';

/** A bare address: one @, no spaces, line breaks, brackets, quotes or list separators. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/u;

/** Collapses line breaks and other control characters into single spaces, so a value cannot start a new header. */
export function stripLineBreaks(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * The nodemailer message for an outgoing message: one recipient, UTF-8 text (and html), CRLF line ends,
 * Content-Language, no file or URL access by content. Header values are single lines; the recipient address must be a
 * plain address.
 */
export function buildMailOptions(options: {
  message: OutgoingMessage;
  from?: string;
  date?: Date;
}): MailComposerOptions {
  const { message } = options;
  const address = message.to.address.trim();
  if (!ADDRESS.test(address)) {
    throw new SeglError({ code: 'invalid_email', message: 'the recipient is not a valid e-mail address' });
  }
  return {
    from: stripLineBreaks(options.from ?? DEFAULT_MAIL_FROM),
    to: { name: stripLineBreaks(message.to.name), address },
    subject: stripLineBreaks(message.subject),
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    ...(options.date === undefined ? {} : { date: options.date }),
    ...(message.attachments?.length
      ? {
          attachments: message.attachments.map((a) => ({
            filename: stripLineBreaks(a.filename),
            contentType: a.contentType,
            content: a.content,
          })),
        }
      : {}),
    headers: { 'Content-Language': message.language },
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'win',
  };
}
