import { PdfStream, type PdfValue } from '../pdf-objects.js';
import type { PdfReader } from '../pdf-reader.js';
import { decodeStream } from '../stream-filters.js';

const MAX_SCANNED_BYTES = 32 * 1024 * 1024;

function isDelimiterOrSpace(byte: number | undefined): boolean {
  return byte === undefined || byte <= 0x20 || '()<>[]{}/%'.includes(String.fromCharCode(byte));
}

/**
 * How many `q` a page's content leaves unclosed (saves minus restores, never below zero), so that the stamp can close
 * them before drawing in the default coordinate system. Strings, comments and inline image data are skipped. When the
 * content cannot be decoded (or is huge) the answer is 0: the page is then treated as balanced, as most are.
 */
export function unclosedSaves(reader: PdfReader, parts: PdfValue[]): number {
  let depth = 0;
  let budget = MAX_SCANNED_BYTES;
  for (const part of parts) {
    const stream = reader.resolve(part);
    if (!(stream instanceof PdfStream)) continue;
    let data: Buffer;
    try {
      data = decodeStream(stream, budget);
    } catch {
      return 0;
    }
    budget -= data.length;
    let i = 0;
    while (i < data.length) {
      const byte = data[i];
      if (byte === 0x25) {
        while (i < data.length && data[i] !== 0x0a && data[i] !== 0x0d) i += 1;
      } else if (byte === 0x28) {
        let nesting = 1;
        i += 1;
        while (i < data.length && nesting > 0) {
          if (data[i] === 0x5c) i += 1;
          else if (data[i] === 0x28) nesting += 1;
          else if (data[i] === 0x29) nesting -= 1;
          i += 1;
        }
        continue;
      } else if (byte === 0x2f) {
        i += 1;
        while (i < data.length && !isDelimiterOrSpace(data[i])) i += 1;
        continue;
      } else if (byte === 0x3c && data[i + 1] !== 0x3c) {
        while (i < data.length && data[i] !== 0x3e) i += 1;
      } else if (!isDelimiterOrSpace(byte)) {
        const start = i;
        while (i < data.length && !isDelimiterOrSpace(data[i])) i += 1;
        const token = data.toString('latin1', start, i);
        if (token === 'q') depth += 1;
        else if (token === 'Q') depth = Math.max(0, depth - 1);
        else if (token === 'ID') {
          // Inline image data runs to a whitespace-delimited EI.
          const end = data.indexOf('EI', i + 1, 'latin1');
          let at = end;
          while (at >= 0 && !(isDelimiterOrSpace(data[at - 1]) && isDelimiterOrSpace(data[at + 2])))
            at = data.indexOf('EI', at + 2, 'latin1');
          if (at < 0) return depth;
          i = at + 2;
        }
        continue;
      }
      i += 1;
    }
  }
  return depth;
}
