import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';

const MAX_DEPTH = 64;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.length === b.length &&
    Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0
  );
}

/**
 * Arrays, streams and dictionaries: the same when they have the same shape and `same` holds for each element (stream
 * data compared byte for byte); undefined when `a` is none of them.
 */
function sameContainer(
  a: PdfValue | undefined,
  b: PdfValue | undefined,
  same: (a: PdfValue | undefined, b: PdfValue | undefined) => boolean,
): boolean | undefined {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof PdfStream) return b instanceof PdfStream && same(a.dict, b.dict) && sameBytes(a.raw, b.raw);
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.entries.size !== b.entries.size) return false;
    for (const [key, value] of a.entries) if (!b.entries.has(key) || !same(value, b.entries.get(key))) return false;
    return true;
  }
  return undefined;
}

/**
 * Whether two values are the same PDF value, references compared by identity (object and generation number):
 * what a referenced object holds is compared where that object is compared.
 */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null || depth > MAX_DEPTH) return false;
  if (typeof a === 'number' || typeof a === 'boolean') return false;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && sameBytes(a.bytes, b.bytes);
  return sameContainer(a, b, (x, y) => sameValue(x, y, depth + 1)) ?? false;
}

/**
 * Whether a value read from an earlier revision (`before`) means the same as one read from a later revision
 * (`after`). Equal references are the same (the referenced object is compared on its own); different references
 * are followed and their objects compared, so pointing a key at a copy is no change and pointing it at an altered
 * copy is one.
 */
export function sameResolved(options: {
  before: PdfReader;
  after: PdfReader;
  a: PdfValue | undefined;
  b: PdfValue | undefined;
}): boolean {
  const { before, after } = options;
  const pending = new Set<string>();
  const compare = (a: PdfValue | undefined, b: PdfValue | undefined, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    if (a instanceof PdfRef && b instanceof PdfRef && a.num === b.num && a.gen === b.gen) return true;
    if (a instanceof PdfRef || b instanceof PdfRef) {
      const key = `${a instanceof PdfRef ? a.num : 'd'}:${b instanceof PdfRef ? b.num : 'd'}`;
      if (pending.has(key)) return true; // a cycle: the pair is being compared further up
      pending.add(key);
      try {
        const left = resolve(before, a);
        const right = resolve(after, b);
        // Two different references that both lead nowhere are two different holes, each fillable later.
        if (a instanceof PdfRef && b instanceof PdfRef && (left === null || right === null)) return false;
        return compare(left, right, depth + 1);
      } catch {
        return false; // an object that cannot be read equals nothing
      } finally {
        pending.delete(key);
      }
    }
    if (a === b) return true;
    return sameContainer(a, b, (x, y) => compare(x, y, depth + 1)) ?? sameValue(a, b, depth);
  };
  return compare(options.a, options.b, 0);
}

/** Resolves a reference as a strict reader does: a generation the cross-reference does not hold is null (§7.3.10). */
function resolve(reader: PdfReader, value: PdfValue | undefined): PdfValue | undefined {
  if (!(value instanceof PdfRef)) return value;
  const entry = reader.entry(value.num);
  const gen = entry?.type === 'offset' ? entry.gen : 0;
  return gen === value.gen ? reader.lookup(value) : null;
}
