/**
 * A small, fast DER writer and BER/DER reader (X.690) for CMS and RFC 3161. Structures are built byte by byte, so the
 * bytes we sign are exactly the bytes we emit, and parsing keeps every element's original encoding (needed to verify
 * signed attributes). Certificates are read by certificate-info.ts; the asn1js helpers of the PKI builders
 * (certificates, CRLs, OCSP) live in asn1-helpers.ts.
 */

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

// ---------------------------------------------------------------------------------------------- writing

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  let rest = length;
  while (rest > 0) {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  }
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A TLV with a single-byte identifier (tag numbers below 31, which is all CMS and RFC 3161 need). */
export function encodeTlv(tag: number, content: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const body = content instanceof Uint8Array ? content : concatBytes(content);
  const length = encodeLength(body.length);
  const out = new Uint8Array(1 + length.length + body.length);
  out[0] = tag;
  out.set(length, 1);
  out.set(body, 1 + length.length);
  return out;
}

export function encodeSequence(items: readonly (Uint8Array | undefined)[]): Uint8Array {
  return encodeTlv(
    TAG.sequence,
    items.filter((item): item is Uint8Array => item !== undefined),
  );
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

export function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** SET OF in DER: the encoded elements sorted as octet strings (X.690 11.6). */
export function encodeSetOf(items: readonly Uint8Array[], tag: number = TAG.set): Uint8Array {
  return encodeTlv(tag, [...items].sort(compareBytes));
}

/** [n] EXPLICIT: a constructed context-specific wrapper around one encoded element. */
export function encodeExplicit(tagNumber: number, inner: Uint8Array): Uint8Array {
  return encodeTlv(0xa0 | tagNumber, inner);
}

/** [n] IMPLICIT: the element's own identifier octet replaced by the context tag (keeps the constructed bit). */
export function encodeImplicit(tagNumber: number, element: Uint8Array): Uint8Array {
  const out = Uint8Array.from(element);
  out[0] = (element[0] & 0x20) | 0x80 | tagNumber;
  return out;
}

export function encodeOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map((arc) => BigInt(arc));
  if (arcs.length < 2) throw new DerError(`invalid OID ${oid}`);
  const bytes: number[] = [];
  const pushArc = (value: bigint): void => {
    const chunk: number[] = [Number(value & 0x7fn)];
    let rest = value >> 7n;
    while (rest > 0n) {
      chunk.unshift(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(...chunk);
  };
  pushArc(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) pushArc(arc);
  return encodeTlv(TAG.oid, Uint8Array.from(bytes));
}

/** INTEGER from a bigint, or from big-endian unsigned magnitude bytes (always encoded as non-negative). */
export function encodeInteger(value: bigint | number | Uint8Array): Uint8Array {
  if (value instanceof Uint8Array) {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start += 1;
    const magnitude = value.length === 0 ? Uint8Array.of(0) : value.subarray(start);
    return encodeTlv(TAG.integer, magnitude[0] & 0x80 ? concatBytes([Uint8Array.of(0), magnitude]) : magnitude);
  }
  let big = BigInt(value);
  const bytes: number[] = [];
  if (big >= 0n) {
    do {
      bytes.unshift(Number(big & 0xffn));
      big >>= 8n;
    } while (big > 0n);
    if (bytes[0] & 0x80) bytes.unshift(0);
  } else {
    do {
      bytes.unshift(Number(big & 0xffn));
      big >>= 8n;
    } while (big < -1n);
    if (!(bytes[0] & 0x80)) bytes.unshift(0xff);
  }
  return encodeTlv(TAG.integer, Uint8Array.from(bytes));
}

export function encodeOctetString(value: Uint8Array): Uint8Array {
  return encodeTlv(TAG.octetString, value);
}

export function encodeBoolean(value: boolean): Uint8Array {
  return encodeTlv(TAG.boolean, Uint8Array.of(value ? 0xff : 0x00));
}

export const DER_NULL = Uint8Array.of(0x05, 0x00);

export function encodeUtf8String(value: string): Uint8Array {
  return encodeTlv(TAG.utf8String, new TextEncoder().encode(value));
}

/** BIT STRING of named bits (DER: trailing zero bits removed, X.690 11.2.2). */
export function encodeNamedBits(bits: readonly number[]): Uint8Array {
  if (bits.length === 0) return encodeTlv(TAG.bitString, Uint8Array.of(0));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)] |= 0x80 >> (bit % 8);
  return encodeTlv(TAG.bitString, concatBytes([Uint8Array.of(7 - (highest % 8)), bytes]));
}

