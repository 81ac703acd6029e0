import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { SeglError } from '../../lib/errors.js';

/** Loopback, private, link-local, CGNAT, unique-local and other non-public ranges. */
const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  // (BlockList applies IPv4 rules to IPv4-mapped IPv6 addresses, dotted or hex: ::ffff:127.0.0.1, ::ffff:7f00:1)
  if (family === 6) return PRIVATE.check(address, 'ipv6');
  return true;
}

/**
 * Refuses an outbound URL whose host is, or resolves to, a loopback or private address, unless the operator
 * allowed that (`allowPrivateNetwork`). Only http(s).
 */
export async function assertOutboundUrl(options: { url: string | URL; allowPrivateNetwork: boolean }): Promise<void> {
  const url = new URL(options.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SeglError({ code: 'outbound_refused', message: `refusing to fetch ${url.protocol} URLs`, status: 502, expose: true });
  }
  if (options.allowPrivateNetwork) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw new SeglError({ code: 'outbound_refused', message: `refusing to connect to ${url.hostname}: a private or loopback address`, status: 502, expose: true });
  }
}
