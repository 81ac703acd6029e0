import { type PdfDict, PdfRef, PdfStream, asDict, asNumber, isName, type PdfValue } from './pdf-objects.js';
import { PdfParser, isRegularByte, isWhitespace } from './pdf-parser.js';
import { PdfError } from './pdf-error.js';
import { findStartXref, readXrefChain, type XrefEntry, type XrefSection } from './cross-reference.js';
import { decodeStream } from './stream-filters.js';

interface ObjectStreamIndex {
  data: Buffer;
  numbers: number[];
  offsets: number[];
}

/**
 * Lazy access to a PDF's objects through its cross-reference chain: objects are parsed only when asked for,
 * so cost follows what is read, not the page count. Open it on a prefix of a file to see an earlier revision.
 */
export class PdfReader {
  readonly bytes: Buffer;
  readonly sections: XrefSection[];
  readonly startxref: number;
  readonly headerOffset: number;
  /**
   * What offsets in this file count from: 0, or the position of `%PDF-` when the file has bytes before its header
   * and its offsets were written relative to the header. Updates must use the same convention.
   */
  readonly offsetBase: number;
  /** Damage the reader worked around (offsets that were off, broken /Prev chains); a writer must not build on it. */
  readonly repairs: string[];
  private readonly table = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<number, ObjectStreamIndex>();
  private readonly resolving = new Set<number>();

  private constructor(
    bytes: Buffer,
    headerOffset: number,
    startxref: number,
    sections: XrefSection[],
    repairs: string[],
  ) {
    this.bytes = bytes;
    this.headerOffset = headerOffset;
    this.repairs = repairs;
    this.offsetBase =
      sections[0].offset === startxref ? 0 : sections[0].offset === startxref + headerOffset ? headerOffset : 0;
    this.startxref = startxref;
    this.sections = sections;
    for (const section of sections) {
      for (const [num, entry] of section.entries) if (!this.table.has(num)) this.table.set(num, entry);
    }
  }

  static open(input: Uint8Array): PdfReader {
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const headerOffset = bytes.subarray(0, 1024).indexOf('%PDF-', 0, 'latin1');
    if (headerOffset < 0) {
      throw new PdfError({ code: 'not_a_pdf', message: 'the file does not start with a PDF header' });
    }
    const startxref = findStartXref(bytes);
    const repairs: string[] = [];
    const sections = readXrefChain(bytes, startxref, headerOffset, repairs);
    const reader = new PdfReader(bytes, headerOffset, startxref, sections, repairs);
    if (!(reader.trailer.get('Root') instanceof PdfRef)) {
      throw new PdfError({ code: 'pdf_no_catalog', message: 'the trailer names no document catalog' });
    }
    return reader;
  }

  /** The newest trailer (for a cross-reference stream, its dictionary). */
  get trailer(): PdfDict {
    return this.sections[0].trailer;
  }

  get isXrefStream(): boolean {
    return this.sections[0].kind === 'stream';
  }

  get isEncrypted(): boolean {
    return this.trailer.has('Encrypt');
  }

  /** One more than the highest object number in use, at least the trailer's /Size. */
  get size(): number {
    let size = 0;
    for (const section of this.sections) size = Math.max(size, asNumber(section.trailer.get('Size')) ?? 0);
    for (const num of this.table.keys()) size = Math.max(size, num + 1);
    return size;
  }

  entry(num: number): XrefEntry | undefined {
    return this.table.get(num);
  }

  /** Every object number with its newest cross-reference entry. */
  entries(): IterableIterator<[number, XrefEntry]> {
    return this.table.entries();
  }

  /** Whether an in-use entry exists for `num` (free and missing objects are null, §7.3.10). */
  defines(num: number): boolean {
    const entry = this.table.get(num);
    return entry !== undefined && entry.type !== 'free';
  }

  catalog(): PdfDict {
    const root = asDict(this.resolve(this.trailer.get('Root')));
    if (!root) throw new PdfError({ code: 'pdf_no_catalog', message: 'the document catalog cannot be read' });
    return root;
  }

  resolve(value: PdfValue | undefined): PdfValue | undefined {
    return value instanceof PdfRef ? this.lookup(value) : value;
  }

  /** The object a reference points to; `null` for free or missing objects, as the PDF specification says. */
  lookup(ref: PdfRef): PdfValue {
    if (this.cache.has(ref.num)) return this.cache.get(ref.num)!;
    if (this.resolving.has(ref.num)) {
      throw new PdfError({
        code: 'pdf_reference_loop',
        message: `object ${ref.num} refers to itself while being read`,
      });
    }
    this.resolving.add(ref.num);
    try {
      const value = this.load(ref.num);
      this.cache.set(ref.num, value);
      return value;
    } finally {
      this.resolving.delete(ref.num);
    }
  }

  private load(num: number): PdfValue {
    const entry = this.table.get(num);
    if (!entry || entry.type === 'free') return null;
    if (entry.type === 'offset') return this.parseAt(num, entry.offset);
    return this.loadCompressed(num, entry.stream, entry.index);
  }

  private parseAt(num: number, offset: number): PdfValue {
    const start = this.findObjectHeader(num, offset);
    const parser = new PdfParser(this.bytes, start, (lengthRef) => asNumber(this.lookup(lengthRef)));
    parser.readToken();
    parser.readToken();
    parser.expectKeyword('obj');
    return parser.parseObjectBody();
  }

