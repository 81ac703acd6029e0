import test from 'ava';
import { composeSigningCompleteMessage } from '../../../../server/domain/mail/signing-complete-message.js';

const base = {
  recipientName: '山田 太郎',
  documentTitle: 'Leieavtale',
  documentCode: '7F3K-9QXM-2B8D-WT4N',
  downloadUrl: 'https://segl.example/d/tok_dl',
  verifyUrl: 'https://segl.example/v/7F3K-9QXM-2B8D-WT4N',
};

test('signing complete in English, with the download and verification links on their own lines', (t) => {
  const mail = composeSigningCompleteMessage({ ...base, language: 'en' });
  t.is(mail.subject, '“Leieavtale” has been signed by everyone');
  const lines = mail.text.split('\n');
  t.true(lines.includes('https://segl.example/d/tok_dl'));
  t.true(lines.includes('https://segl.example/v/7F3K-9QXM-2B8D-WT4N'));
  t.true(lines.includes('Document code: 7F3K-9QXM-2B8D-WT4N'));
  t.true(mail.text.startsWith('Hello 山田 太郎,\n'));
});

test('signering fullført på bokmål, without a download link', (t) => {
  const mail = composeSigningCompleteMessage({ ...base, language: 'nb', downloadUrl: undefined });
  t.is(mail.subject, '«Leieavtale» er signert av alle');
  t.true(mail.text.includes('Alle har signert dokumentet «Leieavtale».'));
  t.true(mail.text.split('\n').includes('https://segl.example/v/7F3K-9QXM-2B8D-WT4N'));
  t.false(mail.text.includes('Last ned'));
  t.false(mail.text.includes('/d/'));
});

test('a hostile title is escaped in HTML', (t) => {
  const mail = composeSigningCompleteMessage({ ...base, language: 'en', documentTitle: '"><svg onload=alert(1)>' });
  t.false(mail.html.includes('<svg'));
  t.true(mail.html.includes('&quot;&gt;&lt;svg onload=alert(1)&gt;'));
});

test('to the sender, with the attachment noted and a button to the staff app', (t) => {
  const mail = composeSigningCompleteMessage({
    ...base,
    language: 'en',
    audience: 'sender',
    attached: true,
    downloadUrl: 'https://segl.example/app/documents/d1',
  });
  t.true(mail.text.includes('The signed PDF is attached to this e-mail.'));
  t.true(mail.text.includes('Open the document in Segl to download it.'));
  t.regex(
    mail.html,
    new RegExp(
      '<a href="https://segl\\.example/app/documents/d1" style="display:inline-block;[^"]*">' +
        'Download the signed document</a>',
    ),
  );
});
