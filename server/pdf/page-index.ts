import { PdfRef, asArray, asDict, isName, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';

export interface PageIndex {
  /** Page object number -> 1-based page number. */
  pages: Map<number, number>;
  /** Content stream (or content array) object number -> the pages that draw it. */
  contents: Map<number, number[]>;
}

const MAX_DEPTH = 64;

/**
 * Numbers every page and notes which objects are their content, for describing changes by page. Tolerant: a
 * node that cannot be read is skipped; loops are cut; at most `maxPages` pages are numbered.
 */
export function indexPages(reader: PdfReader, maxPages = 100_000): PageIndex {
  const pages = new Map<number, number>();
  const contents = new Map<number, number[]>();
  const note = (num: number, page: number) => {
    const list = contents.get(num) ?? [];
    if (!list.includes(page)) list.push(page);
    contents.set(num, list);
  };
  let root: PdfValue | undefined;
  try {
    root = reader.catalog().get('Pages');
  } catch {
    return { pages, contents };
  }
  const stack: { node: PdfValue | undefined; depth: number }[] = [{ node: root, depth: 0 }];
  const seen = new Set<number>();
  while (stack.length && pages.size < maxPages) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) continue;
    if (node instanceof PdfRef) {
      if (seen.has(node.num)) continue;
      seen.add(node.num);
    }
    let dict;
    try {
      dict = asDict(reader.resolve(node));
    } catch {
      continue;
    }
    if (!dict) continue;
    const kids = safe(() => asArray(reader.resolve(dict.get('Kids'))));
    if (isName(dict.get('Type'), 'Page') || !kids) {
      if (!(node instanceof PdfRef)) continue;
      const number = pages.size + 1;
      pages.set(node.num, number);
      const value = dict.get('Contents');
      if (value instanceof PdfRef) note(value.num, number);
      const resolved = safe(() => reader.resolve(value));
      for (const item of asArray(resolved) ?? []) if (item instanceof PdfRef) note(item.num, number);
      continue;
    }
    for (let i = kids.length - 1; i >= 0; i -= 1) stack.push({ node: kids[i], depth: depth + 1 });
  }
  return { pages, contents };
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
