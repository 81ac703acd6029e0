import { createTransport } from 'nodemailer';
import { SeglError } from '../../lib/errors.js';
import { parseUrl } from '../../lib/parse-url.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { buildMailOptions } from './mail-options.js';
import type { Mailer, OutgoingMessage, SentMail } from './mailer.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const SECRET_QUERY_KEY = /pass|secret|token|privatekey|(^|\.)key$/i;

/** The URL with its password (and any secret-looking query value) masked, for logs, errors and `describe()`. */
export function redactSmtpUrl(smtpUrl: string): string {
  const url = parseUrl(smtpUrl);
  if (!url) return '[unparsable SMTP URL]';
  if (url.password) url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_QUERY_KEY.test(key)) url.searchParams.set(key, '***');
  }
  return url.href.replace(/%2A%2A%2A/g, '***');
}

/**
 * Every form in which the URL's secrets could show up in an SMTP error: raw, percent-decoded, base64 as AUTH sends
 * them.
 */
function secretsOf(url: URL): string[] {
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const user = decode(url.username);
  const pass = decode(url.password);
  const secrets = [url.password, pass];
  if (pass) {
    const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
    secrets.push(b64(pass), b64(`\u0000${user}\u0000${pass}`), b64(`${user}\u0000${user}\u0000${pass}`));
  }
  for (const [key, value] of url.searchParams) if (SECRET_QUERY_KEY.test(key)) secrets.push(value);
  return secrets.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
}

function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((result, secret) => result.split(secret).join('***'), text);
}

const CONNECTION_FAILURES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

function describeFailure(reason: string | undefined): string {
  if (reason === 'EAUTH' || reason === 'ENOAUTH') return 'the mail server refused the login; check SEGL_SMTP_URL';
  if (reason === 'EENVELOPE') return 'the mail server refused the sender or recipient address';
  if (reason !== undefined && CONNECTION_FAILURES.has(reason))
    return 'the mail server could not be reached; try again later';
  return 'the mail server did not accept the message; try again later';
}

function parseSmtpUrl(smtpUrl: string): URL {
  const url = parseUrl(smtpUrl);
  if (!url) throw new SeglError({ code: 'invalid_config', message: 'SEGL_SMTP_URL is not a URL' });
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SeglError({
      code: 'invalid_config',
      message: `SEGL_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`,
    });
  }
  if (!url.hostname) throw new SeglError({ code: 'invalid_config', message: 'SEGL_SMTP_URL has no host' });
  return url;
}

/**
 * Sends through an SMTP relay given as a URL (`smtp://user:pass@host:587`, `smtps://...`, with nodemailer's query
 * options such as `?tls.rejectUnauthorized=false`). One connection per message, short timeouts, nodemailer's own
 * logging off (it would log the AUTH exchange). A failed send is `mail_unavailable` (503, shown to the client) with
 * a message that names neither the relay nor its password; the log and `details` name the relay, password masked.
 */
export function createSmtpMailer(options: {
  smtpUrl: string;
  from?: string;
  logger?: Logger;
  clock?: Clock;
  timeoutMs?: number;
}): Mailer {
  const url = parseSmtpUrl(options.smtpUrl);
  const target = redactSmtpUrl(options.smtpUrl);
  const secrets = secretsOf(url);
  const clock = options.clock ?? systemClock;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    logger: false,
    debug: false,
  });
  return {
    describe: () => `SMTP ${target}`,
    async send(message: OutgoingMessage): Promise<SentMail> {
      const mail = buildMailOptions({ message, from: options.from, date: clock.now() });
      try {
        const info = await transport.sendMail(mail);
        options.logger?.info(
          { transport: 'smtp', messageId: info.messageId, response: scrub(String(info.response ?? ''), secrets) },
          'mail sent',
        );
        return { messageId: info.messageId, transport: 'smtp' };
      } catch (error) {
        const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
        const reason = typeof code === 'string' ? code : undefined;
        const response = scrub(error instanceof Error ? error.message : String(error), secrets);
        const details = {
          smtp: target,
          reason,
          responseCode: typeof responseCode === 'number' ? responseCode : undefined,
          response,
        };
        options.logger?.warn({ transport: 'smtp', ...details }, 'mail could not be sent');
        // The nodemailer error is not kept as the cause: its `command` may hold the AUTH exchange. The message names
        // neither the relay nor its answer (clients see it); operators find both, redacted, in the log and `details`.
        throw new SeglError({
          code: 'mail_unavailable',
          message: `could not send e-mail: ${describeFailure(reason)}`,
          details,
        });
      }
    },
  };
}
