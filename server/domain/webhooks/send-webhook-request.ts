import { sendOutboundRequest } from '../../lib/outbound-fetch.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Bytes of the response body kept (the rest is never read). */
  maxResponseBytes: number;
  allowPrivateNetwork: boolean;
}

export interface WebhookResponse {
  status: number;
  /** At most `maxResponseBytes` of the body, as text. */
  body: string;
}

/** How a delivery goes out: the default is sendWebhookRequest; tests and other transports can pass their own. */
export type WebhookTransport = (request: WebhookRequest) => Promise<WebhookResponse>;

/**
 * POSTs one webhook delivery through the outbound guard: the host is resolved once, every address checked, and
 * the connection made to a checked address (no DNS rebinding between check and connect); redirects are never
 * followed (a 3xx is just a status), the exchange is bounded by `timeoutMs`, and at most `maxResponseBytes` of the
 * answer are read.
 */
export const sendWebhookRequest: WebhookTransport = async (request) => {
  const answer = await sendOutboundRequest(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    policy: { allowPrivateNetwork: request.allowPrivateNetwork },
    timeoutMs: request.timeoutMs,
    maxResponseBytes: request.maxResponseBytes,
    oversize: 'truncate',
  });
  return { status: answer.status, body: Buffer.from(answer.body).toString('utf8') };
};
