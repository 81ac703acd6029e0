import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
// @pdf-lib/fontkit's bundle was compiled with transpiled generators but ships no runtime for them; its Indic and
// Universal shapers (Devanagari, Bengali, Tamil, Khmer, Myanmar ...) need it.
import 'regenerator-runtime/runtime.js';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { PdfDict, PdfName, PdfRef, PdfStream, isName, type PdfValue } from '../pdf-objects.js';
import { PdfReader } from '../pdf-reader.js';
import { STAMP_FONT_FILES, loadFontFile, type StampFontFile } from '../fonts/unicode-font.js';
import { num } from './footer-content.js';

/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, presentation forms). */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const RTL_RUN = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+(?:[ \u00a0]+[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+)*/g;
/** Invisible format characters (joiners, variation selectors, BOM): shaping may use them, no font needs a glyph. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class tests one code point at a time, joiners included
const IGNORABLE = /^[\u00ad\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff\u{e0100}-\u{e01ef}]$/u;
/** Characters that stay in the run before them when its font has them: combining marks, ignorables, spaces. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class tests one code point at a time, joiners included
const CLINGS = /^[\p{M}\s\u00ad\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff\u{e0100}-\u{e01ef}]$/u;

/**
 * One font's share of a line: the operators that show its glyphs (`Tj`/`TJ`, with `Ts` for raised marks), inside an
 * /ActualText span where the glyphs alone would not extract as the text: a character no font has, or shaping that
 * made one glyph of several characters or several of one (ligatures, Thai SARA AM).
 */
export interface GlyphRun {
  /** Appended to the caller's font resource name. */
  font: string;
  ops: string;
}

export interface EncodedText {
  /** One run per change of font, in visual order. */
  runs: GlyphRun[];
  width: number;
}

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** What the stamp needs of a fontkit font. */
interface ParsedFont {
  postscriptName: string;
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
  layout(text: string): {
    glyphs: FontkitGlyph[];
    positions: { xAdvance: number; xOffset: number; yOffset: number }[];
    direction?: string;
  };
  /** fontkit's reverse cmap (internal, present in @pdf-lib/fontkit 1.x; without it ligature components are used). */
  _cmapProcessor?: { codePointsForGlyph(glyphId: number): number[] };
}

interface Face {
  file: StampFontFile;
  /** Appended to the caller's font resource name: '' for the primary font (DejaVu Sans). */
  suffix: string;
  parsed: ParsedFont;
  /** Embedded (as a subset) in the scratch document. */
  pdf: PDFFont;
  /** Some text was encoded with it, so `finish()` writes it. */
  used: boolean;
  /** ToUnicode of subset glyph ids: the first word that shows a glyph fixes its meaning (see `show`). */
  unicode: Map<number, string>;
  /**
   * Shaped advance of each word measured so far, in font units (audit tables measure the same words again and again).
   */
  advances: Map<string, number>;
  /** Words already shown, by size: the footer repeats on every page, the audit table repeats words. */
  shown: Map<string, { ops: string; width: number; extractable: boolean }>;
}

/** A stretch of a line drawn with one face. */
interface Piece {
  face: Face;
  text: string;
  /** Part of a right-to-left run. */
  rtl: boolean;
}

function parse(bytes: Uint8Array): ParsedFont {
  return fontkit.create(Buffer.from(bytes)) as unknown as ParsedFont;
}

function newFace(file: StampFontFile, parsed: ParsedFont, pdf: PDFFont): Face {
  return {
    file,
    suffix: file === STAMP_FONT_FILES[0] ? '' : String(STAMP_FONT_FILES.indexOf(file)),
    parsed,
    pdf,
    used: false,
    unicode: new Map(),
    advances: new Map(),
    shown: new Map(),
  };
}

/**
 * The stamp's Unicode fonts for one stamping run. Each character is drawn with the first font that has a glyph for it
 * (DejaVu Sans, then Noto Sans Thai, then Droid Sans Fallback for CJK: see ../fonts/unicode-font.ts), marks and
 * spaces staying with the run before them, so a line becomes runs of glyphs with a font switch between runs. Each run
 * is shaped by fontkit (GSUB, e.g. Arabic joining forms, and GPOS: kerning and mark placement, drawn with `TJ`
 * offsets and `Ts`) and its glyphs added to that font's subset through pdf-lib in a scratch document; `finish()` then
 * yields one Type0/CIDFontType2 subset (Identity-H, ToUnicode) per font used, re-numbered for the target file.
 * Fallback fonts are read only when `cover()` meets a character that DejaVu Sans lacks, so Latin-only stamps cost
 * what they did. Runs of right-to-left text are shaped separately and placed in logical order of a left-to-right line
 * (enough for names inside Latin sentences).
 */
export class StampFont {
  private readonly faces: Face[];
  private readonly fallbacks: StampFontFile[];
  private readonly parsed = new Map<StampFontFile, ParsedFont>();

  private constructor(
    private readonly document: PDFDocument,
    primary: Face,
  ) {
    this.faces = [primary];
    this.fallbacks = STAMP_FONT_FILES.filter((file) => file !== primary.file);
  }

  /** A font set with DejaVu Sans loaded; pass the texts to be drawn (or call `cover()`) to load fallbacks for them. */
  static async create(texts: Iterable<string> = []): Promise<StampFont> {
    const document = await PDFDocument.create({ updateMetadata: false });
    document.registerFontkit(fontkit);
    const file = STAMP_FONT_FILES[0];
    const bytes = loadFontFile(file);
    const font = new StampFont(
      document,
      newFace(file, parse(bytes), await document.embedFont(bytes, { subset: true })),
    );
    await font.cover(texts);
    return font;
  }

  /** The font files loaded so far, primary first. */
  get files(): StampFontFile[] {
    return this.faces.map((face) => face.file);
  }

  /**
   * Loads the fallback fonts that the texts need (characters the loaded fonts lack), in the order of
   * STAMP_FONT_FILES. Text with characters not covered here is still drawn, with .notdef boxes for them and the
   * real text in /ActualText.
   */
  async cover(texts: Iterable<string>): Promise<void> {
    const needed = new Set<number>();
    for (const text of texts) {
      for (const ch of sanitize(text)) {
        const cp = ch.codePointAt(0)!;
        if (!IGNORABLE.test(ch) && !this.faces.some((f) => f.parsed.hasGlyphForCodePoint(cp))) needed.add(cp);
      }
    }
    for (const file of [...this.fallbacks]) {
      if (!needed.size) break;
      const bytes = loadFontFile(file);
      let parsed = this.parsed.get(file);
      if (!parsed) {
        parsed = parse(bytes);
        this.parsed.set(file, parsed);
      }
      const covered = [...needed].filter((cp) => parsed.hasGlyphForCodePoint(cp));
      if (!covered.length) continue;
      for (const cp of covered) needed.delete(cp);
      this.fallbacks.splice(this.fallbacks.indexOf(file), 1);
      const face = newFace(file, parsed, await this.document.embedFont(bytes, { subset: true }));
      // The fonts stay in STAMP_FONT_FILES order, whichever was needed first.
      const rank = STAMP_FONT_FILES.indexOf(file);
      const at = this.faces.findIndex((f) => STAMP_FONT_FILES.indexOf(f.file) > rank);
      this.faces.splice(at < 0 ? this.faces.length : at, 0, face);
    }
  }

  /** Splits one direction run into pieces by face. */
  private pieces(text: string, rtl = false): Piece[] {
    const pieces: Piece[] = [];
    let current: Piece | undefined;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let face: Face | undefined;
      if (current && CLINGS.test(ch) && (IGNORABLE.test(ch) || current.face.parsed.hasGlyphForCodePoint(cp)))
        face = current.face;
      face ??= this.faces.find((f) => f.parsed.hasGlyphForCodePoint(cp));
      face ??= current?.face ?? this.faces[0];
      if (current && current.face === face) {
        current.text += ch;
      } else {
        current = { face, text: ch, rtl };
        pieces.push(current);
      }
    }
    return pieces;
  }

  /** The line as pieces in visual order: right-to-left runs are shaped on their own and their pieces reversed. */
  private layout(text: string): Piece[] {
    if (!RTL.test(text)) return this.pieces(text);
    const out: Piece[] = [];
    let last = 0;
    for (const match of text.matchAll(RTL_RUN)) {
      if (match.index > last) out.push(...this.pieces(text.slice(last, match.index)));
      out.push(...this.pieces(match[0], true).reverse());
      last = match.index + match[0].length;
    }
    if (last < text.length) out.push(...this.pieces(text.slice(last)));
    return out;
  }

  /** Width in points at `size`, without adding glyphs to the subsets. */
  measure(text: string, size: number): number {
    let width = 0;
    for (const piece of this.layout(sanitize(text))) {
      for (const word of words(piece.text)) {
        let units = piece.face.advances.get(word);
        if (units === undefined) {
          units = piece.face.parsed.layout(word).positions.reduce((sum, p) => sum + p.xAdvance, 0);
          piece.face.advances.set(word, units);
        }
        width += (units * size) / piece.face.parsed.unitsPerEm;
      }
    }
    return width;
  }

  /** Encodes text for `Tf` + `Tj`/`TJ` runs (and adds its glyphs to the subsets). */
  encode(text: string, size: number): EncodedText {
    const runs: GlyphRun[] = [];
    let width = 0;
    for (const piece of this.layout(sanitize(text))) {
      // Words are shaped one by one (nothing joins or kerns across a space), so an /ActualText span covers one word.
      const ops: string[] = [];
      for (const word of words(piece.text)) {
        const missing = [...word].some(
          (ch) => !IGNORABLE.test(ch) && !this.faces.some((f) => f.parsed.hasGlyphForCodePoint(ch.codePointAt(0)!)),
        );
        const shown = this.show(piece.face, word, size, missing);
        width += shown.width;
        ops.push(
          shown.extractable ? shown.ops : `/Span <</ActualText <${utf16Hex(word, true)}>>> BDC ${shown.ops} EMC`,
        );
      }
      // A right-to-left piece's words are laid out right to left.
      if (piece.rtl) ops.reverse();
      const previous = runs[runs.length - 1];
      if (previous && previous.font === piece.face.suffix) previous.ops += ` ${ops.join(' ')}`;
      else runs.push({ font: piece.face.suffix, ops: ops.join(' ') });
    }
    return { runs, width };
  }

  /**
   * One word's glyphs, positioned as fontkit shaped them: the subset's /W gives each glyph its own advance, so
   * kerning and mark offsets become `TJ` adjustments, and vertical mark offsets `Ts`.
   *
   * The ToUnicode map gives each glyph one meaning for the whole document. When shaping kept one glyph per character
   * (contextual forms such as Arabic joining, alternates, positioning), glyph i means character i, and the word
   * extracts from ToUnicode unless an earlier word made a glyph mean another character. Otherwise (ligatures, Thai
   * SARA AM split in two, a missing glyph), and for marks moved by GPOS (which poppler then splits off), a
   * left-to-right word is `extractable: false` and gets /ActualText. A right-to-left word gets it only for a missing
   * glyph, as extractors that reorder right-to-left text character by character (poppler) reverse /ActualText: its
   * ligatures map to their characters in visual order instead, which those extractors then put right.
   */
  private show(
    face: Face,
    text: string,
    size: number,
    missing: boolean,
  ): { ops: string; width: number; extractable: boolean } {
    const key = `${size}\u0000${missing ? 1 : 0}\u0000${text}`;
    const known = face.shown.get(key);
    if (known) return known;
    const shown = this.shape(face, text, size, missing);
    face.shown.set(key, shown);
    return shown;
  }

  private shape(
    face: Face,
    text: string,
    size: number,
    missing: boolean,
  ): { ops: string; width: number; extractable: boolean } {
    face.used = true;
    const hex = face.pdf.encodeText(text).toString().slice(1, -1);
    const ids = (hex.match(/[0-9A-Fa-f]{4}/g) ?? []).map((h) => parseInt(h, 16));
    const run = face.parsed.layout(text);
    const em = face.parsed.unitsPerEm;
    if (ids.length !== run.glyphs.length) {
      // Never expected (pdf-lib shapes the same bytes the same way); draw unpositioned and keep the text.
      return { ops: `<${hex}> Tj`, width: face.pdf.widthOfTextAtSize(text, size), extractable: false };
    }
    const rtl = run.direction === 'rtl';
    const chars = [...text];
    const visual = rtl ? [...chars].reverse() : chars;
    // One glyph per character, each made of (or mapped from) the character at its place.
    const oneToOne =
      chars.length === ids.length &&
      run.glyphs.every((glyph, i) => {
        const cp = visual[i].codePointAt(0)!;
        return (
          (glyph.codePoints.length === 1 && glyph.codePoints[0] === cp) ||
          face.parsed.glyphForCodePoint(cp).id === glyph.id
        );
      });
    let extractable = !missing;
    run.glyphs.forEach((glyph, i) => {
      const sid = ids[i];
      if (sid === 0) return;
      if (oneToOne) {
        const known = face.unicode.get(sid);
        if (known === undefined) face.unicode.set(sid, visual[i]);
        else if (known !== visual[i]) extractable = false;
      } else if (!face.unicode.has(sid)) {
        // A glyph means the word's character that maps to it, else what fontkit made it of (contextual forms,
        // ligatures), else the character that maps to it (Thai SARA AA split off SARA AM).
        const own = face.parsed._cmapProcessor?.codePointsForGlyph(glyph.id) ?? [];
        const inWord = (cp: number) => chars.includes(String.fromCodePoint(cp));
        const direct = own.find(inWord);
        const made = glyph.codePoints.length && glyph.codePoints.every(inWord) ? glyph.codePoints : undefined;
        const meaning = direct !== undefined ? [direct] : (made ?? (own.length ? [own[0]] : glyph.codePoints));
        const text = meaning.map((cp) => String.fromCodePoint(cp));
        if (text.length) face.unicode.set(sid, (rtl ? text.reverse() : text).join(''));
      }
    });
    // poppler splits and reorders left-to-right words whose marks were moved (Thai tone marks): /ActualText keeps them.
    if (!rtl && (!oneToOne || run.positions.some((p) => p.xOffset !== 0 || p.yOffset !== 0))) extractable = false;

    const k = 1000 / em;
    const ops: string[] = [];
    let items: string[] = [];
    let rise = 0;
    let adjust = 0;
    let width = 0;
    const flush = () => {
      if (!items.length) return;
      ops.push(items.length === 1 && items[0].startsWith('<') ? `${items[0]} Tj` : `[${items.join(' ')}] TJ`);
      items = [];
    };
    const pushAdjust = () => {
      const n = Math.round(-adjust * k * 100) / 100;
      if (n !== 0) items.push(num(n));
      adjust = 0;
    };
    run.glyphs.forEach((glyph, i) => {
      const p = run.positions[i];
      const wanted = Math.round(((p.yOffset * size) / em) * 100) / 100;
      if (wanted !== rise) {
        pushAdjust();
        flush();
        ops.push(`${num(wanted)} Ts`);
        rise = wanted;
      }
      adjust += p.xOffset;
      pushAdjust();
      const code = `<${ids[i].toString(16).padStart(4, '0').toUpperCase()}>`;
      const last = items[items.length - 1];
      if (last?.startsWith('<')) items[items.length - 1] = `${last.slice(0, -1)}${code.slice(1)}`;
      else items.push(code);
      adjust = p.xAdvance - p.xOffset - glyph.advanceWidth;
      width += p.xAdvance;
    });
    pushAdjust();
    flush();
    if (rise !== 0) ops.push('0 Ts');
    return { ops: ops.join(' '), width: (width * size) / em, extractable };
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
      if (this.measure(`${chars.slice(0, mid).join('').trimEnd()}…`, size) <= maxWidth) low = mid;
      else high = mid - 1;
    }
    return low === 0 ? '' : `${chars.slice(0, low).join('').trimEnd()}…`;
  }

  /**
   * Writes the subsets and returns, for each font that encoded text (keyed by its resource-name suffix), the font
   * dictionary's reference in the target file, plus every object to add, numbered from `firstObjectNumber`.
   */
  async finish(
    firstObjectNumber: number,
    options: { cidSet?: boolean } = {},
  ): Promise<{ fonts: Map<string, PdfRef>; objects: { ref: PdfRef; value: PdfValue }[] }> {
    const bytes = await this.document.save({
      useObjectStreams: false,
      addDefaultPage: false,
      updateFieldAppearances: false,
    });
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
      if (value instanceof PdfDict)
        return new PdfDict([...value.entries].map(([k, v]) => [k, copy(v)] as [string, PdfValue]));
      return value;
    };
    const fonts = new Map<string, PdfRef>();
    for (const face of this.faces) {
      if (!face.used) continue;
      const start = objects.length;
      const ref = copy(new PdfRef(face.pdf.ref.objectNumber, face.pdf.ref.generationNumber)) as PdfRef;
      const own = objects.slice(start);
      nameSubset(own, face.parsed.postscriptName);
      replaceToUnicode(own, face.unicode);
      fonts.set(face.suffix, ref);
    }
    if (options.cidSet) addCidSet(objects, () => new PdfRef(next++, 0));
    return { fonts, objects };
  }
}

