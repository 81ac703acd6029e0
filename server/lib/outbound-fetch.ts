import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { SeglError } from './errors.js';
import { classifyAddress } from './outbound-address.js';

/**
 * The one guard for requests the appliance makes to addresses others chose (webhooks, OpenID providers, revocation
 * URLs in certificates, external TSAs). It resolves the host once, checks every address it got, and connects to
 * exactly those addresses, so a name cannot resolve to a public address for the check and to an internal one for
 * the connection (DNS rebinding). Its refusal reads the same whether the name did not resolve or resolved to a
 * non-public address, so it tells nothing about internal DNS.
 */
export interface OutboundPolicy {
  /** Operator's opt-in (or a test's): loopback and private addresses are allowed. */
  allowPrivateNetwork: boolean;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** A resolver, injectable so tests can make a name answer what they need (real DNS by default). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export function outboundRefused(host: string, cause?: unknown): SeglError {
  return new SeglError({
    code: 'outbound_refused',
    message: `refusing to connect to ${host}: not a public address, or it cannot be resolved`,
    cause,
  });
}

/** Resolves a URL's host once and checks every address; answers the addresses to connect to. */
export async function resolveOutbound(options: {
  url: URL;
  policy: OutboundPolicy;
  resolver?: Resolver;
}): Promise<ResolvedAddress[]> {
  const { url, policy } = options;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw outboundRefused(url.host || url.protocol);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  let addresses: ResolvedAddress[];
  if (family) {
    addresses = [{ address: host, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolver ?? systemResolver)(host);
    } catch (cause) {
      throw outboundRefused(url.hostname, cause);
    }
  }
  if (addresses.length === 0) throw outboundRefused(url.hostname);
  const internal = addresses.some((a) => !classifyAddress(a.address).public);
  if (internal && !policy.allowPrivateNetwork) throw outboundRefused(url.hostname);
  return addresses;
}

/** A `lookup` for node:net that answers only the addresses already checked, whatever the name. */
export function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : undefined;
    const wanted = family ? addresses.filter((a) => a.family === family) : addresses;
    const usable = wanted.length ? wanted : addresses;
    if (options.all)
      return callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    return callback(null, usable[0].address, usable[0].family);
  };
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  policy: OutboundPolicy;
  timeoutMs: number;
  /** Bytes of the answer read at most. */
  maxResponseBytes: number;
  /** Over `maxResponseBytes`: fail (default), or keep what fits and stop reading. */
  oversize?: 'error' | 'truncate';
  signal?: AbortSignal;
  resolver?: Resolver;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  /** True when the body was cut at `maxResponseBytes`. */
  truncated: boolean;
}

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * One guarded HTTP(S) exchange: a fresh connection (no pooling, so the check always applies) to a checked
 * address, no redirects followed (a 3xx is just an answer), bounded in time and size.
 */
export async function sendOutboundRequest(target: string | URL, request: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(target);
  if (url.username || url.password) throw outboundRefused(url.hostname);
  const addresses = await resolveOutbound({ url, policy: request.policy, resolver: request.resolver });
  const client = url.protocol === 'https:' ? https : http;
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      action();
    };
    const outgoing = client.request(
      url,
      {
        method: request.method ?? 'GET',
        headers: { ...request.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        agent: false,
        lookup: pinnedLookup(addresses),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (truncated: boolean) => {
          const status = response.statusCode ?? 0;
          const received = new Uint8Array(Buffer.concat(chunks));
          const answer = { status, headers: headerRecord(response.headers), body: received, truncated };
          finish(() => resolve(answer));
          outgoing.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (size + chunk.length > request.maxResponseBytes) {
            if (request.oversize !== 'truncate') {
              finish(() => reject(new Error(`answer larger than ${request.maxResponseBytes} bytes`)));
              outgoing.destroy();
              return;
            }
            chunks.push(chunk.subarray(0, request.maxResponseBytes - size));
            size = request.maxResponseBytes;
            done(true);
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => done(false));
        response.on('error', (error) => finish(() => reject(error)));
        response.on('close', () => done(false));
      },
    );
    const fail = (error: Error) => {
      finish(() => reject(error));
      outgoing.destroy(error);
    };
    const timedOut = Object.assign(new Error(`no answer within ${request.timeoutMs} ms`), { code: 'timeout' });
    const timeout = () => fail(timedOut);
    const timer = setTimeout(timeout, request.timeoutMs);
    const onAbort = () => fail(Object.assign(new Error('aborted'), { code: 'aborted' }));
    if (request.signal?.aborted) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('error', (error) => finish(() => reject(error)));
    outgoing.end(body);
  });
}

/**
 * A `fetch` with the guard inside, for libraries that take one (openid-client's customFetch): the answer is a
 * standard Response built from the bounded body.
 */
export function createOutboundFetch(options: {
  policy: OutboundPolicy;
  timeoutMs: number;
  maxResponseBytes: number;
  resolver?: Resolver;
}) {
  return async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = input instanceof Request ? input.url : input;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    let body: Uint8Array | string | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body instanceof URLSearchParams) {
      body = init.body.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    } else if (init.body instanceof Uint8Array) body = init.body;
    else if (init.body instanceof ArrayBuffer) body = new Uint8Array(init.body);
    else if (init.body != null) throw new TypeError('outbound fetch: unsupported body type');
    const answer = await sendOutboundRequest(url, {
      method: init.method,
      headers,
      body,
      policy: options.policy,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      signal: init.signal ?? undefined,
      resolver: options.resolver,
    });
    const nullBody = answer.status === 204 || answer.status === 304 || (answer.status >= 100 && answer.status < 200);
    const payload = nullBody ? null : new Uint8Array(answer.body);
    return new Response(payload, { status: answer.status, headers: answer.headers });
  };
}
