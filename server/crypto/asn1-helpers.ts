import * as asn1js from 'asn1js';
import { CryptoError } from './crypto-error.js';
import { PkiError } from './pki-error.js';
import type { PkiErrorCode } from '../lib/error-catalogue.js';

/** Small DER helpers shared by the ASN.1 builders of this folder (certificates, CRLs, OCSP). */

export type AsnValue = asn1js.AsnType;

export function toBytes(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}

/** A copy with its own ArrayBuffer (asn1js and pkijs want exact ArrayBuffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export function encodeDer(value: AsnValue): Uint8Array {
  return new Uint8Array(value.toBER(false));
}

/** Parses exactly one DER value; throws `code` (a CryptoError, or a PkiError for a certificate) on anything else. */
export function decodeDer(
  bytes: Uint8Array,
  code: 'malformed_der' | 'malformed_certificate' = 'malformed_der',
  what = 'DER value',
): AsnValue {
  const fail = (message: string) =>
    code === 'malformed_der' ? new CryptoError({ code, message }) : new PkiError({ code, message });
  const parsed = asn1js.fromBER(toArrayBuffer(bytes));
  if (parsed.offset === -1 || parsed.result.error) {
    throw fail(`Cannot parse ${what}: ${parsed.result.error || 'invalid encoding'}`);
  }
  if (parsed.offset !== bytes.byteLength) throw fail(`Trailing bytes after ${what}`);
  return parsed.result;
}

/**
 * A pkijs structure (certificate, CRL, OCSP response) read from BER; whatever the parser cannot read becomes the
 * PkiError `code` with `message`, the parser's complaint as its cause.
 */
export function readPkiStructure<T>(read: () => T, error: { code: PkiErrorCode; message: string }): T {
  try {
    return read();
  } catch (cause) {
    throw new PkiError({ ...error, cause });
  }
}

/** Embeds already-encoded DER (a Name, a Certificate) as an element of a new structure. */
export function rawDer(bytes: Uint8Array): AsnValue {
  return decodeDer(bytes);
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function hexToBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Canonical serial text: lowercase hex of the unsigned magnitude, no leading zero bytes ("00" for zero). */
export function serialToHex(contentBytes: Uint8Array): string {
  let start = 0;
  while (start < contentBytes.length - 1 && contentBytes[start] === 0) start++;
  return bytesToHex(contentBytes.subarray(start));
}

export function normalizeSerialHex(serialHex: string): string {
  const clean = serialHex.replace(/[:\s]/g, '').toLowerCase();
  const even = clean.length % 2 === 1 ? `0${clean}` : clean;
  return serialToHex(hexToBytes(even));
}

/** A positive INTEGER from unsigned big-endian bytes (DER-minimal, with 0x00 when the high bit is set). */
export function positiveInteger(bytes: Uint8Array): asn1js.Integer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const magnitude = bytes.subarray(start);
  const value =
    magnitude[0] !== undefined && magnitude[0] & 0x80 ? Uint8Array.from([0, ...magnitude]) : Uint8Array.from(magnitude);
  return new asn1js.Integer({ valueHex: toArrayBuffer(value.length ? value : new Uint8Array([0])) });
}

export function integerFromNumber(value: number | bigint): asn1js.Integer {
  let hex = BigInt(value).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return positiveInteger(hexToBytes(hex));
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/**
 * Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }
 * RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
 */
export function x509Time(date: Date): AsnValue {
  const at = wholeSeconds(date);
  return at.getUTCFullYear() < 2050
    ? new asn1js.UTCTime({ valueDate: at })
    : new asn1js.GeneralizedTime({ valueDate: at });
}

/** GeneralizedTime without fractional seconds (DER, as OCSP wants it). */
export function generalizedTime(date: Date): asn1js.GeneralizedTime {
  return new asn1js.GeneralizedTime({ valueDate: wholeSeconds(date) });
}

/**
 * AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY DEFINED BY algorithm OPTIONAL }
 */
export function algorithmIdentifier(oid: string, parameters?: AsnValue | 'null'): asn1js.Sequence {
  const value: AsnValue[] = [new asn1js.ObjectIdentifier({ value: oid })];
  if (parameters === 'null') value.push(new asn1js.Null());
  else if (parameters) value.push(parameters);
  return new asn1js.Sequence({ value });
}

/**
 * Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 */
export function extension(options: { oid: string; critical?: boolean; value: AsnValue | Uint8Array }): asn1js.Sequence {
  const inner = options.value instanceof Uint8Array ? options.value : encodeDer(options.value);
  const value: AsnValue[] = [new asn1js.ObjectIdentifier({ value: options.oid })];
  if (options.critical) value.push(new asn1js.Boolean({ value: true }));
  value.push(new asn1js.OctetString({ valueHex: toArrayBuffer(inner) }));
  return new asn1js.Sequence({ value });
}

/** [n] EXPLICIT wrapper, context-specific constructed. */
export function explicitTag(tagNumber: number, value: AsnValue): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [value] });
}

/** BIT STRING with zero unused bits (keys, signatures). */
export function bitString(bytes: Uint8Array): asn1js.BitString {
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes) });
}

export function octetString(bytes: Uint8Array): asn1js.OctetString {
  return new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}
