import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { SeglError } from '../../lib/errors.js';
import { isPrivateAddress } from '../auth/outbound-address.js';

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

function refused(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`refusing to connect to ${hostname}: a private or loopback address`), { code: 'outbound_refused' });
}

/**
 * Resolves like the system does, then refuses private and loopback answers at the moment of connecting, so a
 * name that resolved to a public address when checked cannot be switched to an internal one (DNS rebinding).
 */
function guardedLookup(allowPrivateNetwork: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!allowPrivateNetwork && (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address)))) return callback(refused(hostname), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * POSTs one webhook delivery with node:http(s): a fresh connection (no pooling, so the address check always
 * applies), redirects never followed (a 3xx is just a status), the whole exchange bounded by `timeoutMs`, and
 * no more than `maxResponseBytes` of the answer read.
 */
export const sendWebhookRequest: WebhookTransport = (request) => {
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!client) return Promise.reject(new SeglError({ code: 'outbound_refused', message: `refusing to fetch ${url.protocol} URLs`, status: 502 }));
  return new Promise<WebhookResponse>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body, 'utf8')) },
        agent: false,
        lookup: guardedLookup(request.allowPrivateNetwork),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          settle(() => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, request.maxResponseBytes).toString('utf8') }));
          outgoing.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (size < request.maxResponseBytes) {
            chunks.push(chunk);
            size += chunk.length;
          }
          if (size >= request.maxResponseBytes) done();
        });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${request.timeoutMs} ms`), { code: 'timeout' });
      settle(() => reject(error));
      outgoing.destroy(error);
    }, request.timeoutMs);
    outgoing.on('error', (error) => settle(() => reject(error)));
    outgoing.end(request.body, 'utf8');
  });
};
