import { PdfParser, isWhitespace } from './pdf-parser.js';
import { PdfStream, asNumber, isName, type PdfValue } from './pdf-objects.js';
import type { PdfReader } from './pdf-reader.js';
import { isSectionAt, type XrefSection } from './cross-reference.js';

/** One object written into the body of an incremental update. */
export interface BodyObject {
  num: number;
  gen: number;
  offset: number;
  /** An object stream (`/Type /ObjStm`): its section must use it. */
  objectStream: boolean;
}

export interface RevisionTail {
  /** The revisions after `from`, oldest first. */
  sections: XrefSection[];
  /** Why the bytes after `from` are not a clean sequence of incremental updates; empty when they are. */
  problems: string[];
}

const MAX_PROBLEMS = 20;
/** `12 0 obj`, `trailer` or `startxref` as a reader that scans a file for them finds them: after any delimiter. */
const SCANNED_STRUCTURE = /(^|[\s\0<>[\]()/%{}])(\d+\s+\d+\s+obj\b|trailer\b|startxref\b)/g;

/**
 * Reads the bytes after `from` (the end of a signed revision) strictly, as a sequence of incremental updates
 * (ISO 32000-2 §7.5.6): each update is objects, one cross-reference section, `startxref` pointing at it and
 * `%%EOF`. Nothing may be hidden in between: no object missing from its section, no object defined twice, no
 * entry pointing anywhere but at the object it names, no bytes that are not part of an update. A reader that
 * repairs files could read such bytes differently from us, so anything unclean is reported, never guessed at.
 */
export function readRevisionTail(reader: PdfReader, from: number): RevisionTail {
  const problems: string[] = [];
  const report = (message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(message);
  };
  const later = reader.sections.filter((section) => section.offset >= from).reverse();
  const signed = reader.sections.find((section) => section.offset < from);
  // With bytes before %PDF-, an offset can count from the file's start or from the header: readers differ in
  // which they try first. Every later revision must count as the signed one did, and point at one place only.
  const established = signed ? baseOf(reader, signed) : 0;
  // the first later revision's /Prev must name the signed section exactly: one a few bytes off is found here by
  // looking around it, while viewers give up on the table and rebuild it by scanning for objects
  if (signed && later.length && signed.offset !== signed.declaredOffset + established)
    report(
      `a later revision points at byte ${signed.declaredOffset}, not at the signed revision's cross-reference section`,
    );
  const bytes = reader.bytes;
  let pos = from;
  for (const section of later) {
    const base = baseOf(reader, section);
    if (section.offset !== section.declaredOffset + base) {
      report(`a cross-reference section is not where its revision says (byte ${section.declaredOffset})`);
    }
    if (base !== established)
      report(`a later revision counts byte offsets from another point than the signed one (byte ${section.offset})`);
    if (reader.headerOffset > 0 && isSectionAt(bytes, section.declaredOffset + reader.headerOffset - base))
      report(`byte ${section.declaredOffset} names two cross-reference sections, counted from the file or the header`);
    if (section.unusedBytes)
      report(
        `the cross-reference stream at byte ${section.offset} carries ${section.unusedBytes} bytes after its rows`,
      );
    for (const doubt of section.doubts) report(doubt);
    for (const num of section.freedInTable.filter((n) => inUseWhenSigned(reader, from, n)))
      report(`object ${num} of the signed revision is free in a later table and in use in its /XRefStm`);
    const body = readBody({ reader, from: pos, until: section.offset, report });
    if (!body) return { sections: later, problems };
    checkSectionEntries({ reader, section, body, base, report });
    pos = readRevisionEnd({ bytes, at: section.end, expected: section.offset - base, report });
    if (pos < 0) return { sections: later, problems };
  }
  const rest = bytes.subarray(pos);
  if (!isBlank(rest)) report(`${rest.length} bytes after the last revision are not part of any incremental update`);
  return { sections: later, problems };
}

/** Where a section's offsets count from: the header (bytes before %PDF-) when that is where it was found, else 0. */
function baseOf(reader: PdfReader, section: XrefSection): number {
  return reader.headerOffset > 0 && section.declaredOffset + reader.headerOffset === section.offset
    ? reader.headerOffset
    : 0;
}

/** Whitespace and NUL padding only. */
export function isBlank(bytes: Uint8Array): boolean {
  return bytes.every(isWhitespace);
}

function readBody(options: {
  reader: PdfReader;
  from: number;
  until: number;
  report: (message: string) => void;
}): BodyObject[] | undefined {
  const { reader, from, until, report } = options;
  const objects: BodyObject[] = [];
  const parser = new PdfParser(reader.bytes, from, (ref) => asNumber(reader.lookup(ref)), true);
  for (;;) {
    parser.skipWhitespace();
    if (parser.pos >= until) break;
    const at = parser.pos;
    const header = reader.headerAt(at);
    if (!header) {
      report(`bytes at ${at} in a later revision are not an object`);
      return undefined;
    }
    parser.readToken();
    parser.readToken();
    parser.readToken();
    let value: PdfValue;
    try {
      value = parser.parseObjectBody();
      parser.expectKeyword('endobj');
    } catch {
      report(`object ${header.num} at byte ${at} in a later revision cannot be read`);
      return undefined;
    }
    const objectStream = value instanceof PdfStream && isName(value.dict.get('Type'), 'ObjStm');
    objects.push({ ...header, offset: at, objectStream });
    if (parser.pos > until && at < until) {
      report(`object ${header.num} overlaps the cross-reference section after it`);
      return undefined;
    }
  }
  if (parser.pos !== until) {
    report(`the cross-reference section at byte ${until} does not follow the objects of its revision`);
    return undefined;
  }
  reportHiddenStructure({ bytes: reader.bytes, from, until, objects, report });
  return objects;
}

