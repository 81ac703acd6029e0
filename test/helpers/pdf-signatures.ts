import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds signature byte ranges and containers by scanning the file's bytes, independently of the code under
 * test, so that external tools can be fed exactly what a third-party validator would see.
 */
export interface RawSignature {
  byteRange: [number, number, number, number];
  container: Buffer;
  signedContent: Buffer;
  isDocTimestamp: boolean;
}

export function scanSignatures(pdf: Buffer): RawSignature[] {
  const text = pdf.toString('latin1');
  const found: RawSignature[] = [];
  for (const match of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
    const [a, b, c, d] = byteRange;
    if (c + d > pdf.length || pdf[b] !== 0x3c) continue;
    let hex = text.slice(b + 1, c - 1).replace(/\s/g, '');
    if (hex.length % 2) hex += '0';
    const dictStart = text.lastIndexOf('obj', match.index);
    const dictText = text.slice(dictStart, b);
    found.push({
      byteRange,
      container: cutPadding(Buffer.from(hex, 'hex')),
      signedContent: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
      isDocTimestamp: /ETSI\.RFC3161|DocTimeStamp/.test(dictText),
    });
  }
  return found;
}

export function writeTemp(dir: string, name: string, data: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/**
 * The container without the /Contents zero padding, cut by the DER length in its header (a container may itself
 * end in zero bytes, so stripping trailing zeros would be wrong one time in 256).
 */
function cutPadding(bytes: Buffer): Buffer {
  if (bytes.length < 2 || bytes[0] !== 0x30) return bytes;
  const first = bytes[1];
  if (first < 0x80) return bytes.subarray(0, 2 + first);
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i += 1) length = length * 256 + bytes[2 + i];
  return bytes.subarray(0, 2 + count + length);
}
