import { PdfDict, PdfRef, asArray, asDict, isName } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';
import { pdfError } from './pdf-syntax-error.js';

const MAX_DEPTH = 64;

/** The first page's reference, found by descending the page tree (never by walking every page). */
export function findFirstPage(reader: PdfReader): { ref: PdfRef; page: PdfDict } {
  let node = reader.catalog().get('Pages');
  const seen = new Set<number>();
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (!(node instanceof PdfRef)) throw pdfError('pdf_no_pages', 'the page tree is missing or not an indirect object');
    if (seen.has(node.num)) throw pdfError('pdf_page_tree_loop', 'the page tree contains a loop');
    seen.add(node.num);
    const dict = asDict(reader.lookup(node));
    if (!dict) throw pdfError('pdf_no_pages', 'a page tree node cannot be read');
    if (isName(dict.get('Type'), 'Page') || (!dict.has('Kids') && dict.has('Contents'))) return { ref: node, page: dict };
    const kids = asArray(reader.resolve(dict.get('Kids')));
    if (!kids || kids.length === 0) throw pdfError('pdf_no_pages', 'the document has no pages');
    node = kids[0];
  }
  throw pdfError('pdf_page_tree_loop', 'the page tree is too deep');
}
