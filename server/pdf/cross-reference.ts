import { PdfDict, PdfRef, PdfStream, asArray, asNumber, isName } from './pdf-objects.js';
import { PdfParser, isWhitespace } from './pdf-parser.js';
import { PdfError } from './pdf-error.js';
import { decodeStream } from './stream-filters.js';

export type XrefEntry =
  | { type: 'free' }
  | { type: 'offset'; offset: number; gen: number }
  | { type: 'compressed'; stream: number; index: number };

/** One cross-reference section: a classic table (with its trailer) or a cross-reference stream (§7.5.4, §7.5.8). */
export interface XrefSection {
  kind: 'table' | 'stream';
  /** Where the section starts: the `xref` keyword, or the xref stream's `n g obj`. */
  offset: number;
  /** Where /Prev or startxref said it starts (absolute); differs from `offset` only when the reader had to look. */
  declaredOffset: number;
  /** Where the section ends: after the trailer dictionary, or after the xref stream's `endobj`. */
  end: number;
  trailer: PdfDict;
  entries: Map<number, XrefEntry>;
  /** For a stream section: its own object number (the stream is itself part of the revision). */
  streamRef?: PdfRef;
  /** For a stream section: decoded bytes after its last row, which no reader of ours looks at. */
  unusedBytes?: number;
  /**
   * What other readers may read another way (rows that list an object twice, a table starting at object 1 with a
   * free row): harmless in an original, a problem after a signature.
   */
  doubts: string[];
  /**
   * A hybrid file's objects that its table marks free and its /XRefStm lists in use: how the standard hides objects
   * in object streams from readers of tables, and read as deleted by readers that keep the table's free entry.
   */
  freedInTable: number[];
}

const MAX_SECTIONS = 4096;
const MAX_OBJECT_NUMBER = 8_388_607; // the PDF implementation limit (§C.2)

/** Finds the offset that the last `startxref` in the buffer points to. */
export function findStartXref(bytes: Buffer): number {
  const at = bytes.lastIndexOf('startxref', bytes.length, 'latin1');
  if (at < 0) throw new PdfError({ code: 'pdf_no_xref', message: 'no startxref: the file is truncated or not a PDF' });
  const parser = new PdfParser(bytes, at + 9);
  parser.skipWhitespace();
  const value = parser.readNumber();
  if (!Number.isInteger(value) || value < 0 || value >= bytes.length) {
    throw new PdfError({ code: 'pdf_broken_xref', message: 'startxref points outside the file' });
  }
  return value;
}

/** Where a section really starts: tolerates small offset errors and bytes before the header. */
function locateSection(bytes: Buffer, offset: number, headerOffset: number, repairs: string[]): number {
  if (looksLikeSection(bytes, offset)) return offset;
  if (looksLikeSection(bytes, offset + headerOffset)) return offset + headerOffset;
  for (let delta = 1; delta <= 16; delta += 1) {
    for (const candidate of [offset - delta, offset + delta]) {
      if (candidate >= 0 && looksLikeSection(bytes, candidate)) {
        repairs.push(`cross-reference section expected at byte ${offset} found at ${candidate}`);
        return candidate;
      }
    }
  }
  throw new PdfError({ code: 'pdf_broken_xref', message: `no cross-reference section at byte ${offset}` });
}

/**
 * Whether a cross-reference section surely starts at `at`: an `xref` table, or an object whose dictionary says
 * `/Type /XRef` near its start (looksLikeSection takes any object, to find sections that are a little off).
 */
export function isSectionAt(bytes: Buffer, at: number): boolean {
  if (at < 0 || at >= bytes.length) return false;
  // `xref` at the start of a token (not the end of `startxref`), followed by a subsection's two numbers
  if (at > 0 && !isWhitespace(bytes[at - 1])) return false;
  const head = bytes.toString('latin1', at, Math.min(bytes.length, at + 512));
  return /^xref\s+\d+\s+\d+\s/.test(head) || (/^\d+\s+\d+\s+obj/.test(head) && /\/Type\s*\/XRef\b/.test(head));
}

function looksLikeSection(bytes: Buffer, at: number): boolean {
  if (at < 0 || at >= bytes.length) return false;
  const head = bytes.toString('latin1', at, Math.min(bytes.length, at + 32));
  return head.startsWith('xref') || /^\d+\s+\d+\s+obj/.test(head);
}