/** A line's words, each with the spaces after it (leading spaces on their own). */
function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/gu) ?? [];
}

/** UTF-16BE hex of a string, for a CMap or (with a byte order mark) a PDF text string. */
function utf16Hex(text: string, bom = false): string {
  let out = bom ? 'FEFF' : '';
  for (let i = 0; i < text.length; i += 1) out += text.charCodeAt(i).toString(16).padStart(4, '0');
  return out.toUpperCase();
}

/**
 * Replaces pdf-lib's ToUnicode CMap (which maps each glyph to the characters of whichever text last produced it, so
 * a glyph that shaping reused can map wrongly) with one built from text that showed each glyph for its own character.
 */
function replaceToUnicode(objects: { ref: PdfRef; value: PdfValue }[], unicode: Map<number, string>): void {
  const type0 = objects.find((o) => o.value instanceof PdfDict && isName(o.value.get('Subtype'), 'Type0'))?.value as
    | PdfDict
    | undefined;
  const ref = type0?.get('ToUnicode');
  const slot = ref instanceof PdfRef ? objects.find((o) => o.ref.num === ref.num) : undefined;
  if (!slot) return;
  const entries = [...unicode].filter(([, text]) => text.length > 0).sort((a, b) => a[0] - b[0]);
  let body = '';
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    const mappings = block.map(
      ([sid, text]) => `<${sid.toString(16).padStart(4, '0').toUpperCase()}> <${utf16Hex(text)}>`,
    );
    body += `${block.length} beginbfchar\n${mappings.join('\n')}\nendbfchar\n`;
  }
  const cmap =
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << ' +
    '/Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
    body +
    'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n';
  slot.value = new PdfStream(
    new PdfDict([['Filter', PdfName.of('FlateDecode')]]),
    deflateSync(Buffer.from(cmap, 'latin1')),
  );
}

