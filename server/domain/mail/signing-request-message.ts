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
  /** Sequential signing: the signers before this one have signed. */
  sequentialTurn?: boolean;
}

/** The shared body of the invitation and the reminder; `kind` picks the subject and opening sentence. */
export function composeSigningRequest(options: SigningRequestOptions & { kind: 'invitation' | 'reminder' }): RenderedMail {
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
          [words.facts.expires, words.formatDate(options.expiresAt)],
        ],
      },
      { kind: 'link', label: words.signingRequest.action, url: options.signingUrl },
      { kind: 'paragraph', text: words.signingRequest.personal },
    ],
    footer: words.signingRequest.footer({ senderName }),
  });
}