function readTable(bytes: Buffer, offset: number): XrefSection {
  const parser = new PdfParser(bytes, offset + 4);
  const entries = new Map<number, XrefEntry>();
  const doubts: string[] = [];
  const setRow = (num: number, entry: XrefEntry) => {
    // some readers keep the first row for an object, we the last
    if (entries.has(num)) doubts.push(`the cross-reference table lists object ${num} twice`);
    entries.set(num, entry);
  };
  for (;;) {
    parser.skipWhitespace();
    if (bytes.toString('latin1', parser.pos, parser.pos + 7) === 'trailer') {
      parser.pos += 7;
      break;
    }
    if (parser.pos >= bytes.length) {
      throw new PdfError({ code: 'pdf_broken_xref', message: 'the cross-reference table has no trailer' });
    }
    const firstToken = parser.readToken();
    const countToken = parser.readToken();
    if (!/^\d+$/.test(firstToken) || !/^\d+$/.test(countToken)) {
      throw new PdfError({ code: 'pdf_broken_xref', message: `bad cross-reference subsection at byte ${parser.pos}` });
    }
    const first = Number(firstToken);
    const count = Number(countToken);
    if (
      !Number.isInteger(first) ||
      !Number.isInteger(count) ||
      first < 0 ||
      count < 0 ||
      first + count > MAX_OBJECT_NUMBER + 1
    ) {
      throw new PdfError({ code: 'pdf_broken_xref', message: `bad cross-reference subsection at byte ${parser.pos}` });
    }
    parser.skipWhitespace();
    let i = 0;
    // Fast path for well-formed 20-byte entries: "oooooooooo ggggg n" plus a two-byte end of line.
    for (; i < count; i += 1) {
      const at = parser.pos;
      const kind = bytes[at + 17];
      if (
        at + 20 > bytes.length ||
        bytes[at + 10] !== 0x20 ||
        bytes[at + 16] !== 0x20 ||
        (kind !== 0x6e && kind !== 0x66)
      )
        break;
      let offset = 0;
      let gen = 0;
      let ok = true;
      for (let k = 0; k < 10; k += 1) {
        const digit = bytes[at + k] - 0x30;
        if (digit < 0 || digit > 9) ok = false;
        offset = offset * 10 + digit;
      }
      for (let k = 11; k < 16; k += 1) {
        const digit = bytes[at + k] - 0x30;
        if (digit < 0 || digit > 9) ok = false;
        gen = gen * 10 + digit;
      }
      if (!ok) break;
      setRow(first + i, kind === 0x6e ? { type: 'offset', offset, gen } : { type: 'free' });
      parser.pos = at + 18;
      parser.skipWhitespace();
    }
    for (; i < count; i += 1) {
      const field1 = parser.readToken();
      const field2 = parser.readToken();
      const kind = parser.readToken();
      const num = first + i;
      if (kind === 'n') {
        setRow(num, { type: 'offset', offset: Number(field1), gen: Number(field2) });
      } else if (kind === 'f') {
        setRow(num, { type: 'free' });
      } else {
        throw new PdfError({ code: 'pdf_broken_xref', message: `bad cross-reference entry for object ${num}` });
      }
    }
  }
  const trailer = parser.parseValue();
  if (!(trailer instanceof PdfDict)) {
    throw new PdfError({ code: 'pdf_broken_xref', message: 'trailer is not a dictionary' });
  }
  // A table that starts at 1 with a free row is a common writer bug; readers that shift it to start at 0 see
  // every object of that subsection one place off.
  if (!entries.has(0) && entries.get(1)?.type === 'free')
    doubts.push('the cross-reference table starts at object 1 with a free row, which some readers read as object 0');
  return { kind: 'table', offset, declaredOffset: offset, end: parser.pos, trailer, entries, doubts, freedInTable: [] };
}

function readStreamSection(bytes: Buffer, offset: number): XrefSection {
  const parser = new PdfParser(bytes, offset);
  const num = Number(parser.readToken());
  const gen = Number(parser.readToken());
  parser.expectKeyword('obj');
  const value = parser.parseObjectBody();
  if (!(value instanceof PdfStream) || !isName(value.dict.get('Type'), 'XRef')) {
    throw new PdfError({
      code: 'pdf_broken_xref',
      message: `object at byte ${offset} is not a cross-reference stream`,
    });
  }
  const { entries, unusedBytes, doubts } = readXrefStreamEntries(value);
  const end = parser.pos;
  parser.skipWhitespace();
  const afterEndobj = bytes.toString('latin1', parser.pos, parser.pos + 6) === 'endobj' ? parser.pos + 6 : end;
  return {
    kind: 'stream',
    offset,
    declaredOffset: offset,
    end: afterEndobj,
    trailer: value.dict,
    entries,
    streamRef: new PdfRef(num, gen),
    unusedBytes,
    doubts,
    freedInTable: [],
  };
}