/**
 * pdf-lib names a subset `Name-1234`; PDF wants `ABCDEF+Name` (ISO 32000-2 §9.9.2), which is also how readers
 * (pdffonts' "sub" column, preflight tools) tell a subset. The tag is derived from the embedded font program, so the
 * same glyphs give the same name.
 */
function nameSubset(objects: { ref: PdfRef; value: PdfValue }[], postscriptName: string): void {
  const dicts = objects
    .map((o) => (o.value instanceof PdfDict ? o.value : undefined))
    .filter((d): d is PdfDict => d !== undefined);
  const byNum = new Map(objects.map((o) => [o.ref.num, o.value]));
  const descriptor = dicts.find(
    (d) => d.get('Type') instanceof PdfName && (d.get('Type') as PdfName).name === 'FontDescriptor',
  );
  const program = descriptor?.get('FontFile2') ?? descriptor?.get('FontFile3');
  const stream = program instanceof PdfRef ? byNum.get(program.num) : undefined;
  const digest = createHash('sha256')
    .update(stream instanceof PdfStream ? stream.raw : new Uint8Array())
    .update(postscriptName)
    .digest();
  const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  const name = `${tag}+${postscriptName.replace(/[^!-~]|[()<>[\]{}/%#]/g, '')}`;
  for (const dict of dicts) {
    const subtype = dict.get('Subtype');
    if (subtype instanceof PdfName && subtype.name === 'Type0') dict.set('BaseFont', PdfName.of(`${name}-Identity-H`));
    else if (subtype instanceof PdfName && (subtype.name === 'CIDFontType2' || subtype.name === 'CIDFontType0'))
      dict.set('BaseFont', PdfName.of(name));
    else if (dict === descriptor) dict.set('FontName', PdfName.of(name));
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
    if (!dict || !(dict.get('Subtype') instanceof PdfName) || (dict.get('Subtype') as PdfName).name !== 'CIDFontType2')
      continue;
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
