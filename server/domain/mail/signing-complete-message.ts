import { dictionaryFor } from './mail-dictionary.js';
import { renderMail, shortenForSubject, toSingleLine, type MailBlock, type RenderedMail } from './mail-layout.js';
import type { MailLanguage } from './mailer.js';

export interface SigningCompleteMessageOptions {
  language: MailLanguage;
  recipientName: string;
  documentTitle: string;
  documentCode: string;
  downloadUrl?: string;
  verifyUrl: string;
}

/** Sent to every signer and the sender once the sealed PDF is ready: where to get it and where to check it. */
export function composeSigningCompleteMessage(options: SigningCompleteMessageOptions): RenderedMail {
  const words = dictionaryFor(options.language);
  const documentTitle = toSingleLine(options.documentTitle);
  const documentCode = toSingleLine(options.documentCode);
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: words.signingComplete.intro({ documentTitle, documentCode }) },
    { kind: 'facts', rows: [[words.facts.document, documentTitle], [words.facts.code, documentCode]] },
  ];
  if (options.downloadUrl !== undefined) blocks.push({ kind: 'link', label: words.signingComplete.download, url: options.downloadUrl });
  blocks.push({ kind: 'link', label: words.signingComplete.verify, url: options.verifyUrl });
  blocks.push({ kind: 'paragraph', text: words.signingComplete.keepCopy });
  return renderMail({
    language: options.language,
    subject: words.signingComplete.subject({ documentTitle: shortenForSubject(options.documentTitle) }),
    greeting: words.greeting(toSingleLine(options.recipientName)),
    blocks,
    footer: words.footer,
  });
}
