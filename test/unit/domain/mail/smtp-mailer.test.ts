import test, { type ExecutionContext } from 'ava';
import { Writable } from 'node:stream';
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { createLogger } from '../../../../server/lib/logger.js';
import { fixedClock } from '../../../../server/lib/clock.js';
import { createMailer, type OutgoingMessage } from '../../../../server/domain/mail/mailer.js';
import { createSmtpMailer, redactSmtpUrl } from '../../../../server/domain/mail/smtp-mailer.js';
import { composeOtpMessage } from '../../../../server/domain/mail/otp-message.js';
import { startLoopbackSmtpServer } from '../../../helpers/loopback-smtp-server.js';

const PASSWORD = 'p@ss/wörd:Zq9';
const encodedPassword = encodeURIComponent(PASSWORD);

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    to: { name: 'Åse Ødegård', address: 'ase@example.org' },
    subject: 'Du er invitert til å signere «Leieavtale»',
    text: 'Åpne dokumentet:\nhttps://segl.example/s/tok_abc123\n',
    html: '<p>Åpne dokumentet</p>',
    language: 'nb',
    ...overrides,
  };
}

function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** A loopback SMTP server, and a mailer that logs in to it as segl with PASSWORD and logs to `lines`. */
async function mailerWithPassword(t: ExecutionContext, options: Parameters<typeof startLoopbackSmtpServer>[0]) {
  const server = await startLoopbackSmtpServer(options);
  t.teardown(server.close);
  const { logger, lines } = captureLogs();
  const mailer = createMailer({
    smtpUrl: `smtp://segl:${encodedPassword}@127.0.0.1:${server.port}`,
    dataDir: '/nonexistent',
    logger,
  });
  return { server, mailer, lines };
}

const firstAddress = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.value[0];

test('sends a UTF-8 message through a real SMTP server', async (t) => {
  const server = await startLoopbackSmtpServer();
  t.teardown(server.close);
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${server.port}`,
    dataDir: '/nonexistent',
    clock: fixedClock('2026-11-27T10:15:00Z'),
  });
  t.regex(mailer.describe(), /^SMTP smtp:\/\/127\.0\.0\.1:\d+/);

  const sent = await mailer.send(message({ to: { name: '山田 太郎', address: 'taro@example.jp' } }));
  t.is(sent.transport, 'smtp');
  t.is(server.received.length, 1);
  const [mail] = server.received;
  t.deepEqual(mail.rcptTo, ['taro@example.jp']);
  t.is(mail.mailFrom, 'segl@localhost');

  const parsed = await simpleParser(mail.raw);
  t.is(parsed.subject, 'Du er invitert til å signere «Leieavtale»');
  t.deepEqual(firstAddress(parsed.to), { name: '山田 太郎', address: 'taro@example.jp' });
  t.deepEqual(firstAddress(parsed.from), { name: 'Segl', address: 'segl@localhost' });
  t.true(parsed.text?.split(/\r?\n/).includes('https://segl.example/s/tok_abc123'));
  t.is(parsed.html, '<p>Åpne dokumentet</p>');
  t.is(parsed.messageId, sent.messageId);
  t.is(parsed.date?.toISOString(), '2026-11-27T10:15:00.000Z');
  t.is(parsed.headers.get('content-language'), 'nb');
});

test('an OTP message arrives with the six-digit code on its own line of the text part', async (t) => {
  const server = await startLoopbackSmtpServer();
  t.teardown(server.close);
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${server.port}`, dataDir: '/nonexistent' });
  const otp = composeOtpMessage({
    language: 'en',
    signerName: 'Åse Ødegård',
    documentTitle: 'Lease',
    code: '042917',
    validMinutes: 10,
  });
  await mailer.send({ to: { name: 'Åse Ødegård', address: 'ase@example.org' }, language: 'en', ...otp });
  const parsed = await simpleParser(server.received[0].raw);
  t.true(parsed.text?.split(/\r?\n/).includes('042917'));
  t.false(parsed.subject?.includes('042917'));
  t.true(typeof parsed.html === 'string' && parsed.html.includes('042917'));
});

test('authenticates with the URL credentials and honours a custom From', async (t) => {
  const server = await startLoopbackSmtpServer({ users: { segl: PASSWORD } });
  t.teardown(server.close);
  const mailer = createMailer({
    smtpUrl: `smtp://segl:${encodedPassword}@127.0.0.1:${server.port}`,
    dataDir: '/nonexistent',
    from: 'Signering <noreply@firma.example>',
  });
  t.false(mailer.describe().includes(encodedPassword));
  t.false(mailer.describe().includes(PASSWORD));

  await mailer.send(message({ to: { name: 'Åse Ødegård', address: 'ase@example.org' }, html: undefined }));
  const [mail] = server.received;
  t.is(mail.user, 'segl');
  t.is(mail.mailFrom, 'noreply@firma.example');
  const parsed = await simpleParser(mail.raw);
  t.deepEqual(firstAddress(parsed.to), { name: 'Åse Ødegård', address: 'ase@example.org' });
  t.deepEqual(firstAddress(parsed.from), { name: 'Signering', address: 'noreply@firma.example' });
  t.is(parsed.html, false);
  t.true(parsed.text?.includes('https://segl.example/s/tok_abc123'));
});

