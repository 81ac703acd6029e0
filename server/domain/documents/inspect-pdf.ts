import { PdfReader } from '../../pdf/pdf-reader.js';
import { countPages } from '../../pdf/page-tree.js';
import { assertWellFormed } from '../../pdf/well-formed.js';
import { assertChangesPermitted } from '../../pdf/signature-placeholder.js';
import { PdfRef, PdfStream, asArray, asDict, isName, type PdfValue } from '../../pdf/pdf-objects.js';
import { decodeStream } from '../../pdf/stream-filters.js';
import { PdfError } from '../../pdf/pdf-error.js';
import { isSeglError } from '../../lib/errors.js';

/** Decoded bytes one page content stream may expand to, and all of a document's content streams together. */
const MAX_CONTENT_STREAM_BYTES = 64 * 1024 * 1024;
const MAX_CONTENT_TOTAL_BYTES = 256 * 1024 * 1024;
const MAX_TREE_DEPTH = 64;

export interface PdfFacts {
  pageCount: number;
}

/** Every page dictionary, walking the tree with loop and depth guards (countPages ran first, so it is bounded). */
function* pages(reader: PdfReader): Generator<ReturnType<typeof asDict>> {
  const stack: { node: PdfValue | undefined; depth: number }[] = [{ node: reader.catalog().get('Pages'), depth: 0 }];
  const seen = new Set<number>();
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) return;
    if (node instanceof PdfRef) {
      if (seen.has(node.num)) continue;
      seen.add(node.num);
    }
    const dict = asDict(reader.resolve(node));
    if (!dict) continue;
    const kids = asArray(reader.resolve(dict.get('Kids')));
    if (isName(dict.get('Type'), 'Page') || !kids) {
      yield dict;
      continue;
    }
    for (let i = kids.length - 1; i >= 0; i -= 1) stack.push({ node: kids[i], depth: depth + 1 });
  }
}

/** Decodes every page's Flate content streams under caps, so a decompression bomb is refused at the door. */
function assertContentWithinLimits(reader: PdfReader): void {
  let total = 0;
  for (const page of pages(reader)) {
    const contents = reader.resolve(page?.get('Contents'));
    const streams =
      contents instanceof PdfStream ? [contents] : (asArray(contents) ?? []).map((item) => reader.resolve(item));
    for (const stream of streams) {
      if (!(stream instanceof PdfStream)) continue;
      const filters = stream.dict.get('Filter');
      const list = filters === undefined || filters === null ? [] : (asArray(filters) ?? [filters]);
      if (!list.every((f) => isName(f, 'FlateDecode') || isName(f, 'Fl'))) continue;
      total += decodeStream(stream, Math.min(MAX_CONTENT_STREAM_BYTES, MAX_CONTENT_TOTAL_BYTES - total + 1)).length;
      if (total > MAX_CONTENT_TOTAL_BYTES) {
        const message = `the page content expands beyond ${MAX_CONTENT_TOTAL_BYTES} bytes`;
        throw new PdfError({ code: 'pdf_stream_too_large', message, details: { limit: MAX_CONTENT_TOTAL_BYTES } });
      }
    }
  }
}

/**
 * Validates an upload in-process with the PDF layer's caps: parsable, not encrypted, changes permitted (no DocMDP
 * P=1 certification), undamaged, at most `maxPages` pages, content streams within limits. Any failure is a 422 with a
 * stable code; nothing the file does becomes a 500.
 */
export function inspectPdf(options: { bytes: Uint8Array; maxPages: number }): PdfFacts {
  try {
    const reader = PdfReader.open(options.bytes);
    if (reader.isEncrypted) {
      throw new PdfError({
        code: 'pdf_encrypted',
        message: 'the document is encrypted: remove the password protection and upload it again',
      });
    }
    assertChangesPermitted(reader);
    const pageCount = countPages(reader, options.maxPages);
    // Sealing refuses files whose structure the reader had to work around; refuse them now, not at the last signature.
    // (Checked before the content walk: a content stream a few bytes off does not stop sealing.)
    if (reader.repairs.length) {
      throw new PdfError({
        code: 'pdf_damaged',
        message: `the file is damaged (${reader.repairs[0]}); repair it (for example with qpdf) and upload it again`,
      });
    }
    assertWellFormed(reader);
    assertContentWithinLimits(reader);
    return { pageCount };
  } catch (error) {
    if (isSeglError(error) && error.status >= 400 && error.status < 500) throw error;
    if (isSeglError(error)) throw new PdfError({ code: 'pdf_unreadable', message: error.message, cause: error });
    const message =
      error instanceof RangeError
        ? 'the document is nested too deeply to read'
        : 'the document cannot be read as a PDF';
    throw new PdfError({ code: 'pdf_unreadable', message: message, cause: error });
  }
}
