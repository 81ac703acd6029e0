import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { fixedClock, type Clock } from '../../../../server/lib/clock.js';
import { createMailer, type OutgoingMessage } from '../../../../server/domain/mail/mailer.js';
import { composeInvitationMessage } from '../../../../server/domain/mail/invitation-message.js';

const firstAddress = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.value[0];

function invitation(): OutgoingMessage {
  const rendered = composeInvitationMessage({
    language: 'nb',
    signerName: '山田 太郎',
    senderName: 'Åse Ødegård',
    documentTitle: 'Leieavtale – Storgata 1',
    documentCode: '7F3K-9QXM-2B8D-WT4N',
    signingUrl: 'https://segl.example/s/tok_abc123',
    expiresAt: new Date('2026-12-11T10:15:00Z'),
  });
  return { to: { name: '山田 太郎', address: 'taro@example.jp' }, language: 'nb', ...rendered };
}

test('without SMTP, each message is a complete .eml file in DATA/outbox', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'segl-outbox-'));
  const mailer = createMailer({ dataDir, clock: fixedClock('2026-11-27T10:15:00.123Z') });
  t.is(mailer.describe(), `outbox ${join(dataDir, 'outbox')}`);

  const sent = await mailer.send(invitation());
  t.is(sent.transport, 'outbox');
  const outbox = join(dataDir, 'outbox');
  t.is(statSync(outbox).mode & 0o777, 0o700);
  const files = readdirSync(outbox);
  t.is(files.length, 1, 'one file, no temporary files left');
  t.regex(files[0], /^20261127T101500123Z-[0-9a-f]{16}\.eml$/);
  t.is(statSync(join(outbox, files[0])).mode & 0o777, 0o600);

  const raw = readFileSync(join(outbox, files[0]));
  t.true(raw.includes('\r\n'), 'CRLF line endings');
  t.false(/[^\r]\n/.test(raw.toString('latin1')), 'no bare LF');
  const parsed = await simpleParser(raw);
  t.is(parsed.messageId, sent.messageId);
  t.is(parsed.date?.toISOString(), '2026-11-27T10:15:00.000Z', 'the Date header has whole seconds');
  t.is(parsed.subject, 'Du er invitert til å signere «Leieavtale – Storgata 1»');
  t.deepEqual(firstAddress(parsed.to), { name: '山田 太郎', address: 'taro@example.jp' });
  t.deepEqual(firstAddress(parsed.from), { name: 'Segl', address: 'segl@localhost' });
  t.true(parsed.text?.split('\n').includes('https://segl.example/s/tok_abc123'));
  t.true(typeof parsed.html === 'string' && parsed.html.includes('href="https://segl.example/s/tok_abc123"'));
  t.is(parsed.headers.get('content-language'), 'nb');
  t.is((parsed.headers.get('content-type') as { value: string }).value, 'multipart/alternative');
});

test('outbox files sort by the time they were written', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'segl-outbox-'));
  let now = new Date('2026-11-27T23:59:59.998Z');
  const clock: Clock = { now: () => new Date(now) };
  const mailer = createMailer({ dataDir, clock, from: 'Firma AS <signering@firma.example>' });
  const ids: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    ids.push((await mailer.send({ ...invitation(), subject: `n${i}`, html: undefined })).messageId);
    now = new Date(now.getTime() + 1);
  }
  const files = readdirSync(join(dataDir, 'outbox')).sort();
  t.is(files.length, 3);
  const subjects = await Promise.all(
    files.map(async (file) => (await simpleParser(readFileSync(join(dataDir, 'outbox', file)))).subject),
  );
  t.deepEqual(subjects, ['n0', 'n1', 'n2']);
  const parsed = await simpleParser(readFileSync(join(dataDir, 'outbox', files[0])));
  t.deepEqual(firstAddress(parsed.from), { name: 'Firma AS', address: 'signering@firma.example' });
  t.is(parsed.html, false, 'text only when no html is given');
  t.is(new Set(ids).size, 3);
});

test('a recipient address that is not a plain address is refused before anything is written', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'segl-outbox-'));
  const mailer = createMailer({ dataDir });
  for (const address of ['victim@example.org\r\nBcc: x@example.org', 'a@b.c, d@e.f', 'Name <a@b.c>', 'no-at-sign']) {
    const error = await t.throwsAsync(mailer.send({ ...invitation(), to: { name: 'X', address } }));
    t.like(error, { code: 'invalid_email', status: 422 }, address);
  }
  t.false(existsSync(join(dataDir, 'outbox')));
});
