import QRCode from 'qrcode';
import type { StampFont, EncodedText } from './stamp-font.js';

export const FOOTER_HEIGHT = 56;

export interface StampText {
  code: string;
  verifyUrl: string;
  lines: string[];
}

/** The QR code's dark modules as rows of booleans. */
export function qrMatrix(text: string): boolean[][] {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const rows: boolean[][] = [];
  for (let r = 0; r < size; r += 1) {
    const row: boolean[] = [];
    for (let c = 0; c < size; c += 1) row.push(Boolean(qr.modules.get(r, c)));
    rows.push(row);
  }
  return rows;
}

export function num(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const text = value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/** `BT … Tf … Tj ET`, switching fonts between runs (`fontName` plus each run's suffix names the font resource). */
export function showText(fontName: string, size: number, x: number, y: number, encoded: EncodedText): string {
  if (!encoded.runs.length) return '';
  const shows = encoded.runs.map((run) => `/${fontName}${run.font} ${num(size)} Tf ${run.ops}`);
  return `BT ${num(x)} ${num(y)} Td ${shows.join(' ')} ET\n`;
}

function qrOperators(matrix: boolean[][], x: number, y: number, size: number): string {
  const n = matrix.length;
  const m = size / n;
  let out = '';
  for (let r = 0; r < n; r += 1) {
    let c = 0;
    while (c < n) {
      if (!matrix[r][c]) {
        c += 1;
        continue;
      }
      const start = c;
      while (c < n && matrix[r][c]) c += 1;
      out += `${num(x + start * m)} ${num(y + (n - 1 - r) * m)} ${num((c - start) * m)} ${num(m)} re\n`;
    }
  }
  return out + 'f\n';
}

const LINE_SIZE = 6.5;
const LEADING = 8;
const MAX_LINES = 6;
/** Below this width the signer lines go under the code row instead of beside it, and the band grows. */
const NARROW = 440;

/** The band's height in points: FOOTER_HEIGHT, or more on narrow pages where the signer lines need their own rows. */
export function footerHeight(width: number, lineCount: number): number {
  if (width >= NARROW || lineCount === 0) return FOOTER_HEIGHT;
  return FOOTER_HEIGHT + Math.min(lineCount, MAX_LINES) * LEADING + 4;
}

/**
 * The footer's operators in its own space: `width` × footerHeight() points, origin at the bottom left. White ground,
 * a hairline on top, the QR code of the URL, the code (large), the URL, and the signer lines in a column to the right
 * (under the code row on narrow pages): as many as fit, each truncated to the column; the last says how many more.
 */
export function footerOperators(options: { font: StampFont; fontName: string; width: number; stamp: StampText; qr: boolean[][] }): string {
  const { font, fontName, width, stamp } = options;
  const height = footerHeight(width, stamp.lines.length);
  const lift = height - FOOTER_HEIGHT;
  const h = FOOTER_HEIGHT;
  let out = `1 g 0 0 ${num(width)} ${num(height)} re f\n0.55 G 0.5 w 0 ${num(height - 0.25)} m ${num(width)} ${num(height - 0.25)} l S\n0 g\n`;
  out += `q 1 0 0 1 0 ${num(lift)} cm\n`;
  const qrSize = Math.min(44, Math.max(0, width - 12));
  let x = 6;
  if (qrSize >= 20) {
    out += qrOperators(options.qr, x, (h - qrSize) / 2 - 1, qrSize);
    x += qrSize + 8;
  }
  const textWidth = Math.max(10, width - x - 6);
  let codeSize = 13;
  while (codeSize > 4 && font.measure(stamp.code, codeSize) > textWidth) codeSize -= 0.5;
  const code = font.encode(stamp.code, codeSize);
  out += showText(fontName, codeSize, x, 31, code);
  // The URL may not crowd out the signer lines: it gets the code's width or about 40 % of the band.
  const leftWidth = lift > 0 ? textWidth : Math.min(textWidth, Math.max(code.width, 0.4 * width - x));
  const url = font.encode(font.fit(stamp.verifyUrl, 7, leftWidth), 7);
  out += showText(fontName, 7, x, 19, url);
  const label = font.encode(font.fit('Verify with the code or the QR code', 5.5, leftWidth), 5.5);
  out += `0.35 g\n${showText(fontName, 5.5, x, 9, label)}0 g\nQ\n`;

  const shown = stamp.lines.length <= MAX_LINES ? stamp.lines : [...stamp.lines.slice(0, MAX_LINES - 1), `… and ${stamp.lines.length - (MAX_LINES - 1)} more`];
  let columnX: number;
  let top: number;
  if (lift > 0) {
    columnX = 6;
    top = lift - LEADING + 1;
  } else {
    columnX = x + Math.max(code.width, url.width, label.width) + 14;
    top = h - 10 - Math.max(0, (MAX_LINES - shown.length) * LEADING) / 2;
  }
  const columnWidth = width - columnX - 6;
  if (columnWidth >= 30) {
    shown.forEach((line, i) => {
      const text = font.fit(line, LINE_SIZE, columnWidth);
      if (text) out += showText(fontName, LINE_SIZE, columnX, top - i * LEADING, font.encode(text, LINE_SIZE));
    });
  }
  return out;
}