/**
 * A viewer that gives up on a cross-reference section rebuilds it by scanning the file for `n g obj` (and
 * `trailer`), inside strings and stream data too; the last definition it finds wins. So in a later revision nothing
 * may read as an object header but the objects themselves, and no cross-reference keyword may stand in its body.
 */
function reportHiddenStructure(options: {
  bytes: Buffer;
  from: number;
  until: number;
  objects: BodyObject[];
  report: (message: string) => void;
}): void {
  const { bytes, from, until } = options;
  const headers = new Set(options.objects.map((object) => object.offset));
  for (const match of bytes.toString('latin1', from, until).matchAll(SCANNED_STRUCTURE)) {
    const at = from + match.index + match[1].length;
    if (match[2].startsWith('trailer') || match[2].startsWith('startxref') || !headers.has(at)) {
      options.report(`a later revision holds, at byte ${at}, what a scanning reader takes for "${match[2]}"`);
      return;
    }
  }
}

function checkSectionEntries(options: {
  reader: PdfReader;
  section: XrefSection;
  body: BodyObject[];
  base: number;
  report: (message: string) => void;
}): void {
  const { reader, section, body, base, report } = options;
  const byOffset = new Map<number, BodyObject>();
  const defined = new Set<number>();
  for (const object of body) {
    if (defined.has(object.num)) report(`object ${object.num} is defined twice in one revision`);
    defined.add(object.num);
    byOffset.set(object.offset, object);
  }
  const listed = new Set<number>();
  const hybridStream = asNumber(section.trailer.get('XRefStm'));
  if (hybridStream !== undefined) {
    const object = byOffset.get(hybridStream + base);
    if (object) listed.add(object.offset);
  }
  for (const [num, entry] of section.entries) {
    if (entry.type === 'free') continue;
    if (entry.type === 'offset') {
      const at = entry.offset + base;
      const header = reader.headerAt(at);
      if (!header || header.num !== num || header.gen !== entry.gen) {
        report(`the cross-reference entry for object ${num} does not point at object ${num}`);
        continue;
      }
      const elsewhere =
        reader.headerOffset > 0 ? reader.headerAt(entry.offset + reader.headerOffset - base) : undefined;
      if (elsewhere?.num === num)
        report(
          `the cross-reference entry for object ${num} points at two definitions, counted from the file or the header`,
        );
      if (byOffset.has(at)) listed.add(at);
      continue;
    }
    if (entry.stream === num) {
      report(`object ${num} is said to be inside itself`);
      continue;
    }
    let numbers: number[];
    try {
      numbers = reader.objectStreamNumbers(entry.stream);
    } catch {
      report(`object stream ${entry.stream} cannot be read`);
      continue;
    }
    if (numbers.includes(entry.stream)) report(`object stream ${entry.stream} contains itself`);
    if (numbers[entry.index] !== num && !numbers.includes(num))
      report(`object ${num} is not in object stream ${entry.stream}`);
    if (new Set(numbers).size !== numbers.length) report(`object stream ${entry.stream} defines an object twice`);
  }
  if (section.streamRef) {
    const own = body.find((object) => object.offset === section.offset);
    if (own) listed.add(own.offset);
  }
  for (const object of body) {
    if (!listed.has(object.offset))
      report(`object ${object.num} in a later revision is missing from its cross-reference section`);
  }
  for (const object of body) {
    if (object.objectStream) {
      const inSection = [...section.entries.values()].some(
        (entry) => entry.type === 'compressed' && entry.stream === object.num,
      );
      if (!inSection)
        report(`object stream ${object.num} in a later revision is not used by its cross-reference section`);
    }
  }
}

/** After a section: `startxref`, the section's offset, `%%EOF`. Returns where the next revision starts, or -1. */
function readRevisionEnd(options: {
  bytes: Buffer;
  at: number;
  expected: number;
  report: (message: string) => void;
}): number {
  const { bytes, at, expected, report } = options;
  const parser = new PdfParser(bytes, at);
  parser.skipWhitespace();
  if (bytes.toString('latin1', parser.pos, parser.pos + 9) !== 'startxref') {
    report(`no startxref after the cross-reference section that ends at byte ${at}`);
    return -1;
  }
  parser.pos += 9;
  parser.skipWhitespace();
  const value = parser.readNumber();
  if (value !== expected) report(`a startxref says ${value} where its revision's section is at ${expected}`);
  // `%%EOF` is a comment, which skipWhitespace would eat: look for it by hand.
  let pos = parser.pos;
  while (
    pos < bytes.length &&
    (bytes[pos] === 0x20 || bytes[pos] === 0x0a || bytes[pos] === 0x0d || bytes[pos] === 0x09)
  )
    pos += 1;
  if (bytes.toString('latin1', pos, pos + 5) !== '%%EOF') {
    report(`no %%EOF after the startxref at byte ${at}`);
    return -1;
  }
  pos += 5;
  if (bytes[pos] === 0x0d) pos += 1;
  if (bytes[pos] === 0x0a) pos += 1;
  return pos;
}

/** Whether the signed revision (the sections before `from`) has object `num` in use. */
function inUseWhenSigned(reader: PdfReader, from: number, num: number): boolean {
  const entry = reader.sections.find((section) => section.offset < from && section.entries.has(num))?.entries.get(num);
  return entry !== undefined && entry.type !== 'free';
}