function readXrefStreamEntries(stream: PdfStream): {
  entries: Map<number, XrefEntry>;
  unusedBytes: number;
  doubts: string[];
} {
  const widths = (asArray(stream.dict.get('W')) ?? []).map((w) => asNumber(w) ?? -1);
  if (widths.length !== 3 || widths.some((w) => w < 0 || w > 8)) {
    throw new PdfError({ code: 'pdf_broken_xref', message: 'bad /W in cross-reference stream' });
  }
  const size = asNumber(stream.dict.get('Size')) ?? 0;
  const index = (asArray(stream.dict.get('Index')) ?? [0, size]).map((v) => asNumber(v) ?? -1);
  const data = decodeStream(stream, 64 * 1024 * 1024);
  const rowLength = widths[0] + widths[1] + widths[2];
  const entries = new Map<number, XrefEntry>();
  const doubts: string[] = [];
  let pos = 0;
  const field = (width: number, fallback: number): number => {
    if (width === 0) return fallback;
    let value = 0;
    for (let i = 0; i < width; i += 1) value = value * 256 + data[pos++];
    return value;
  };
  for (let s = 0; s + 1 < index.length; s += 2) {
    const first = index[s];
    const count = index[s + 1];
    if (first < 0 || count < 0 || first + count > MAX_OBJECT_NUMBER + 1) {
      throw new PdfError({ code: 'pdf_broken_xref', message: 'bad /Index in cross-reference stream' });
    }
    for (let i = 0; i < count; i += 1) {
      if (pos + rowLength > data.length) return { entries, unusedBytes: 0, doubts };
      const type = field(widths[0], 1);
      const f2 = field(widths[1], 0);
      const f3 = field(widths[2], 0);
      const num = first + i;
      if (entries.has(num)) doubts.push(`the cross-reference stream lists object ${num} twice`);
      if (type === 0) entries.set(num, { type: 'free' });
      else if (type === 1) entries.set(num, { type: 'offset', offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: 'compressed', stream: f2, index: f3 });
    }
  }
  return { entries, unusedBytes: data.length - pos, doubts };
}

/**
 * Reads the chain of cross-reference sections from `startxref` backwards through /Prev (newest first).
 * A hybrid file's /XRefStm entries belong to the section of the table that names them.
 */
export function readXrefChain(
  bytes: Buffer,
  startxref: number,
  headerOffset: number,
  repairs: string[] = [],
): XrefSection[] {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let next: number | undefined = startxref;
  while (next !== undefined) {
    if (sections.length >= MAX_SECTIONS) {
      throw new PdfError({ code: 'pdf_broken_xref', message: 'too many cross-reference sections' });
    }
    const at = locateSection(bytes, next, headerOffset, repairs);
    if (seen.has(at)) {
      repairs.push('the /Prev chain of cross-reference sections loops');
      break;
    }
    seen.add(at);
    const section =
      bytes.toString('latin1', at, at + 4) === 'xref' ? readTable(bytes, at) : readStreamSection(bytes, at);
    section.declaredOffset = next;
    const hybrid = asNumber(section.trailer.get('XRefStm'));
    if (section.kind === 'table' && hybrid !== undefined) {
      try {
        const streamAt = locateSection(bytes, hybrid, headerOffset, repairs);
        const streamSection = readStreamSection(bytes, streamAt);
        // what is checked of a section after a signature holds for the stream that completes it too; it counts
        // offsets as its table does
        if (streamAt !== hybrid + (section.offset - next))
          section.doubts.push(`the /XRefStm is not at byte ${hybrid}, counted as its table counts`);
        if (streamSection.unusedBytes)
          section.doubts.push(`the /XRefStm carries ${streamSection.unusedBytes} bytes after its rows`);
        section.doubts.push(...streamSection.doubts);
        for (const [num, entry] of streamSection.entries) {
          const own = section.entries.get(num);
          if (own?.type === 'free' && entry.type !== 'free') section.freedInTable.push(num);
          if (!own || own.type === 'free') section.entries.set(num, entry);
        }
      } catch {
        // A broken /XRefStm in a hybrid file: readers that ignore streams see the table alone, and so do we.
        repairs.push('the /XRefStm of a hybrid file cannot be read');
      }
    }
    sections.push(section);
    const prev = asNumber(section.trailer.get('Prev'));
    next = prev !== undefined && prev >= 0 ? prev : undefined;
  }
  return sections;
}
