import { createHash } from 'node:crypto';
import type { Problem } from './verification-report.js';

export interface ByteRangeCheck {
  ok: boolean;
  coversWholeFile: boolean;
  /** Where the signed revision ends: offset + length of the second range. */
  signedLength: number;
  problems: Problem[];
}

const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

/**
 * Checks a /ByteRange: two ranges from the start of the file that leave out exactly the hex string of /Contents
 * (so nothing but the signature can hide in the gap), and says whether the second one reaches the end of the file.
 */
export function checkByteRange(bytes: Buffer, range: number[]): ByteRangeCheck {
  const problems: Problem[] = [];
  const fail = (message: string): ByteRangeCheck => ({
    ok: false,
    coversWholeFile: false,
    signedLength: 0,
    problems: [{ code: 'byte_range_invalid', message }],
  });
  if (range.length !== 4 || range.some((n) => !Number.isSafeInteger(n) || n < 0))
    return fail('the /ByteRange is not four non-negative whole numbers');
  const [start, firstLength, secondStart, secondLength] = range;
  if (start !== 0) return fail('the signed range does not start at the beginning of the file');
  if (secondStart < firstLength || secondStart + secondLength > bytes.length)
    return fail('the /ByteRange points outside the file');
  if (bytes[firstLength] !== 0x3c || bytes[secondStart - 1] !== 0x3e)
    return fail('the gap in the /ByteRange is not the /Contents hex string');
  if (!HEX.test(bytes.toString('latin1', firstLength + 1, secondStart - 1))) {
    return fail('the gap in the /ByteRange holds something other than the signature (hex digits only)');
  }
  const signedLength = secondStart + secondLength;
  return { ok: problems.length === 0, coversWholeFile: signedLength === bytes.length, signedLength, problems };
}

/**
 * Whether the bytes left out of the signature (between the two ranges) are exactly this signature's /Contents, so
 * that nothing but the signature itself is unsigned (a /ByteRange pointing at some other hex string is a wrapping
 * attack). Call only after `checkByteRange` passed.
 */
export function signedGapMatches(bytes: Buffer, range: number[], contents: Uint8Array): boolean {
  const hex = bytes.toString('latin1', range[1] + 1, range[2] - 1);
  return Buffer.from(hex, 'hex').equals(Buffer.from(contents));
}

/**
 * Hex digits in one case only: the gap is not signed, and a writer never mixes cases, so a mixed-case /Contents is
 * a changed file even when its bytes decode the same.
 */
export function gapHasOneCase(bytes: Buffer, range: number[]): boolean {
  const hex = bytes.toString('latin1', range[1] + 1, range[2] - 1);
  return !(/[a-f]/.test(hex) && /[A-F]/.test(hex));
}

/** The room reserved in /Contents after the signature container must be zeros: the gap is not signed. */
export function paddingIsZero(contents: Uint8Array): boolean {
  const used = trimDer(contents).length;
  for (let i = used; i < contents.length; i += 1) if (contents[i] !== 0) return false;
  return true;
}

/** Hashes the two signed ranges in place. */
export function digestRanges(bytes: Buffer, range: number[], algorithm: string): Buffer {
  const [start, firstLength, secondStart, secondLength] = range;
  return createHash(algorithm)
    .update(bytes.subarray(start, start + firstLength))
    .update(bytes.subarray(secondStart, secondStart + secondLength))
    .digest();
}

/** A DER element's full length from its header, so that /Contents padding can be cut off. */
export function trimDer(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2) return bytes;
  const first = bytes[1];
  if (first < 0x80) return bytes.subarray(0, Math.min(bytes.length, 2 + first));
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) return bytes;
  let length = 0;
  for (let i = 0; i < count; i += 1) length = length * 256 + bytes[2 + i];
  return bytes.subarray(0, Math.min(bytes.length, 2 + count + length));
}
