/** A small, lossless model of PDF objects (ISO 32000-2 §7.3), enough to read and rewrite single objects. */

export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly name: string) {}
  /**
   * The name object; common names are shared. The shared set is bounded: a file full of distinct names must not
   * grow it for the life of the process. Compare names by `.name` (or isName), not by identity.
   */
  static of(name: string): PdfName {
    let existing = PdfName.interned.get(name);
    if (!existing) {
      existing = new PdfName(name);
      if (PdfName.interned.size < 4096 && name.length <= 32) PdfName.interned.set(name, existing);
    }
    return existing;
  }
}

export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
  ) {}
  static latin1(text: string): PdfString {
    return new PdfString(Buffer.from(text, 'latin1'));
  }
  /** PDF text string: PDFDocEncoding when the text is plain ASCII, otherwise UTF-16BE with a BOM. */
  static text(text: string): PdfString {
    if (/^[\x20-\x7e]*$/.test(text)) return PdfString.latin1(text);
    const utf16 = Buffer.alloc(2 + text.length * 2);
    utf16[0] = 0xfe;
    utf16[1] = 0xff;
    for (let i = 0; i < text.length; i += 1) utf16.writeUInt16BE(text.charCodeAt(i), 2 + i * 2);
    return new PdfString(utf16);
  }
  /**
   * Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, else Latin-1 as an approximation of PDFDocEncoding).
   */
  toText(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      let out = '';
      for (let i = 2; i + 1 < b.length; i += 2) out += String.fromCharCode((b[i] << 8) | b[i + 1]);
      return out;
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
      return Buffer.from(b.subarray(3)).toString('utf8');
    return Buffer.from(b).toString('latin1');
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  get key(): string {
    return `${this.num} ${this.gen}`;
  }
}

export class PdfDict {
  readonly entries: Map<string, PdfValue>;
  constructor(entries?: Iterable<[string, PdfValue]>) {
    this.entries = new Map(entries);
  }
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: PdfValue): this {
    this.entries.set(key, value);
    return this;
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  clone(): PdfDict {
    return new PdfDict(this.entries);
  }
  keys(): string[] {
    return [...this.entries.keys()];
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** The stream's bytes exactly as stored (still encoded by its filters). */
    readonly raw: Uint8Array,
  ) {}
}

/** The PDF `R` operand marker is PdfRef; `null` is the PDF null object. */
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict | PdfStream;

export interface IndirectObject {
  ref: PdfRef;
  value: PdfValue;
}

export function isName(value: PdfValue | undefined, name?: string): value is PdfName {
  return value instanceof PdfName && (name === undefined || value.name === name);
}

export function asDict(value: PdfValue | undefined): PdfDict | undefined {
  if (value instanceof PdfDict) return value;
  if (value instanceof PdfStream) return value.dict;
  return undefined;
}

export function asArray(value: PdfValue | undefined): PdfValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asNumber(value: PdfValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
