import { SeglError } from '../../lib/errors.js';
import { dictionaryFor } from './mail-dictionary.js';
import { renderMail, shortenForSubject, toSingleLine, type RenderedMail } from './mail-layout.js';
import type { MailLanguage } from './mailer.js';

export interface OtpMessageOptions {
  language: MailLanguage;
  signerName: string;
  documentTitle: string;
  /** Six digits. */
  code: string;
  validMinutes: number;
}

/** The e-mailed one-time code: the code on its own line (never in the subject), never share it, what if unasked. */
export function composeOtpMessage(options: OtpMessageOptions): RenderedMail {
  if (!/^\d{6}$/.test(options.code)) {
    throw new SeglError({ code: 'invalid_mail_content', message: 'a one-time code is six digits' });
  }
  if (!Number.isInteger(options.validMinutes) || options.validMinutes < 1) {
    throw new SeglError({
      code: 'invalid_mail_content',
      message: 'a one-time code is valid for a whole number of minutes',
    });
  }
  const words = dictionaryFor(options.language);
  return renderMail({
    language: options.language,
    subject: words.otp.subject({ documentTitle: shortenForSubject(options.documentTitle) }),
    greeting: words.greeting(toSingleLine(options.signerName)),
    blocks: [
      { kind: 'paragraph', text: words.otp.intro({ documentTitle: toSingleLine(options.documentTitle) }) },
      { kind: 'code', code: options.code },
      { kind: 'paragraph', text: words.otp.validity({ minutes: options.validMinutes }) },
      { kind: 'paragraph', text: words.otp.neverShare },
      { kind: 'paragraph', text: words.otp.notRequested },
    ],
    footer: words.footer,
  });
}
