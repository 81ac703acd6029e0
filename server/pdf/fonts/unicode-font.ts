import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SeglError } from '../../lib/errors.js';

/**
 * DejaVu Sans (Bitstream Vera licence, see DejaVuSans-LICENSE.txt next to it): a Unicode TrueType font covering
 * Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian, Georgian and more. It has no CJK or Thai glyphs.
 */
const FONT_FILE = 'DejaVuSans.ttf';

let cached: Uint8Array | undefined;

/** The font's bytes, found next to this module when run from source, or in the source tree when run from dist/. */
export function loadUnicodeFont(): Uint8Array {
  if (cached) return cached;
  const candidates = [
    new URL(`./${FONT_FILE}`, import.meta.url),
    // dist/server/pdf/fonts/*.js: the TTF is not compiled, so also look in the checkout's server/pdf/fonts/.
    new URL(`../../../../server/pdf/fonts/${FONT_FILE}`, import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) {
      cached = new Uint8Array(readFileSync(path));
      return cached;
    }
  }
  throw new SeglError({ code: 'font_missing', status: 500, message: `the stamp font ${FONT_FILE} is missing from the installation` });
}