  /** Tolerates offsets that are slightly off and files with bytes before the header. */
  private findObjectHeader(num: number, offset: number): number {
    const matches = (at: number) => this.objectHeaderAt(at) === num;
    if (matches(offset + this.offsetBase)) return offset + this.offsetBase;
    // White space before the header is insignificant (§7.2.3): reading past it is not a repair.
    const afterSpace = this.skipSpace(offset + this.offsetBase);
    if (matches(afterSpace)) return afterSpace;
    if (matches(offset)) return offset;
    if (matches(offset + this.headerOffset)) return offset + this.headerOffset;
    for (let delta = 1; delta <= 16; delta += 1) {
      for (const candidate of [offset + this.offsetBase - delta, offset + this.offsetBase + delta]) {
        if (matches(candidate)) {
          this.repairs.push(`object ${num} expected at byte ${offset} found at ${candidate}`);
          return candidate;
        }
      }
    }
    throw new PdfError({
      code: 'pdf_broken_xref',
      message: `object ${num} is not where the cross-reference table says`,
    });
  }

  /**
   * Whether an object's bytes contain `token` (e.g. "/Kids"), found without parsing the object: walking a page
   * tree only needs to know which nodes have kids. True when unsure, so callers then parse.
   */
  mentions(ref: PdfRef, token: string): boolean {
    const entry = this.table.get(ref.num);
    if (this.cache.has(ref.num) || !entry || entry.type === 'free') {
      const dict = asDict(this.lookup(ref));
      const name = token.replace(/^\//, '');
      return dict === undefined || dict.has(name) || [...dict.entries.values()].some((value) => isName(value, name));
    }
    if (entry.type === 'compressed') return true;
    let start: number;
    try {
      start = this.findObjectHeader(ref.num, entry.offset);
    } catch {
      return true;
    }
    const window = this.bytes.subarray(start, Math.min(this.bytes.length, start + 64 * 1024));
    const end = window.indexOf('endobj', 0, 'latin1');
    if (end < 0) return true;
    const stream = window.indexOf('stream', 0, 'latin1');
    const found = window.indexOf(token, 0, 'latin1');
    return (found >= 0 && found < end) || (stream >= 0 && stream < end);
  }

  /** The object number of an `n g obj` header starting exactly at `at`, or -1. */
  private objectHeaderAt(at: number): number {
    return this.headerAt(at)?.num ?? -1;
  }

  /** The first position at or after `at` that is not white space (at most 64 bytes on). */
  skipSpace(at: number): number {
    const b = this.bytes;
    let pos = at;
    while (pos < b.length && pos < at + 64 && isWhitespace(b[pos])) pos += 1;
    return pos;
  }

  /** The `n g obj` header starting exactly at `at` (no tolerance), or undefined. */
  headerAt(at: number): { num: number; gen: number } | undefined {
    const b = this.bytes;
    if (at < 0 || at >= b.length || b[at] < 0x30 || b[at] > 0x39) return undefined;
    if (at > 0 && b[at - 1] >= 0x30 && b[at - 1] <= 0x39) return undefined;
    const parser = new PdfParser(b, at);
    const num = parser.readNumber();
    parser.skipWhitespace();
    if (!(b[parser.pos] >= 0x30 && b[parser.pos] <= 0x39)) return undefined;
    const gen = parser.readNumber();
    parser.skipWhitespace();
    if (b.toString('latin1', parser.pos, parser.pos + 3) !== 'obj') return undefined;
    if (isRegularByte(b[parser.pos + 3])) return undefined;
    return { num, gen };
  }

  /** The object numbers an object stream holds, in order (decoded once and cached). */
  objectStreamNumbers(streamNum: number): number[] {
    return this.objectStreamIndex(streamNum).numbers;
  }

  private objectStreamIndex(streamNum: number): ObjectStreamIndex {
    let objectStream = this.objectStreams.get(streamNum);
    if (!objectStream) {
      const containerEntry = this.table.get(streamNum);
      if (containerEntry?.type !== 'offset') {
        throw new PdfError({
          code: 'pdf_broken_xref',
          message: `object stream ${streamNum} is not a top-level object`,
        });
      }
      const container = this.lookup(new PdfRef(streamNum, 0));
      if (!(container instanceof PdfStream)) {
        throw new PdfError({ code: 'pdf_broken_xref', message: `object stream ${streamNum} is missing` });
      }
      const data = decodeStream(container, 64 * 1024 * 1024);
      const count = asNumber(container.dict.get('N')) ?? 0;
      const first = asNumber(container.dict.get('First')) ?? 0;
      const header = new PdfParser(data, 0);
      const offsets: number[] = [];
      const numbers: number[] = [];
      for (let i = 0; i < count && header.pos < first; i += 1) {
        const num = header.readToken();
        const offset = header.readToken();
        if (!/^\d+$/.test(num) || !/^\d+$/.test(offset)) break;
        numbers.push(Number(num));
        offsets.push(first + Number(offset));
      }
      objectStream = { data, numbers, offsets };
      this.objectStreams.set(streamNum, objectStream);
    }
    return objectStream;
  }

  private loadCompressed(num: number, streamNum: number, index: number): PdfValue {
    if (streamNum === num) {
      throw new PdfError({ code: 'pdf_broken_xref', message: `object ${num} is said to be inside itself` });
    }
    const objectStream = this.objectStreamIndex(streamNum);
    const { numbers } = objectStream;
    let position = numbers[index] === num ? index : numbers.indexOf(num);
    if (position < 0) position = index;
    const offset = objectStream.offsets[position];
    if (offset === undefined) {
      throw new PdfError({ code: 'pdf_broken_xref', message: `object ${num} is not in object stream ${streamNum}` });
    }
    return new PdfParser(objectStream.data, offset).parseValue();
  }
}
