/**
 * The messages people expect, through a real SMTP server on loopback: each signature, a decline and an expiry are
 * told to the sender; completion goes to every signer (a fresh personal link, the signed PDF attached) and to the
 * sender (a link into the staff app); a withdrawn document is told to the invited signers only; a signer back after
 * completion sees the completed document. The sealed PDF keeps A4 and has its audit pages in the document language.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { useAppliance } from '../helpers/use-appliance.js';
import { sendJson } from '../helpers/staff.js';
import { startLoopbackSmtpServer } from '../helpers/loopback-smtp-server.js';
import { createDraft, expectJson, otpIn, sendDraft, SignerClient, signingUrlIn, tokenOf } from '../helpers/signing.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { writeTemp } from '../helpers/pdf-signatures.js';
import { pageBoxes, pageTexts } from '../helpers/stamp-pdf.js';
import { poll } from '../helpers/poll.js';

let smtp: Awaited<ReturnType<typeof startLoopbackSmtpServer>>;
// serial, and before useAppliance's hook: the appliance sends its mail to this server
test.serial.before(async () => {
  smtp = await startLoopbackSmtpServer();
});
const { appliance, admin: sender } = useAppliance(test, () => ({
  env: { SEGL_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
  admin: 'Kari Avsender',
}));
test.serial.after.always(async () => {
  await smtp?.close();
});
const haveTools = requireTools('pdftotext', 'pdfinfo');
const work = tempDir('segl-messages-');

interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[];
}

async function all(): Promise<Mail[]> {
  return Promise.all(
    smtp.received.map(async (m) => {
      const mail = await simpleParser(m.raw);
      const to = Array.isArray(mail.to) ? mail.to[0]?.value[0]?.address : mail.to?.value[0]?.address;
      return {
        to: to ?? '',
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        html: typeof mail.html === 'string' ? mail.html : '',
        attachments: mail.attachments.map((a) => ({
          filename: a.filename ?? '',
          contentType: a.contentType,
          size: a.size,
          content: a.content,
        })),
      };
    }),
  );
}

async function waitFor(match: (mail: Mail) => boolean, what: string): Promise<Mail> {
  let got: Mail[] = [];
  return poll(
    () => `an e-mail: ${what}; got ${got.map((m) => `${m.to}: ${m.subject}`).join(' | ')}`,
    20_000,
    async () => {
      got = await all();
      return got.filter(match).at(-1);
    },
    50,
  );
}

const otpFor = (email: string) => async () =>
  otpIn(
    (
      await waitFor(
        (m) => m.to === email && /^\s*\d{6}\s*$/m.test(m.text) && !m.text.includes('/s/'),
        `code to ${email}`,
      )
    ).text,
  );

async function sign(url: string, email: string): Promise<SignerClient> {
  const client = new SignerClient(appliance, tokenOf(url));
  await expectJson(await client.request(''), 200);
  await client.authenticateWithOtp(otpFor(email));
  await expectJson(await client.post('/sign', { consent: true }), 200);
  return client;
}

test.serial(
  'signatures are told to the sender; completion reaches every signer and the sender, with the PDF attached',
  async (t) => {
    const draft = await createDraft(sender, {
      title: 'Leieavtale',
      signers: [
        { name: 'Åse Signer', email: 'ase@example.org' },
        { name: 'Bob Signer', email: 'bob@example.org', language: 'en' },
      ],
    });
    const sent = await sendDraft(sender, draft.id, { order: 'sequential' });
    const invitation = await waitFor((m) => m.to === 'ase@example.org' && m.text.includes('/s/'), 'invitation');
    t.regex(invitation.text, /Signer innen: .*\(UTC\+0[12]:00\)/, 'the deadline in Oslo time with its offset');
    t.regex(
      invitation.html,
      /<a href="[^"]+\/s\/[^"]+" style="display:inline-block[^"]*">Les og signer<\/a>/,
      'a button',
    );
    await sign(sent.signers[0]!.signingUrl, 'ase@example.org');
    const first = await waitFor(
      (m) => m.to === sender.email && m.subject.includes('har signert'),
      'notice of the first signature',
    );
    t.is(first.subject, 'Åse Signer har signert «Leieavtale»');
    t.true(first.text.includes('1 av 2 har signert.'));
    t.true(first.text.includes(`${appliance.url}/app/documents/${draft.id}`));
    const bobInvitation = await waitFor(
      (m) => m.to === 'bob@example.org' && m.text.includes('/s/'),
      'the second invitation',
    );
    await sign(signingUrlIn(bobInvitation.text), 'bob@example.org');

    const toAse = await waitFor(
      (m) => m.to === 'ase@example.org' && m.subject.includes('signert av alle'),
      'completion to the first signer',
    );
    const toBob = await waitFor(
      (m) => m.to === 'bob@example.org' && m.subject.includes('signed by everyone'),
      'completion to the second signer, in English',
    );
    const toSender = await waitFor(
      (m) => m.to === sender.email && m.subject.includes('signert av alle'),
      'completion to the sender',
    );
    for (const mail of [toAse, toBob, toSender]) {
      t.is(mail.attachments.length, 1, `${mail.to}: the signed PDF is attached`);
      t.is(mail.attachments[0]!.contentType, 'application/pdf');
      t.is(mail.attachments[0]!.filename, 'Leieavtale (signed).pdf');
      t.true(mail.attachments[0]!.content.subarray(0, 5).toString() === '%PDF-');
    }
    t.true(toBob.text.includes('The signed PDF is attached to this e-mail.'));
    t.true(toSender.text.includes(`${appliance.url}/app/documents/${draft.id}`), 'the sender gets the staff app link');
    const document = await expectJson(await sender.api(`/api/v1/documents/${draft.id}`), 200);
    const pdf = Buffer.from(await (await sender.api(`/api/v1/documents/${draft.id}/pdf`)).arrayBuffer());
    t.true(pdf.equals(toAse.attachments[0]!.content), 'the attachment is the sealed PDF');
    t.is(document.finalSha256, createHash('sha256').update(pdf).digest('hex'));

    // the link in the completion mail opens the completed page; the copy needs a sign-in by the same person
    const back = new SignerClient(appliance, tokenOf(signingUrlIn(toAse.text)));
    const view = await expectJson(await back.request(''), 200);
    t.like(view, {
      document: { status: 'completed' },
      signer: { status: 'signed', authenticated: false },
      signedPdfUrl: null,
    });
    await back.authenticateWithOtp(otpFor('ase@example.org'));
    const unlocked = await expectJson(await back.request(''), 200);
    t.truthy(unlocked.signedPdfUrl);
    t.true(Buffer.from(await (await back.request('/signed-pdf')).arrayBuffer()).equals(pdf));

    if (!haveTools) return;
    const path = writeTemp(work, 'sealed.pdf', pdf);
    t.deepEqual(pageBoxes(path)[0]!.media, [0, 0, 595.28, 841.89], 'the A4 page is still A4');
    const texts = pageTexts(path);
    const audit = texts.slice(2).join('\n');
    t.true(audit.includes('Signeringslogg'), 'audit pages in Norwegian (the document language)');
    t.regex(audit, /UTC\+0[12]:00/, 'times with the UTC offset');
    t.true(audit.includes('Identitet bekreftet') && audit.includes('Signert'), 'events in words');
    t.false(/signer\.signed|signer\.challenged/.test(audit), 'no machine names');
    t.true(texts[0]!.includes('Signert av Åse Signer'));
    t.is(runTool('qpdf', ['--check', path]).status, 0);
  },
);

test.serial(
  'a decline is told to the sender with the reason; a withdrawal is told to the invited signers only',
  async (t) => {
    const declined = await createDraft(sender, {
      title: 'Avtale A',
      signers: [{ name: 'Cecilie', email: 'cecilie@example.org' }],
    });
    const sent = await sendDraft(sender, declined.id);
    const client = new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl));
    await expectJson(await client.request(''), 200);
    await client.authenticateWithOtp(otpFor('cecilie@example.org'));
    await expectJson(await client.post('/decline', { reason: 'Feil beløp' }), 200);
    const notice = await waitFor((m) => m.to === sender.email && m.subject.includes('avslo'), 'decline notice');
    t.true(notice.text.includes('Begrunnelse: Feil beløp'));

    const withdrawn = await createDraft(sender, {
      title: 'Avtale B',
      signers: [
        { name: 'Dag', email: 'dag@example.org' },
        { name: 'Eva', email: 'eva@example.org' },
      ],
    });
    await sendDraft(sender, withdrawn.id, { order: 'sequential' });
    await waitFor((m) => m.to === 'dag@example.org' && m.subject.includes('Avtale B'), 'invitation to Dag');
    await expectJson(
      await sendJson(sender, 'POST', `/api/v1/documents/${withdrawn.id}/cancel`, { reason: 'Ny versjon kommer' }),
      200,
    );
    const toDag = await waitFor(
      (m) => m.to === 'dag@example.org' && m.subject.includes('trukket tilbake'),
      'withdrawal notice',
    );
    t.true(toDag.text.includes('Avsenderens begrunnelse: Ny versjon kommer'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    t.false(
      (await all()).some((m) => m.to === 'eva@example.org'),
      'Eva was never invited and hears nothing',
    );
  },
);

test.serial('an expired document is told to the sender', async (t) => {
  const draft = await createDraft(sender, {
    title: 'Avtale C',
    signers: [{ name: 'Finn', email: 'finn@example.org' }],
  });
  const sent = await sendDraft(sender, draft.id, { expiresAt: new Date(Date.now() + 61_500).toISOString() });
  await appliance.deps.db.models.Document.update(
    { expiresAt: new Date(Date.now() - 1000) },
    { where: { id: draft.id } },
  );
  await new SignerClient(appliance, tokenOf(sent.signers[0]!.signingUrl)).request('');
  const notice = await waitFor((m) => m.to === sender.email && m.subject.includes('utløp'), 'expiry notice');
  t.is(notice.subject, '«Avtale C» utløp før alle hadde signert');
  t.true(notice.text.includes('0 av 1 hadde signert'));
});
