import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { PdfDict, PdfName, PdfRef, PdfStream, type PdfValue } from '../pdf-objects.js';
import { PdfReader } from '../pdf-reader.js';
import { loadUnicodeFont } from '../fonts/unicode-font.js';

/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, presentation forms). */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const RTL_RUN = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+(?:[ \u00a0]+[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+)*/g;

export interface EncodedText {
  /** `<hex>` glyph codes for Identity-H, in visual order. */
  hex: string;
  width: number;
  /** Set when the font lacks glyphs for some characters: the text to expose through /ActualText. */
  actualText?: string;
}

/**
 * A Unicode font subset for one stamping run: text is measured and encoded against DejaVu Sans through pdf-lib and
 * fontkit in a scratch document; `finish()` then yields the Type0/CIDFontType2 (Identity-H, ToUnicode) objects,
 * re-numbered for the target file. Runs of right-to-left text are shaped separately and placed in logical order
 * of a left-to-right line (enough for names inside Latin sentences).
 */
export class StampFont {
  private constructor(
    private readonly document: PDFDocument,
    private readonly font: PDFFont,
    private readonly covered: (codePoint: number) => boolean,
  ) {}

  static async create(): Promise<StampFont> {
    const document = await PDFDocument.create({ updateMetadata: false });
    document.registerFontkit(fontkit);
    const bytes = loadUnicodeFont();
    const font = await document.embedFont(bytes, { subset: true });
    const parsed = fontkit.create(Buffer.from(bytes)) as unknown as { hasGlyphForCodePoint(cp: number): boolean };
    return new StampFont(document, font, (cp) => parsed.hasGlyphForCodePoint(cp));
  }

  private runs(text: string): string[] {
    if (!RTL.test(text)) return [text];
    const runs: string[] = [];
    let last = 0;
    for (const match of text.matchAll(RTL_RUN)) {
      if (match.index > last) runs.push(text.slice(last, match.index));
      runs.push(match[0]);
      last = match.index + match[0].length;
    }
    if (last < text.length) runs.push(text.slice(last));
    return runs;
  }

  /** Width in points at `size`, without adding glyphs to the subset. */
  measure(text: string, size: number): number {
    const clean = sanitize(text);
    return this.runs(clean).reduce((sum, run) => sum + this.font.widthOfTextAtSize(run, size), 0);
  }

  /** Encodes text for a `Tj` (and adds its glyphs to the subset). */
  encode(text: string, size: number): EncodedText {
    const clean = sanitize(text);
    let hex = '';
    for (const run of this.runs(clean)) hex += this.font.encodeText(run).toString().slice(1, -1);
    const missing = [...clean].some((ch) => !this.covered(ch.codePointAt(0)!));
    return { hex: `<${hex}>`, width: this.measure(clean, size), actualText: missing ? clean : undefined };
  }

  /** Truncates `text` with an ellipsis so that it fits `maxWidth` at `size`. */
  fit(text: string, size: number, maxWidth: number): string {
    const clean = sanitize(text);
    if (this.measure(clean, size) <= maxWidth) return clean;
    const chars = [...clean];
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.measure(chars.slice(0, mid).join('').trimEnd() + '…', size) <= maxWidth) low = mid;
      else high = mid - 1;
    }
    return low === 0 ? '' : chars.slice(0, low).join('').trimEnd() + '…';
  }

  /**
   * Writes the subset and returns the font dictionary's reference in the target file plus every object to add,
   * numbered from `firstObjectNumber`.
   */
  async finish(firstObjectNumber: number, options: { cidSet?: boolean } = {}): Promise<{ fontRef: PdfRef; objects: { ref: PdfRef; value: PdfValue }[] }> {
    const bytes = await this.document.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
    const scratch = PdfReader.open(bytes);
    const numbers = new Map<number, PdfRef>();
    const objects: { ref: PdfRef; value: PdfValue }[] = [];
    let next = firstObjectNumber;
    const copy = (value: PdfValue): PdfValue => {
      if (value instanceof PdfRef) {
        let target = numbers.get(value.num);
        if (!target) {
          target = new PdfRef(next++, 0);
          numbers.set(value.num, target);
          const slot = { ref: target, value: null as PdfValue };
          objects.push(slot);
          slot.value = copy(scratch.lookup(value));
        }
        return target;
      }
      if (Array.isArray(value)) return value.map(copy);
      if (value instanceof PdfStream) return new PdfStream(copy(value.dict) as PdfDict, value.raw);
      if (value instanceof PdfDict) return new PdfDict([...value.entries].map(([k, v]) => [k, copy(v)] as [string, PdfValue]));
      return value;
    };
    const fontRef = copy(new PdfRef(this.font.ref.objectNumber, this.font.ref.generationNumber)) as PdfRef;
    if (options.cidSet) addCidSet(objects, () => new PdfRef(next++, 0));
    return { fontRef, objects };
  }
}

/**
 * PDF/A-1 (ISO 19005-1 §6.3.5) wants a /CIDSet naming every CID of a subset CIDFont. The subset's CIDs are its glyph
 * ids (CIDToGIDMap /Identity), 0 up to the highest one listed in /W.
 */
function addCidSet(objects: { ref: PdfRef; value: PdfValue }[], allocate: () => PdfRef): void {
  const byNum = new Map(objects.map((o) => [o.ref.num, o.value]));
  for (const object of objects) {
    const dict = object.value instanceof PdfDict ? object.value : undefined;
    if (!dict || !(dict.get('Subtype') instanceof PdfName) || (dict.get('Subtype') as PdfName).name !== 'CIDFontType2') continue;
    const widths = dict.get('W');
    const list = Array.isArray(widths) ? widths : widths instanceof PdfRef ? (byNum.get(widths.num) as PdfValue[]) : [];
    let max = 0;
    for (let i = 0; i < list.length; ) {
      const first = list[i];
      const second = list[i + 1];
      if (typeof first !== 'number') break;
      if (Array.isArray(second)) {
        max = Math.max(max, first + second.length - 1);
        i += 2;
      } else {
        max = Math.max(max, typeof second === 'number' ? second : first);
        i += 3;
      }
    }
    const bits = Buffer.alloc(Math.floor(max / 8) + 1);
    for (let cid = 0; cid <= max; cid += 1) bits[cid >> 3] |= 0x80 >> (cid & 7);
    const descriptorRef = dict.get('FontDescriptor');
    const descriptor = descriptorRef instanceof PdfRef ? byNum.get(descriptorRef.num) : undefined;
    if (!(descriptor instanceof PdfDict)) continue;
    const ref = allocate();
    objects.push({ ref, value: new PdfStream(new PdfDict(), bits) });
    descriptor.set('CIDSet', ref);
  }
}

/** Control characters and bidi controls would show as boxes. */
function sanitize(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ');
}
