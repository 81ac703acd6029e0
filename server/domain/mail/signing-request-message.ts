import { formatLongTime } from '../../lib/local-time.js';
import { dictionaryFor } from './mail-dictionary.js';
import { renderMail, shortenForSubject, toSingleLine, type RenderedMail } from './mail-layout.js';
import type { MailLanguage } from './mailer.js';

/** What an invitation and a reminder to sign both say. */
export interface SigningRequestOptions {
  language: MailLanguage;
  signerName: string;
  senderName: string;
  documentTitle: string;
  documentCode: string;
  signingUrl: string;
  expiresAt: Date;
  /** The appliance's time zone (SEGL_TIME_ZONE) for the deadline; default Europe/Oslo. */
  timeZone?: string;
  /** Sequential signing: the signers before this one have signed. */
  sequentialTurn?: boolean;
}

/** The shared body of the invitation and the reminder; `kind` picks the subject and opening sentence. */
export function composeSigningRequest(
  options: SigningRequestOptions & { kind: 'invitation' | 'reminder' },
): RenderedMail {
  const words = dictionaryFor(options.language);
  const section = words[options.kind];
  const senderName = toSingleLine(options.senderName);
  const documentTitle = toSingleLine(options.documentTitle);
  const subjectTitle = { documentTitle: shortenForSubject(options.documentTitle) };
  return renderMail({
    language: options.language,
    subject: options.sequentialTurn ? section.subjectTurn(subjectTitle) : section.subject(subjectTitle),
    greeting: words.greeting(toSingleLine(options.signerName)),
    blocks: [
      { kind: 'paragraph', text: section.intro({ senderName, documentTitle }) },
      ...(options.sequentialTurn ? [{ kind: 'paragraph' as const, text: words.signingRequest.turn }] : []),
      {
        kind: 'facts',
        rows: [
          [words.facts.document, documentTitle],
          [words.facts.sender, senderName],
          [words.facts.code, options.documentCode],
          [
            words.facts.expires,
            formatLongTime(options.expiresAt, {
              timeZone: options.timeZone ?? 'Europe/Oslo',
              language: options.language,
            }),
          ],
        ],
      },
      { kind: 'button', label: words.signingRequest.action, url: options.signingUrl, hint: words.buttonHint },
      { kind: 'paragraph', text: words.signingRequest.personal },
    ],
    footer: words.signingRequest.footer({ senderName }),
  });
}
