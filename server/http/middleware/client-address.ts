import { BlockList, isIP } from 'node:net';
import type { Context, Middleware } from 'koa';
import { clientNetworkOf } from '../../lib/ip-address.js';

function normalize(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed.toLowerCase();
}

function trustList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const ip = normalize(address);
    const family = isIP(ip);
    if (!family) continue;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined && /^\d+$/.test(bits)) list.addSubnet(ip, Number(bits), type);
    else list.addAddress(ip, type);
  }
  return list;
}

/**
 * The client's address for throttling: the socket peer, unless that peer is a configured trusted proxy
 * (`SEGL_TRUSTED_PROXIES`, addresses or CIDR ranges); then X-Forwarded-For is read from the right, skipping trusted
 * proxies, and the first other address is the client. A header sent by anyone else is ignored (Koa's `ctx.ip` with
 * `app.proxy` would believe the leftmost entry, which the client writes itself).
 */
export function createClientAddress(trustedProxies: readonly string[]): (ctx: Context) => string {
  const trusted = trustList(trustedProxies);
  const isTrusted = (ip: string) => {
    const family = isIP(ip);
    return family !== 0 && trusted.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (ctx) => {
    const peer = normalize(ctx.req.socket.remoteAddress ?? '');
    if (!trustedProxies.length || !isTrusted(peer)) return peer;
    const hops = (ctx.get('X-Forwarded-For') || '').split(',').map(normalize).filter(Boolean);
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      if (!isIP(hops[i])) break;
      client = hops[i];
      if (!isTrusted(client)) break;
    }
    return client;
  };
}

/**
 * Sets `ctx.ip` (read by throttles, audit events and logs) to the real client address for every request. Koa's own
 * `app.proxy` would believe the leftmost X-Forwarded-For entry from any peer, so it stays off.
 */
export function clientAddress(trustedProxies: readonly string[]): Middleware {
  const resolve = createClientAddress(trustedProxies);
  return async (ctx, next) => {
    ctx.request.ip = resolve(ctx);
    await next();
  };
}

/** IPv6 clients usually hold a whole /64: count them per /64, IPv4 per address (see lib/ip-address.ts). */
export function throttleKey(ip: string): string {
  return clientNetworkOf(ip);
}

/** Who sent a request, as audit records and sessions keep it: the address set above and the browser. */
export function clientOf(ctx: Context): { ip: string; userAgent: string | null } {
  return { ip: ctx.ip, userAgent: ctx.get('User-Agent') || null };
}
