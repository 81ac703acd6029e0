import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  mailFrom: string | undefined;
  rcptTo: string[];
  user: unknown;
  raw: Buffer;
}

/**
 * A real SMTP server on 127.0.0.1 (no TLS, AUTH allowed in the clear) that keeps what it receives. `users` turns on
 * authentication; `rejectRecipients` answers every RCPT TO with 550.
 */
export async function startLoopbackSmtpServer(
  options: { users?: Record<string, string>; rejectRecipients?: boolean } = {},
) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !options.users,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = options.users?.[auth.username ?? ''];
      if (expected !== undefined && auth.password === expected) callback(null, { user: auth.username });
      else callback(new Error('Authentication failed'));
    },
    onRcptTo(_address, _session, callback) {
      if (options.rejectRecipients) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user,
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
