import { type PdfDict, PdfRef, asArray, asDict, isName, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';
import { PdfError } from './pdf-error.js';

const MAX_DEPTH = 64;

function tooManyPages(limit: number): PdfError {
  return new PdfError({
    code: 'pdf_too_many_pages',
    message: `the document has more than ${limit} pages`,
    details: { limit },
  });
}

/** Notes that a walk of the page tree reached `ref`; reaching a node again is a loop or a shared node: refused. */
export function markPageTreeNode(options: { seen: Set<number>; ref: PdfRef }): void {
  const { seen, ref } = options;
  if (seen.has(ref.num)) {
    throw new PdfError({ code: 'pdf_page_tree_loop', message: 'the page tree contains a loop or a node listed twice' });
  }
  seen.add(ref.num);
}

/** The first page's reference, found by descending the page tree (never by walking every page). */
export function findFirstPage(reader: PdfReader): { ref: PdfRef; page: PdfDict } {
  let node = reader.catalog().get('Pages');
  const seen = new Set<number>();
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (!(node instanceof PdfRef)) {
      throw new PdfError({ code: 'pdf_no_pages', message: 'the page tree is missing or not an indirect object' });
    }
    if (seen.has(node.num)) {
      throw new PdfError({ code: 'pdf_page_tree_loop', message: 'the page tree contains a loop' });
    }
    seen.add(node.num);
    const dict = asDict(reader.lookup(node));
    if (!dict) throw new PdfError({ code: 'pdf_no_pages', message: 'a page tree node cannot be read' });
    if (isName(dict.get('Type'), 'Page') || (!dict.has('Kids') && dict.has('Contents')))
      return { ref: node, page: dict };
    const kids = asArray(reader.resolve(dict.get('Kids')));
    if (!kids || kids.length === 0) throw new PdfError({ code: 'pdf_no_pages', message: 'the document has no pages' });
    node = kids[0];
  }
  throw new PdfError({ code: 'pdf_page_tree_loop', message: 'the page tree is too deep' });
}

/**
 * Walks the page tree's nodes (not the pages' content) and counts the leaves, refusing loops and shared nodes:
 * /Count is never trusted. Cost grows with the number of page dictionaries only.
 */
export function countPages(reader: PdfReader, limit = 100_000): number {
  const root = reader.catalog().get('Pages');
  const stack: { node: PdfValue | undefined; depth: number }[] = [{ node: root, depth: 0 }];
  const seen = new Set<number>();
  let count = 0;
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) throw new PdfError({ code: 'pdf_page_tree_loop', message: 'the page tree is too deep' });
    if (node instanceof PdfRef) markPageTreeNode({ seen, ref: node });
    const dict = asDict(reader.resolve(node));
    if (!dict) throw new PdfError({ code: 'pdf_no_pages', message: 'a page tree node cannot be read' });
    const kids = asArray(reader.resolve(dict.get('Kids')));
    // A /Pages node without kids holds no page; an untyped node without kids is read as a page, as viewers do.
    if (isName(dict.get('Type'), 'Pages') && !kids) continue;
    if (isName(dict.get('Type'), 'Page') || !kids) {
      count += 1;
      if (count > limit) throw tooManyPages(limit);
      continue;
    }
    for (let i = kids.length - 1; i >= 0; i -= 1) {
      const kid = kids[i];
      // A kid whose bytes never mention /Kids (nor /Pages: an empty node) is a leaf: counted without parsing it.
      if (kid instanceof PdfRef && !reader.mentions(kid, '/Kids') && !reader.mentions(kid, '/Pages')) {
        markPageTreeNode({ seen, ref: kid });
        count += 1;
        if (count > limit) throw tooManyPages(limit);
        continue;
      }
      stack.push({ node: kid, depth: depth + 1 });
    }
  }
  if (count === 0) throw new PdfError({ code: 'pdf_no_pages', message: 'the document has no pages' });
  return count;
}
