import { walkObjectGraph } from './object-graph.js';
import { isWhitespace, PdfParser } from './pdf-parser.js';
import type { PdfReader } from './pdf-reader.js';
import { PdfError } from './pdf-error.js';
import { isBlank } from './revision-tail.js';

/**
 * Refuses a file that cannot be read without guessing, before anything is built on it (ISO 32000-2 §7.5): it must
 * end with its last revision (`startxref`, `%%EOF`, then nothing but blank space: else it was truncated or
 * damaged), and every object the document uses must parse from exactly where its cross-reference entry points
 * (never offset 0, never another object; compressed objects from an object stream that is a plain object and does
 * not contain itself). Readers that repair files would each guess differently; a sealed copy of such a
 * file would fail other validators. Cost grows with the number of objects; stream data is never decoded.
 */
export function assertWellFormed(reader: PdfReader, options: { maxObjects?: number } = {}): void {
  if (reader.repairs.length) {
    throw new PdfError({
      code: 'pdf_damaged',
      message: `the file is damaged (${reader.repairs[0]}); repair it (for example with qpdf) first`,
    });
  }
  assertEndsWithItsLastRevision(reader);
  // Everything the document uses is read (and so parsed); entries nothing uses cannot change what any reader shows.
  const graph = walkObjectGraph(reader, { maxObjects: options.maxObjects ?? 5_000_000 });
  if (graph.unreadable.length) {
    throw new PdfError({ code: 'pdf_damaged', message: `object ${graph.unreadable[0]} cannot be read` });
  }
  if (reader.repairs.length) {
    throw new PdfError({
      code: 'pdf_broken_xref',
      message: `the file is damaged (${reader.repairs[0]}); repair it (for example with qpdf) first`,
    });
  }
  const base = reader.offsetBase;
  for (const num of graph.referrers.keys()) {
    const entry = reader.entry(num);
    if (!entry || entry.type === 'free') continue; // a reference to nothing is null (§7.3.10), not damage
    if (entry.type === 'offset') {
      const header = entry.offset > 0 ? reader.headerAt(reader.skipSpace(entry.offset + base)) : undefined;
      if (!header || header.num !== num || header.gen !== entry.gen) {
        throw new PdfError({
          code: 'pdf_broken_xref',
          message:
            `the cross-reference entry for object ${num} points at byte ${entry.offset}, ` +
            `where object ${num} is not`,
        });
      }
      continue;
    }
    if (entry.stream === num) {
      throw new PdfError({ code: 'pdf_broken_xref', message: `object ${num} is said to be inside itself` });
    }
    if (reader.objectStreamNumbers(entry.stream).includes(entry.stream)) {
      throw new PdfError({ code: 'pdf_broken_xref', message: `object stream ${entry.stream} contains itself` });
    }
  }
}

function assertEndsWithItsLastRevision(reader: PdfReader): void {
  const bytes = reader.bytes;
  const at = bytes.lastIndexOf('startxref', bytes.length, 'latin1');
  const parser = new PdfParser(bytes, at + 9);
  parser.skipWhitespace();
  parser.readNumber();
  let pos = parser.pos;
  while (pos < bytes.length && isWhitespace(bytes[pos]!)) pos += 1;
  if (bytes.toString('latin1', pos, pos + 5) !== '%%EOF') {
    throw new PdfError({
      code: 'pdf_truncated',
      message: 'the file does not end with %%EOF after its last cross-reference: it is truncated or damaged',
    });
  }
  if (!isBlank(bytes.subarray(pos + 5))) {
    throw new PdfError({
      code: 'pdf_truncated',
      message: 'the file has data after its last %%EOF that belongs to no revision: it is truncated or damaged',
    });
  }
}
