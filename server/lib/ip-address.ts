import { isIP } from 'node:net';

/**
 * Address text to bytes: IPv4 (4 bytes) or IPv6 (16 bytes, with an embedded dotted IPv4 tail, brackets and a zone
 * id allowed), or undefined for anything else. Node's own parsers are used only to decide the family.
 */
export function parseIpAddress(text: string): Uint8Array | undefined {
  const address = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%[^%]*$/, '');
  const family = isIP(address);
  if (family === 4) return Uint8Array.from(address.split('.').map(Number));
  if (family !== 6) return undefined;
  let head = address;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    head = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
    const v4 = dotted[2].split('.').map(Number);
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const groups = (part: string | undefined) =>
    (part ? part.split(':').filter(Boolean) : []).map((g) => parseInt(g, 16));
  const before = groups(left);
  const after = [...groups(right), ...tail];
  const missing = 8 - before.length - after.length;
  const words = right === undefined ? [...before, ...tail] : [...before, ...Array<number>(missing).fill(0), ...after];
  if (words.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** Whether the first `bits` bits of `address` equal those of `network` (both the same length). */
export function inPrefix(address: Uint8Array, network: Uint8Array, bits: number): boolean {
  if (address.length !== network.length) return false;
  for (let bit = 0; bit < bits; bit += 8) {
    const left = Math.min(8, bits - bit);
    const mask = (0xff << (8 - left)) & 0xff;
    if ((address[bit / 8] & mask) !== (network[bit / 8] & mask)) return false;
  }
  return true;
}

export function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

/**
 * The network a client counts under for throttling: an IPv4 address on its own (IPv4-mapped IPv6 too), an IPv6
 * address by its /64, since one subscriber usually holds a whole /64.
 */
export function clientNetworkOf(address: string): string {
  const bytes = parseIpAddress(address);
  if (!bytes) return address;
  if (bytes.length === 4) return formatIpv4(bytes);
  const mapped = inPrefix(bytes, parseIpAddress('::ffff:0:0')!, 96);
  if (mapped) return formatIpv4(bytes.subarray(12));
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return `${groups.join(':')}::/64`;
}