/** GeneralizedTime in UTC, DER form: `YYYYMMDDHHMMSS[.fff]Z`, fraction without trailing zeros. */
export function encodeGeneralizedTime(date: Date, withMilliseconds = true): Uint8Array {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  let text =
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds());
  const ms = date.getUTCMilliseconds();
  if (withMilliseconds && ms !== 0) text += `.${pad(ms, 3).replace(/0+$/, '')}`;
  return encodeTlv(TAG.generalizedTime, new TextEncoder().encode(`${text}Z`));
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY DEFINED BY algorithm OPTIONAL } */
export function encodeAlgorithmIdentifier(oid: string, parameters?: Uint8Array): Uint8Array {
  return encodeSequence([encodeOid(oid), parameters]);
}

// ---------------------------------------------------------------------------------------------- reading

/** One parsed element. `content` is a view of the value octets (for BER constructed indefinite forms too). */
export interface DerElement {
  /** The first identifier octet (class, constructed bit, tag number when below 31). */
  tag: number;
  tagClass: 'universal' | 'application' | 'context' | 'private';
  constructed: boolean;
  tagNumber: number;
  /** The complete encoding of the element (identifier, length, value, end-of-contents if any). */
  raw: Uint8Array;
  /** The value octets (without end-of-contents for indefinite lengths). */
  content: Uint8Array;
}

/**
 * DER that cannot be read: the crypto layer's parsers throw it for structures that are not what they must be, and
 * their public functions wrap it into a catalogued CryptoError or PkiError (`cms_unreadable`, `timestamp_unreadable`).
 */
export class DerError extends Error {
  /** The ASN.1 structure being read (e.g. `SignerInfo`), when the parser knows it. */
  readonly structure?: string;

  constructor(message: string, options: { structure?: string } = {}) {
    super(message);
    this.name = 'DerError';
    this.structure = options.structure;
  }
}

const CLASSES = ['universal', 'application', 'context', 'private'] as const;

/** Reads one element starting at `offset`. Accepts BER indefinite lengths (real-world CMS uses them). */
export function readElement(input: Uint8Array, offset = 0, depth = 0): DerElement {
  const bytes =
    depth === 0 && Buffer.isBuffer(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : input;
  if (depth > 64) throw new DerError('nesting too deep');
  let position = offset;
  if (position >= bytes.length) throw new DerError('unexpected end of data');
  const tag = bytes[position++];
  let tagNumber = tag & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let byte: number;
    let count = 0;
    do {
      if (position >= bytes.length || ++count > 4) throw new DerError('bad tag');
      byte = bytes[position++];
      tagNumber = tagNumber * 128 + (byte & 0x7f);
    } while (byte & 0x80);
  }
  const constructed = (tag & 0x20) !== 0;
  if (position >= bytes.length) throw new DerError('missing length');
  const first = bytes[position++];
  let contentStart = position;
  let contentEnd: number;
  let end: number;
  if (first === 0x80) {
    if (!constructed) throw new DerError('indefinite length on a primitive element');
    let cursor = position;
    for (;;) {
      if (cursor + 1 >= bytes.length) throw new DerError('missing end-of-contents');
      if (bytes[cursor] === 0 && bytes[cursor + 1] === 0) break;
      cursor += readElement(bytes, cursor, depth + 1).raw.length;
    }
    contentEnd = cursor;
    end = cursor + 2;
  } else {
    let length = first;
    if (first & 0x80) {
      const count = first & 0x7f;
      if (count > 6) throw new DerError('length too large');
      length = 0;
      for (let i = 0; i < count; i += 1) {
        if (position >= bytes.length) throw new DerError('truncated length');
        length = length * 256 + bytes[position++];
      }
      contentStart = position;
    }
    contentEnd = contentStart + length;
    end = contentEnd;
    if (contentEnd > bytes.length) throw new DerError('element longer than the data');
  }
  return {
    tag,
    tagClass: CLASSES[tag >> 6],
    constructed,
    tagNumber,
    raw: bytes.subarray(offset, end),
    content: bytes.subarray(contentStart, contentEnd),
  };
}

