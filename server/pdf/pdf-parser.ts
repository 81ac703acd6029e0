import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from './pdf-objects.js';
import { PdfError } from './pdf-error.js';

const MAX_NESTING = 256;

const WHITESPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;

export function isWhitespace(byte: number): boolean {
  return WHITESPACE[byte] === 1;
}

function isRegular(byte: number): boolean {
  return WHITESPACE[byte] === 0 && DELIMITER[byte] === 0;
}

/** A byte that continues a token (neither whitespace nor a delimiter); false past the end of the buffer. */
export function isRegularByte(byte: number | undefined): boolean {
  return byte !== undefined && isRegular(byte);
}

/** What `\n`, `\r`, `\t`, `\b` and `\f` stand for in a literal string (§7.3.4.2, Table 3). */
const ESCAPED_BYTES = new Map([
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
  [0x62, 0x08],
  [0x66, 0x0c],
]);

/** Resolves a stream's indirect /Length when the parser meets one. */
export type LengthResolver = (ref: PdfRef) => number | undefined;

/**
 * A recursive-descent parser for PDF objects over a byte buffer (ISO 32000-2 §7.2-7.3).
 * Nesting is capped so hostile files cannot exhaust the stack.
 */
export class PdfParser {
  pos: number;
  constructor(
    readonly bytes: Buffer,
    position = 0,
    private readonly resolveLength?: LengthResolver,
    /** Refuse what lenient readers read in different ways (a dictionary key that is not a name). */
    private readonly strict = false,
  ) {
    this.pos = position;
  }

