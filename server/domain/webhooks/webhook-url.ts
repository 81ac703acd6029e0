import { SeglError } from '../../lib/errors.js';
import { parseUrl } from '../../lib/parse-url.js';
import { resolveOutbound } from '../../lib/outbound-fetch.js';

export const WEBHOOK_URL_MAX_LENGTH = 2000;

function invalidUrl(message: string): SeglError {
  return new SeglError({ code: 'invalid_webhook_url', message });
}

/**
 * A webhook target: an absolute https URL (http only where the operator allows private networks, i.e. in a
 * closed network or for tests), no credentials in it, at most 2000 characters. Returns the normalised URL.
 */
export function parseWebhookUrl(options: { url: string; allowPrivateNetwork: boolean }): URL {
  if (options.url.length > WEBHOOK_URL_MAX_LENGTH)
    throw invalidUrl(`url: at most ${WEBHOOK_URL_MAX_LENGTH} characters`);
  const url = parseUrl(options.url);
  if (!url) throw invalidUrl('url: not an absolute URL');
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalidUrl('url: only https URLs can receive webhooks');
  if (url.protocol === 'http:' && !options.allowPrivateNetwork)
    throw invalidUrl('url: webhooks need https (plain http only with SEGL_WEBHOOK_ALLOW_PRIVATE_NETWORK)');
  if (url.username || url.password) throw invalidUrl('url: credentials in the URL are not allowed');
  if (!url.hostname) throw invalidUrl('url: a host is required');
  url.hash = '';
  if (url.href.length > WEBHOOK_URL_MAX_LENGTH) throw invalidUrl(`url: at most ${WEBHOOK_URL_MAX_LENGTH} characters`);
  return url;
}

/**
 * The full check at creation: the URL's shape, then its host must resolve, and only to public addresses unless
 * private networks are allowed. Answers 422 `webhook_url_refused` with one message for a name that does not
 * resolve and a name that resolves to an internal address, so the check reveals nothing about internal DNS.
 */
export async function checkWebhookUrl(options: { url: string; allowPrivateNetwork: boolean }): Promise<URL> {
  const url = parseWebhookUrl(options);
  try {
    await resolveOutbound({ url, policy: { allowPrivateNetwork: options.allowPrivateNetwork } });
  } catch (cause) {
    const message = `url: ${url.hostname} is not a public address, or it cannot be resolved`;
    throw new SeglError({ code: 'webhook_url_refused', message, cause });
  }
  return url;
}

/** Only the origin of a webhook URL goes into logs and the staff record (paths often carry tokens). */
export function webhookHostOf(url: string): string {
  return parseUrl(url)?.host ?? 'invalid';
}
