import { PdfDict, PdfRef, PdfStream, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';
import { PdfError } from './pdf-error.js';

/** The trailer, as a referrer: it is not an object of its own. */
export const TRAILER = -1;

export interface ObjectGraph {
  /** Every object reachable from the trailer, with the objects (or TRAILER) that refer to it. */
  referrers: Map<number, number[]>;
  /** Objects that are referred to but cannot be parsed. */
  unreadable: number[];
}

/** Every reference inside a value (dictionary values, array items, a stream's dictionary), in order. */
export function referencesIn(value: PdfValue | undefined, out: PdfRef[] = []): PdfRef[] {
  const stack: (PdfValue | undefined)[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (item instanceof PdfRef) out.push(item);
    else if (Array.isArray(item)) for (let i = item.length - 1; i >= 0; i -= 1) stack.push(item[i]);
    else if (item instanceof PdfDict) for (const entry of [...item.entries.values()].reverse()) stack.push(entry);
    else if (item instanceof PdfStream) stack.push(item.dict);
  }
  return out;
}

/**
 * Walks every object reachable from the trailer and records who refers to whom, so that a change can be traced
 * to what uses it. Cost grows with the number of objects; `maxObjects` bounds it for hostile files.
 */
export function walkObjectGraph(
  reader: PdfReader,
  options: { maxObjects: number; checkDeadline?: () => void },
): ObjectGraph {
  const referrers = new Map<number, number[]>();
  const unreadable: number[] = [];
  const queue: number[] = [];
  const visit = (from: number, ref: PdfRef) => {
    const list = referrers.get(ref.num);
    if (list) {
      if (list[list.length - 1] !== from) list.push(from);
      return;
    }
    referrers.set(ref.num, [from]);
    queue.push(ref.num);
    if (referrers.size > options.maxObjects) {
      const message = `the document refers to more than ${options.maxObjects} objects`;
      throw new PdfError({ code: 'pdf_too_many_objects', message, details: { limit: options.maxObjects } });
    }
  };
  for (const [key, value] of reader.trailer.entries) {
    if (key === 'Prev' || key === 'XRefStm') continue;
    for (const ref of referencesIn(value)) visit(TRAILER, ref);
  }
  for (let i = 0; i < queue.length; i += 1) {
    if ((i & 1023) === 0) options.checkDeadline?.();
    const num = queue[i];
    let value: PdfValue;
    try {
      value = reader.lookup(new PdfRef(num, 0));
    } catch {
      unreadable.push(num);
      continue;
    }
    for (const ref of referencesIn(value)) visit(num, ref);
  }
  return { referrers, unreadable };
}