/** Parses a complete encoding: exactly one element, no trailing bytes. */
export function readDer(input: Uint8Array): DerElement {
  // A plain Uint8Array view: Buffer's slice() shares memory, and callers copy with slice().
  const bytes = Buffer.isBuffer(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : input;
  const element = readElement(bytes, 0);
  if (element.raw.length !== bytes.length) throw new DerError('trailing data after the element');
  return element;
}

/** The child elements of a constructed element. */
export function childrenOf(element: DerElement | undefined): DerElement[] {
  if (!element?.constructed) throw new DerError('expected a constructed element');
  const out: DerElement[] = [];
  let offset = 0;
  while (offset < element.content.length) {
    const child = readElement(element.content, offset, 1);
    out.push(child);
    offset += child.raw.length;
  }
  return out;
}

export function decodeOid(element: DerElement | undefined): string {
  if (!element || element.tag !== TAG.oid) throw new DerError('expected an OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of element.content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0n;
    }
  }
  if (arcs.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

export function decodeInteger(element: DerElement | undefined): bigint {
  if (!element || (element.tag !== TAG.integer && (element.tag & 0xe0) !== 0x80))
    throw new DerError('expected an INTEGER');
  const bytes = element.content;
  if (bytes.length === 0) throw new DerError('empty INTEGER');
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  if (bytes[0] & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

export function decodeBoolean(element: DerElement | undefined): boolean {
  if (!element || element.tag !== TAG.boolean || element.content.length !== 1) throw new DerError('expected a BOOLEAN');
  return element.content[0] !== 0;
}

/** OCTET STRING content, joining the segments of a BER constructed OCTET STRING. */
export function decodeOctetString(element: DerElement | undefined): Uint8Array {
  if (element?.tag === TAG.octetString) return element.content;
  if (element?.tag === (TAG.octetString | 0x20)) return concatBytes(childrenOf(element).map(decodeOctetString));
  throw new DerError('expected an OCTET STRING');
}

/** BIT STRING: the bytes after the unused-bits octet. */
export function decodeBitString(element: DerElement | undefined): { bytes: Uint8Array; unusedBits: number } {
  if (!element || element.tag !== TAG.bitString || element.content.length === 0)
    throw new DerError('expected a BIT STRING');
  return { bytes: element.content.subarray(1), unusedBits: element.content[0] };
}

/** UTCTime or GeneralizedTime (with optional fraction and offset) to a Date. */
export function decodeTime(element: DerElement | undefined): Date {
  if (!element) throw new DerError('expected a time');
  const text = new TextDecoder('latin1').decode(element.content);
  let match: RegExpMatchArray | null;
  if (element.tag === TAG.utcTime) {
    match = text.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/);
    if (!match) throw new DerError(`bad UTCTime ${text}`);
    const yy = Number(match[1]);
    return buildDate(yy >= 50 ? 1900 + yy : 2000 + yy, match.slice(2, 7), undefined, match[7]);
  }
  if (element.tag === TAG.generalizedTime) {
    match = text.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/);
    if (!match) throw new DerError(`bad GeneralizedTime ${text}`);
    return buildDate(Number(match[1]), match.slice(2, 7), match[7], match[8] ?? 'Z');
  }
  throw new DerError('expected a time');
}

function buildDate(year: number, parts: (string | undefined)[], fraction: string | undefined, zone: string): Date {
  const [month, day, hour, minute, second] = parts.map((part) => Number(part ?? '0'));
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone !== 'Z') {
    const sign = zone[0] === '+' ? 1 : -1;
    time -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  return new Date(time);
}
