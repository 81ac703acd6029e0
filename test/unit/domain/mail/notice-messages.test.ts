import test from 'ava';
import { composeCancelledNotice, composeSenderNotice } from '../../../../server/domain/mail/notice-messages.js';

const base = {
  senderName: 'Kari Nordmann',
  documentTitle: 'Leieavtale',
  documentCode: '7F3K-9QXM-2B8D-WT4N',
  documentUrl: 'https://segl.example/app/documents/d1',
  signed: 1,
  total: 2,
};

test('sender notices in both languages, each with a button to the document', (t) => {
  const cases = [
    {
      kind: 'signed',
      language: 'en',
      subject: 'Ola Hansen has signed “Leieavtale”',
      text: '1 of 2 signers have signed.',
    },
    { kind: 'signed', language: 'nb', subject: 'Ola Hansen har signert «Leieavtale»', text: '1 av 2 har signert.' },
    {
      kind: 'declined',
      language: 'en',
      subject: 'Ola Hansen declined to sign “Leieavtale”',
      text: 'Reason: Wrong rent',
    },
    {
      kind: 'declined',
      language: 'nb',
      subject: 'Ola Hansen avslo å signere «Leieavtale»',
      text: 'Begrunnelse: Wrong rent',
    },
    {
      kind: 'expired',
      language: 'en',
      subject: '“Leieavtale” expired before everyone signed',
      text: 'The deadline for “Leieavtale” has passed.',
    },
    {
      kind: 'expired',
      language: 'nb',
      subject: '«Leieavtale» utløp før alle hadde signert',
      text: 'Fristen for «Leieavtale» er ute.',
    },
    {
      kind: 'failed',
      language: 'en',
      subject: '“Leieavtale” could not be sealed',
      text: 'could not seal the final document',
    },
    { kind: 'failed', language: 'nb', subject: '«Leieavtale» kunne ikke forsegles', text: 'klarte ikke å forsegle' },
  ] as const;
  for (const c of cases) {
    const mail = composeSenderNotice({
      ...base,
      kind: c.kind,
      language: c.language,
      signerName: 'Ola Hansen',
      reason: 'Wrong rent',
    });
    t.is(mail.subject, c.subject);
    t.true(mail.text.includes(c.text), `${c.kind}/${c.language}: ${mail.text}`);
    t.true(mail.text.split('\n').includes('https://segl.example/app/documents/d1'));
    t.true(mail.html.includes('href="https://segl.example/app/documents/d1"'));
  }
  const last = composeSenderNotice({ ...base, kind: 'signed', language: 'en', signerName: 'Ola', signed: 2, total: 2 });
  t.true(last.text.includes('Everyone has signed'));
});

test('the withdrawal notice to a signer, with the reason, hostile values escaped', (t) => {
  const mail = composeCancelledNotice({
    language: 'nb',
    signerName: 'Åse',
    senderName: 'Kari <b>',
    documentTitle: 'Leie<script>',
    documentCode: 'X',
    reason: 'Feil leie',
  });
  t.is(mail.subject, '«Leie<script>» er trukket tilbake');
  t.true(mail.text.includes('Avsenderens begrunnelse: Feil leie'));
  t.false(mail.html.includes('<script>'));
  t.false(mail.html.includes('<b>'));
});
