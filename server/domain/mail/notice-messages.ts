import { dictionaryFor } from './mail-dictionary.js';
import { documentFactRows } from './document-facts.js';
import { renderMail, shortenForSubject, toSingleLine, type MailBlock, type RenderedMail } from './mail-layout.js';
import type { MailLanguage } from './mailer.js';

/**
 * What the sender hears about while a document is out: each signature, a decline, the deadline passing, a failed seal.
 */
export type SenderNoticeKind = 'signed' | 'declined' | 'expired' | 'failed';

export interface SenderNoticeOptions {
  kind: SenderNoticeKind;
  language: MailLanguage;
  senderName: string;
  documentTitle: string;
  documentCode: string;
  /** The staff app's page of the document. */
  documentUrl: string;
  signerName?: string;
  reason?: string | null;
  signed: number;
  total: number;
}

export function composeSenderNotice(options: SenderNoticeOptions): RenderedMail {
  const words = dictionaryFor(options.language);
  const n = words.notice;
  const documentTitle = toSingleLine(options.documentTitle);
  const subjectTitle = shortenForSubject(options.documentTitle);
  const signerName = toSingleLine(options.signerName ?? '');
  const texts = {
    signed: {
      subject: n.signedSubject({ documentTitle: subjectTitle, signerName }),
      intro: n.signedIntro({ documentTitle, signerName, signed: options.signed, total: options.total }),
    },
    declined: {
      subject: n.declinedSubject({ documentTitle: subjectTitle, signerName }),
      intro: n.declinedIntro({ documentTitle, signerName }),
    },
    expired: {
      subject: n.expiredSubject({ documentTitle: subjectTitle }),
      intro: n.expiredIntro({ documentTitle, signed: options.signed, total: options.total }),
    },
    failed: { subject: n.failedSubject({ documentTitle: subjectTitle }), intro: n.failedIntro({ documentTitle }) },
  }[options.kind];
  const rows: Array<[string, string]> = [
    ...documentFactRows({ words, documentTitle, documentCode: options.documentCode }),
    [words.facts.progress, `${options.signed}/${options.total}`],
  ];
  if (options.kind === 'declined' && options.reason) rows.push([words.facts.reason, toSingleLine(options.reason)]);
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: texts.intro },
    { kind: 'facts', rows },
    { kind: 'button', label: n.open, url: options.documentUrl, hint: words.buttonHint },
  ];
  return renderMail({
    language: options.language,
    subject: texts.subject,
    greeting: words.greeting(toSingleLine(options.senderName)),
    blocks,
    footer: n.footer,
  });
}

/** To a signer who was asked to sign a document that the sender has now withdrawn. */
export function composeCancelledNotice(options: {
  language: MailLanguage;
  signerName: string;
  senderName: string;
  documentTitle: string;
  documentCode: string;
  reason?: string | null;
}): RenderedMail {
  const words = dictionaryFor(options.language);
  const n = words.notice;
  const documentTitle = toSingleLine(options.documentTitle);
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: n.cancelledIntro({ documentTitle, senderName: toSingleLine(options.senderName) }) },
    { kind: 'facts', rows: documentFactRows({ words, documentTitle, documentCode: options.documentCode }) },
  ];
  if (options.reason) blocks.push({ kind: 'paragraph', text: `${n.cancelledReason} ${options.reason}` });
  return renderMail({
    language: options.language,
    subject: n.cancelledSubject({ documentTitle: shortenForSubject(options.documentTitle) }),
    greeting: words.greeting(toSingleLine(options.signerName)),
    blocks,
    footer: words.signingRequest.footer({ senderName: toSingleLine(options.senderName) }),
  });
}
