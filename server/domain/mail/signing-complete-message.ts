import { dictionaryFor } from './mail-dictionary.js';
import { documentFactRows } from './document-facts.js';
import { renderMail, shortenForSubject, toSingleLine, type MailBlock, type RenderedMail } from './mail-layout.js';
import type { MailLanguage } from './mailer.js';

export interface SigningCompleteMessageOptions {
  language: MailLanguage;
  recipientName: string;
  documentTitle: string;
  documentCode: string;
  /** A signer's page (sign in again to download) or the staff app's document page. */
  downloadUrl?: string;
  /** Who it goes to: a signer (signs in again to download) or the sender (in the staff app). Default signer. */
  audience?: 'signer' | 'sender';
  /** The signed PDF travels with the message (it was small enough). */
  attached?: boolean;
  verifyUrl: string;
}

/** Sent to every signer and the sender once the sealed PDF is ready: where to get it and where to check it. */
export function composeSigningCompleteMessage(options: SigningCompleteMessageOptions): RenderedMail {
  const words = dictionaryFor(options.language);
  const done = words.signingComplete;
  const documentTitle = toSingleLine(options.documentTitle);
  const documentCode = toSingleLine(options.documentCode);
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: done.intro({ documentTitle, documentCode }) },
    { kind: 'facts', rows: documentFactRows({ words, documentTitle, documentCode }) },
  ];
  if (options.attached) blocks.push({ kind: 'paragraph', text: done.attached });
  if (options.downloadUrl !== undefined) {
    blocks.push({ kind: 'button', label: done.download, url: options.downloadUrl, hint: words.buttonHint });
    blocks.push({ kind: 'paragraph', text: options.audience === 'sender' ? done.downloadStaff : done.downloadSigner });
  }
  blocks.push({ kind: 'link', label: done.verify, url: options.verifyUrl });
  blocks.push({ kind: 'paragraph', text: done.keepCopy });
  return renderMail({
    language: options.language,
    subject: done.subject({ documentTitle: shortenForSubject(options.documentTitle) }),
    greeting: words.greeting(toSingleLine(options.recipientName)),
    blocks,
    footer: words.footer,
  });
}
