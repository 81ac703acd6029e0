import test from 'ava';
import { composeInvitationMessage } from '../../../../server/domain/mail/invitation-message.js';
import { composeReminderMessage } from '../../../../server/domain/mail/reminder-message.js';

const base = {
  signerName: 'Åse Ødegård',
  senderName: 'Kari Nordmann',
  documentTitle: 'Leieavtale',
  documentCode: '7F3K-9QXM-2B8D-WT4N',
  signingUrl: 'https://segl.example/s/tok_abc123',
  expiresAt: new Date('2026-12-04T09:05:00Z'),
};
const lines = (text: string) => text.split('\n');

test('invitation in English', (t) => {
  const mail = composeInvitationMessage({ ...base, language: 'en' });
  t.is(mail.subject, 'You are invited to sign “Leieavtale”');
  t.true(lines(mail.text).includes('https://segl.example/s/tok_abc123'));
  t.true(mail.text.startsWith('Hello Åse Ødegård,\n'));
  t.true(mail.text.includes('Kari Nordmann has invited you to sign the document “Leieavtale”.'));
  t.true(lines(mail.text).includes('Document code: 7F3K-9QXM-2B8D-WT4N'));
  t.true(
    lines(mail.text).includes('Sign by: 4 December 2026, 10:05 (UTC+01:00)'),
    'the deadline in the appliance time zone (default Europe/Oslo) with its offset',
  );
  t.regex(
    mail.html,
    /<a href="https:\/\/segl\.example\/s\/tok_abc123" style="display:inline-block;[^"]*">Read and sign<\/a>/,
    'a button',
  );
  t.regex(mail.text, /This link is personal\. Do not forward it/);
  t.true(mail.html.includes('href="https://segl.example/s/tok_abc123"'));
  t.true(mail.html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
});

test('invitation in Norwegian bokmål', (t) => {
  const mail = composeInvitationMessage({ ...base, language: 'nb' });
  t.is(mail.subject, 'Du er invitert til å signere «Leieavtale»');
  t.true(mail.text.startsWith('Hei Åse Ødegård,\n'));
  t.true(mail.text.includes('Kari Nordmann har invitert deg til å signere dokumentet «Leieavtale».'));
  t.true(lines(mail.text).includes('https://segl.example/s/tok_abc123'));
  t.true(lines(mail.text).includes('Avsender: Kari Nordmann'));
  t.true(lines(mail.text).includes('Signer innen: 4. desember 2026 kl. 10.05 (UTC+01:00)'));
  t.true(lines(mail.text).includes('Les og signer:'));
  t.regex(mail.text, /Lenken er personlig\. Ikke videresend den/);
  t.true(mail.html.includes('<html lang="nb">'));
});

test('a sequential turn says so, in the subject too', (t) => {
  const en = composeInvitationMessage({ ...base, language: 'en', sequentialTurn: true });
  t.is(en.subject, 'It is your turn to sign “Leieavtale”');
  t.true(en.text.includes('It is now your turn.'));
  const nb = composeReminderMessage({ ...base, language: 'nb', sequentialTurn: true });
  t.is(nb.subject, 'Påminnelse: Det er din tur til å signere «Leieavtale»');
  t.true(nb.text.includes('Nå er det din tur.'));
});

test('reminder in both languages carries the (fresh) link', (t) => {
  const en = composeReminderMessage({ ...base, language: 'en', signingUrl: 'https://segl.example/s/fresh' });
  t.is(en.subject, 'Reminder: “Leieavtale” is waiting for your signature');
  t.true(lines(en.text).includes('https://segl.example/s/fresh'));
  t.true(en.text.includes('You have not signed it yet.'));
  const nb = composeReminderMessage({ ...base, language: 'nb' });
  t.is(nb.subject, 'Påminnelse: «Leieavtale» venter på signaturen din');
  t.true(
    nb.text.includes('Dette er en påminnelse om at Kari Nordmann har bedt deg om å signere dokumentet «Leieavtale».'),
  );
  t.true(lines(nb.text).includes('https://segl.example/s/tok_abc123'));
});

test('hostile names and titles are escaped in HTML and cannot break lines', (t) => {
  const hostile = '<script>alert("x")</script>\r\nhttps://evil.example/s/phish';
  const mail = composeInvitationMessage({
    ...base,
    language: 'en',
    documentTitle: hostile,
    senderName: `O'Brien "<img src=x onerror=alert(1)>"`,
    signerName: 'Eve\r\nBcc: a@b.c',
  });
  t.false(/[\r\n]/.test(mail.subject));
  t.is(mail.subject, 'You are invited to sign “<script>alert("x")</script> https://evil.example/s/phish”');
  t.false(mail.html.includes('<script>'));
  t.false(mail.html.includes('<img'));
  t.true(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  t.true(mail.html.includes('O&#39;Brien &quot;&lt;img src=x onerror=alert(1)&gt;&quot;'));
  t.false(lines(mail.text).includes('https://evil.example/s/phish'), 'a title cannot forge a link line');
  t.false(mail.html.includes('href="https://evil.example'));
  t.true(mail.text.startsWith('Hello Eve Bcc: a@b.c,\n'));
});

test('the deadline follows SEGL_TIME_ZONE', (t) => {
  const mail = composeInvitationMessage({ ...base, language: 'en', timeZone: 'America/New_York' });
  t.true(lines(mail.text).includes('Sign by: 4 December 2026, 04:05 (UTC-05:00)'));
});
