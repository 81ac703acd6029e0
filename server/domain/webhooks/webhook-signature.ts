import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `Segl-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over `"<t>.<raw body>"`, keyed with the
 * webhook secret exactly as shown at creation (the whole `whsec_...` string, UTF-8).
 */
export function signWebhookBody(options: { secret: string; timestamp: number; body: string }): string {
  const mac = createHmac('sha256', Buffer.from(options.secret, 'utf8'))
    .update(`${options.timestamp}.${options.body}`, 'utf8')
    .digest('hex');
  return `t=${options.timestamp},v1=${mac}`;
}

/**
 * What a receiver does (and what tests use): parse the header, recompute the HMAC, compare in constant time and
 * refuse timestamps further than `toleranceSeconds` from `now` (replays).
 */
export function verifyWebhookSignature(options: {
  secret: string;
  header: string;
  body: string;
  now: Date;
  toleranceSeconds?: number;
}): boolean {
  const parts = new Map<string, string[]>();
  for (const item of options.header.split(',')) {
    const at = item.indexOf('=');
    if (at > 0)
      parts.set(item.slice(0, at).trim(), [...(parts.get(item.slice(0, at).trim()) ?? []), item.slice(at + 1).trim()]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isSafeInteger(timestamp)) return false;
  if (Math.abs(options.now.getTime() / 1000 - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(
    signWebhookBody({ secret: options.secret, timestamp, body: options.body }).split('v1=')[1],
    'hex',
  );
  return (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