  skipWhitespace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (WHITESPACE[c]) {
        this.pos += 1;
      } else if (c === 0x25 /* % */) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos += 1;
      } else {
        return;
      }
    }
  }

  /** Reads a bare token (keyword or number) without consuming it when `peek` is set. */
  readToken(): string {
    this.skipWhitespace();
    const b = this.bytes;
    const start = this.pos;
    while (this.pos < b.length && isRegular(b[this.pos])) this.pos += 1;
    return b.toString('latin1', start, this.pos);
  }

  expectKeyword(keyword: string): void {
    const token = this.readToken();
    if (token !== keyword) {
      throw new PdfError({
        code: 'pdf_syntax',
        message: `expected "${keyword}" at byte ${this.pos}, found "${token.slice(0, 20)}"`,
      });
    }
  }

  parseValue(depth = 0): PdfValue {
    if (depth > MAX_NESTING) throw new PdfError({ code: 'pdf_too_deep', message: 'objects are nested too deeply' });
    this.skipWhitespace();
    const b = this.bytes;
    if (this.pos >= b.length) throw new PdfError({ code: 'pdf_syntax', message: 'unexpected end of file' });
    const c = b[this.pos];
    switch (c) {
      case 0x2f /* / */:
        return this.parseName();
      case 0x28 /* ( */:
        return this.parseLiteralString();
      case 0x5b /* [ */:
        {
          this.pos += 1;
          const items: PdfValue[] = [];
          for (;;) {
            this.skipWhitespace();
            if (this.pos >= b.length) throw new PdfError({ code: 'pdf_syntax', message: 'unterminated array' });
            if (b[this.pos] === 0x5d /* ] */) {
              this.pos += 1;
              return items;
            }
            items.push(this.parseValue(depth + 1));
          }
        }
      case 0x3c /* < */:
        if (b[this.pos + 1] === 0x3c) return this.parseDict(depth);
        return this.parseHexString();
      default:
        break;
    }
    if (c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39)) return this.parseNumberOrRef();
    const token = this.readToken();
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (token === '') {
      this.pos += 1;
      throw new PdfError({ code: 'pdf_syntax', message: `unexpected byte 0x${c.toString(16)} at ${this.pos - 1}` });
    }
    throw new PdfError({ code: 'pdf_syntax', message: `unexpected token "${token.slice(0, 20)}" at byte ${this.pos}` });
  }

  private parseNumberOrRef(): number | PdfRef {
    const first = this.readNumber();
    if (!Number.isInteger(first) || first < 0) return first;
    // Look ahead for "gen R" without consuming when it is not a reference.
    const save = this.pos;
    this.skipWhitespace();
    const b = this.bytes;
    if (this.pos < b.length && b[this.pos] >= 0x30 && b[this.pos] <= 0x39) {
      const genStart = this.pos;
      while (this.pos < b.length && b[this.pos] >= 0x30 && b[this.pos] <= 0x39) this.pos += 1;
      const gen = Number(b.toString('latin1', genStart, this.pos));
      if (this.pos < b.length && isRegular(b[this.pos]) === false) {
        this.skipWhitespace();
        if (b[this.pos] === 0x52 /* R */ && (this.pos + 1 >= b.length || !isRegular(b[this.pos + 1]))) {
          this.pos += 1;
          return new PdfRef(first, gen);
        }
      }
    }
    this.pos = save;
    return first;
  }

  readNumber(): number {
    const b = this.bytes;
    const start = this.pos;
    // Fast path: a plain unsigned integer, the common case (object numbers, lengths, offsets).
    let value = 0;
    let p = start;
    while (p < b.length && b[p] >= 0x30 && b[p] <= 0x39 && p - start < 15) value = value * 10 + (b[p++] - 0x30);
    if (
      p > start &&
      (p >= b.length || (b[p] !== 0x2e && b[p] !== 0x2d && b[p] !== 0x2b && !(b[p] >= 0x30 && b[p] <= 0x39)))
    ) {
      this.pos = p;
      return value;
    }
    if (b[this.pos] === 0x2b || b[this.pos] === 0x2d) this.pos += 1;
    while (this.pos < b.length && ((b[this.pos] >= 0x30 && b[this.pos] <= 0x39) || b[this.pos] === 0x2e)) this.pos += 1;
    // Some writers emit "--5" or "5-"; treat the junk as part of the token the way Acrobat does.
    while (this.pos < b.length && (b[this.pos] === 0x2d || b[this.pos] === 0x2b)) this.pos += 1;
    const text = b.toString('latin1', start, this.pos).replace(/(?<=.)[-+]+/g, '');
    const parsed = Number(text === '-' || text === '+' || text === '.' || text === '' ? 0 : text);
    if (!Number.isFinite(parsed)) throw new PdfError({ code: 'pdf_syntax', message: `bad number "${text}"` });
    return parsed;
  }

  private parseName(): PdfName {
    const b = this.bytes;
    this.pos += 1;
    const start = this.pos;
    while (this.pos < b.length && isRegular(b[this.pos])) this.pos += 1;
    let raw = b.toString('latin1', start, this.pos);
    if (raw.includes('#')) {
      raw = raw.replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
    return PdfName.of(raw);
  }

  private parseLiteralString(): PdfString {
    const b = this.bytes;
    this.pos += 1;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++];
      if (c === 0x5c /* \ */) {
        const e = b[this.pos++];
        const escaped = ESCAPED_BYTES.get(e);
        if (escaped !== undefined) {
          out.push(escaped);
        } else if (e === 0x0d || e === 0x0a) {
          // a backslash at the end of a line continues the string on the next one
          if (e === 0x0d && b[this.pos] === 0x0a) this.pos += 1;
        } else if (e >= 0x30 && e <= 0x37) {
          let value = e - 0x30;
          for (let i = 0; i < 2 && b[this.pos] >= 0x30 && b[this.pos] <= 0x37; i += 1)
            value = value * 8 + (b[this.pos++] - 0x30);
          out.push(value & 0xff);
        } else if (e !== undefined) {
          out.push(e);
        }
      } else if (c === 0x28) {
        depth += 1;
        out.push(c);
      } else if (c === 0x29) {
        depth -= 1;
        if (depth === 0) return new PdfString(Uint8Array.from(out));
        out.push(c);
      } else {
        out.push(c);
      }
    }
    throw new PdfError({ code: 'pdf_syntax', message: 'unterminated string' });
  }

  private parseHexString(): PdfString {
    const b = this.bytes;
    this.pos += 1;
    const end = b.indexOf(0x3e /* > */, this.pos);
    if (end < 0) throw new PdfError({ code: 'pdf_syntax', message: 'unterminated hex string' });
    let hex = b.toString('latin1', this.pos, end).replace(/[\s\0]/g, '');
    this.pos = end + 1;
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new PdfError({ code: 'pdf_syntax', message: 'bad hex string' });
    if (hex.length % 2) hex += '0';
    return new PdfString(Buffer.from(hex, 'hex'), true);
  }

  private parseDict(depth: number): PdfDict {
    const b = this.bytes;
    this.pos += 2;
    const dict = new PdfDict();
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= b.length) throw new PdfError({ code: 'pdf_syntax', message: 'unterminated dictionary' });
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return dict;
      }
      if (b[this.pos] !== 0x2f) {
        // Readers disagree on what follows a key that is not a name: pdf.js skips one token, we one value. Strictly
        // read (objects added after a signature), such a dictionary could hide a changed /Contents: refused.
        if (this.strict)
          throw new PdfError({ code: 'pdf_syntax', message: `a dictionary key at byte ${this.pos} is not a name` });
        this.parseValue(depth + 1);
        continue;
      }
      const key = this.parseName().name;
      this.skipWhitespace();
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        dict.set(key, null);
        continue;
      }
      dict.set(key, this.parseValue(depth + 1));
    }
  }

  /** Parses `value` and, when a dictionary is followed by `stream`, the stream data. */
  parseObjectBody(): PdfValue {
    const value = this.parseValue();
    if (!(value instanceof PdfDict)) return value;
    const save = this.pos;
    const b = this.bytes;
    this.skipWhitespace();
    if (b.toString('latin1', this.pos, this.pos + 6) !== 'stream') {
      this.pos = save;
      return value;
    }
    this.pos += 6;
    if (b[this.pos] === 0x0d) this.pos += 1;
    if (b[this.pos] === 0x0a) this.pos += 1;
    const start = this.pos;
    let length = value.get('Length');
    if (length instanceof PdfRef) length = this.resolveLength?.(length);
    let end = -1;
    if (typeof length === 'number' && length >= 0 && start + length <= b.length) {
      const after = new PdfParser(b, start + length);
      after.skipWhitespace();
      if (b.toString('latin1', after.pos, after.pos + 9) === 'endstream') {
        end = start + length;
        this.pos = after.pos + 9;
      }
    }
    if (end < 0) {
      const found = b.indexOf('endstream', start, 'latin1');
      if (found < 0) throw new PdfError({ code: 'pdf_syntax', message: 'stream without endstream' });
      end = found;
      if (b[end - 1] === 0x0a) end -= 1;
      if (b[end - 1] === 0x0d) end -= 1;
      this.pos = found + 9;
    }
    return new PdfStream(value, b.subarray(start, end));
  }
}
