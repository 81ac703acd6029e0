import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PdfError } from '../pdf-error.js';

/**
 * The stamp's fonts, in the order a character is looked up: the first that has a glyph for it draws it. Each ships
 * next to this module with its licence text.
 * - DejaVu Sans (Bitstream Vera licence, DejaVuSans-LICENSE.txt): Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian,
 *   Georgian and more; no CJK or Thai.
 * - Noto Sans Thai (SIL OFL 1.1, NotoSans-LICENSE.txt, 37 KB): Thai.
 * - Droid Sans Fallback (Apache 2.0, DroidSansFallback-LICENSE.txt, 3.4 MB): the CJK Unified Ideographs block
 *   (all 20 902), kana, all 11 172 precomposed Hangul syllables, Bopomofo and CJK punctuation, in one TrueType file.
 *   Its Han glyphs follow Chinese conventions, which Japanese readers accept for names.
 * - Noto Sans for Indic, Ethiopic and South-East Asian scripts (SIL OFL 1.1, NotoSans-LICENSE.txt, 30-340 KB each):
 *   Devanagari, Bengali, Tamil, Gujarati, Gurmukhi, Telugu, Kannada, Malayalam, Sinhala, Ethiopic, Khmer, Lao,
 *   Myanmar; loaded only when a name needs them.
 */
export const STAMP_FONT_FILES = [
  'DejaVuSans.ttf',
  'NotoSansThai-Regular.ttf',
  'DroidSansFallback.ttf',
  'NotoSansDevanagari-Regular.ttf',
  'NotoSansBengali-Regular.ttf',
  'NotoSansTamil-Regular.ttf',
  'NotoSansGujarati-Regular.ttf',
  'NotoSansGurmukhi-Regular.ttf',
  'NotoSansTelugu-Regular.ttf',
  'NotoSansKannada-Regular.ttf',
  'NotoSansMalayalam-Regular.ttf',
  'NotoSansSinhala-Regular.ttf',
  'NotoSansEthiopic-Regular.ttf',
  'NotoSansKhmer-Regular.ttf',
  'NotoSansLao-Regular.ttf',
  'NotoSansMyanmar-Regular.ttf',
] as const;
export type StampFontFile = (typeof STAMP_FONT_FILES)[number];

const cache = new Map<string, Uint8Array>();

/** A font's bytes, found next to this module when run from source, or in the source tree when run from dist/. */
export function loadFontFile(file: StampFontFile): Uint8Array {
  const cached = cache.get(file);
  if (cached) return cached;
  const candidates = [
    new URL(`./${file}`, import.meta.url),
    // dist/server/pdf/fonts/*.js: the font files are not compiled, so also look in the checkout's server/pdf/fonts/.
    new URL(`../../../../server/pdf/fonts/${file}`, import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) {
      const bytes = new Uint8Array(readFileSync(path));
      cache.set(file, bytes);
      return bytes;
    }
  }
  throw new PdfError({ code: 'font_missing', message: `the stamp font ${file} is missing from the installation` });
}
