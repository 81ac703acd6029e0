import { formatIpv4, inPrefix, parseIpAddress } from './ip-address.js';

/** What the outbound guard says about one address: `public`, or the special range it falls in. */
export interface AddressVerdict {
  public: boolean;
  /** The range's name (`loopback`, `nat64:private`, ...), or `public`. */
  range: string;
}

type Range = [name: string, network: string, bits: number];

/** IPv4 ranges that are not the public internet (IANA special-purpose registry, RFC 6890 and successors). */
const IPV4_SPECIAL: Range[] = [
  ['this-network', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['cgnat', '100.64.0.0', 10],
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16],
  ['private', '172.16.0.0', 12],
  ['ietf-protocol', '192.0.0.0', 24],
  ['documentation', '192.0.2.0', 24],
  ['as112', '192.31.196.0', 24],
  ['amt', '192.52.193.0', 24],
  ['6to4-relay', '192.88.99.0', 24],
  ['private', '192.168.0.0', 16],
  ['as112', '192.175.48.0', 24],
  ['benchmarking', '198.18.0.0', 15],
  ['documentation', '198.51.100.0', 24],
  ['documentation', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4],
];

/** IPv6 ranges refused outright (the IPv4-embedding ones that are checked by their IPv4 part are handled below). */
const IPV6_SPECIAL: Range[] = [
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['ipv4-translated', '::ffff:0:0:0', 96],
  ['ipv4-compatible', '::', 96],
  ['nat64-local', '64:ff9b:1::', 48],
  ['discard', '100::', 64],
  ['teredo', '2001::', 32],
  ['benchmarking', '2001:2::', 48],
  ['orchid', '2001:10::', 28],
  ['orchid', '2001:20::', 28],
  ['ietf-protocol', '2001::', 23],
  ['documentation', '2001:db8::', 32],
  ['documentation', '3fff::', 20],
  ['srv6', '5f00::', 16],
  ['unique-local', 'fc00::', 7],
  ['link-local', 'fe80::', 10],
  ['site-local', 'fec0::', 10],
  ['multicast', 'ff00::', 8],
];

const compile = (ranges: Range[]) =>
  ranges.map(([name, network, bits]) => ({ name, network: parseIpAddress(network)!, bits }));
const V4 = compile(IPV4_SPECIAL);
const V6 = compile(IPV6_SPECIAL);
const MAPPED = parseIpAddress('::ffff:0:0')!;
const NAT64 = parseIpAddress('64:ff9b::')!;
const SIX_TO_FOUR = parseIpAddress('2002::')!;
const GLOBAL_UNICAST = parseIpAddress('2000::')!;

function classifyIpv4(bytes: Uint8Array): AddressVerdict {
  const hit = V4.find((range) => inPrefix(bytes, range.network, range.bits));
  return hit ? { public: false, range: hit.name } : { public: true, range: 'public' };
}

/** An IPv6 form that carries an IPv4 address is judged by that address, under the form's name. */
function embedded(form: string, v4: Uint8Array): AddressVerdict {
  const inner = classifyIpv4(v4);
  return inner.public ? inner : { public: false, range: `${form}:${inner.range}` };
}

/**
 * Classifies an IP address (IPv4 or any IPv6 text form). IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and
 * 6to4 (2002::/16) addresses are judged by the IPv4 address inside; IPv4-compatible, SIIT, local NAT64, Teredo and
 * every other special or non-global-unicast IPv6 range is refused. Text that is not an address is never public.
 */
export function classifyAddress(address: string): AddressVerdict {
  const bytes = parseIpAddress(address);
  if (!bytes) return { public: false, range: 'not-an-address' };
  if (bytes.length === 4) return classifyIpv4(bytes);
  if (inPrefix(bytes, MAPPED, 96)) return embedded('ipv4-mapped', bytes.subarray(12));
  if (inPrefix(bytes, NAT64, 96)) return embedded('nat64', bytes.subarray(12));
  if (inPrefix(bytes, SIX_TO_FOUR, 16)) return embedded('6to4', bytes.subarray(2, 6));
  const hit = V6.find((range) => inPrefix(bytes, range.network, range.bits));
  if (hit) return { public: false, range: hit.name };
  if (!inPrefix(bytes, GLOBAL_UNICAST, 3)) return { public: false, range: 'reserved' };
  return { public: true, range: 'public' };
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).public;
}

/** The IPv4 address an IPv6 text carries in a form the guard reads (for logs and tests), else undefined. */
export function embeddedIpv4(address: string): string | undefined {
  const bytes = parseIpAddress(address);
  if (!bytes || bytes.length === 4) return undefined;
  if (inPrefix(bytes, MAPPED, 96) || inPrefix(bytes, NAT64, 96)) return formatIpv4(bytes.subarray(12));
  if (inPrefix(bytes, SIX_TO_FOUR, 16)) return formatIpv4(bytes.subarray(2, 6));
  return undefined;
}