test('a CRLF in the subject or name cannot add a header', async (t) => {
  const server = await startLoopbackSmtpServer();
  t.teardown(server.close);
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${server.port}`, dataDir: '/nonexistent' });
  await mailer.send(
    message({
      subject: 'Hei\r\nBcc: victim@example.org',
      to: { name: 'Eve\r\nX-Injected: 1', address: 'eve@example.org' },
    }),
  );
  const parsed = await simpleParser(server.received[0].raw);
  t.is(parsed.subject, 'Hei Bcc: victim@example.org');
  t.false(parsed.headers.has('bcc'));
  t.false(parsed.headers.has('x-injected'));
  t.deepEqual(server.received[0].rcptTo, ['eve@example.org']);
});

test('a rejected recipient is mail_unavailable, and neither the error nor the log holds the password', async (t) => {
  const { server, mailer, lines } = await mailerWithPassword(t, { users: { segl: PASSWORD }, rejectRecipients: true });
  const error = await t.throwsAsync(mailer.send(message()));
  t.like(error, { code: 'mail_unavailable', status: 503 });
  t.is(error!.message, 'could not send e-mail: the mail server refused the sender or recipient address');
  t.like(error, {
    expose: true,
    details: { reason: 'EENVELOPE', responseCode: 550, smtp: `smtp://segl:***@127.0.0.1:${server.port}` },
  });
  const everything = [error!.message, JSON.stringify(error), String(error!.stack), ...lines].join('\n');
  for (const secret of [PASSWORD, encodedPassword, Buffer.from(`\u0000segl\u0000${PASSWORD}`).toString('base64')])
    t.false(everything.includes(secret), secret);
  t.true(lines.some((line) => line.includes('mail could not be sent') && line.includes('segl:***@127.0.0.1')));
  t.is(server.received.length, 0);
});

test('a refused login is mail_unavailable without the password', async (t) => {
  const { mailer, lines } = await mailerWithPassword(t, { users: { segl: 'another password' } });
  const error = await t.throwsAsync(mailer.send(message()));
  t.like(error, { code: 'mail_unavailable', status: 503, details: { reason: 'EAUTH' } });
  const everything = [error!.message, JSON.stringify(error), ...lines].join('\n');
  t.false(everything.includes(PASSWORD));
  t.false(everything.includes(encodedPassword));
  t.false(everything.includes(Buffer.from(PASSWORD).toString('base64')));
});

test('a closed port is mail_unavailable', async (t) => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const mailer = createMailer({
    smtpUrl: `smtps://segl:${encodedPassword}@127.0.0.1:${port}`,
    dataDir: '/nonexistent',
  });
  const error = await t.throwsAsync(mailer.send(message()));
  t.like(error, { code: 'mail_unavailable', status: 503, expose: true });
  t.regex(error!.message, /could not be reached/);
  t.false(error!.message.includes(encodedPassword));
  t.false(error!.message.includes(PASSWORD));
});

test('an SMTP URL that is not smtp(s) is invalid_config', (t) => {
  t.throws(() => createMailer({ smtpUrl: 'http://mail.example', dataDir: '/x' }), {
    any: true,
    message: /smtp:\/\/ or smtps:\/\//,
  });
  t.like(
    t.throws(() => createMailer({ smtpUrl: 'not a url', dataDir: '/x' })),
    { code: 'invalid_config' },
  );
});

test('redactSmtpUrl masks the password and secret-looking query values only', (t) => {
  t.is(redactSmtpUrl('smtps://user:hunter2@mail.example:465'), 'smtps://user:***@mail.example:465');
  t.is(
    redactSmtpUrl('smtp://mail.example:587?tls.rejectUnauthorized=false'),
    'smtp://mail.example:587?tls.rejectUnauthorized=false',
  );
  t.is(redactSmtpUrl('smtp://u@mail.example?auth.pass=hunter2'), 'smtp://u@mail.example?auth.pass=***');
  t.false(redactSmtpUrl('nonsense').includes('nonsense'));
});

test('a server that never greets times out as mail_unavailable', async (t) => {
  const sockets = new Set<import('node:net').Socket>();
  const silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
  const port = (silent.address() as AddressInfo).port;
  const mailer = createSmtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, timeoutMs: 300 });
  const started = Date.now();
  const error = await t.throwsAsync(mailer.send(message()));
  t.like(error, { code: 'mail_unavailable', status: 503 });
  t.true(Date.now() - started < 5000);
});
