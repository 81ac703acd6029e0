import QRCode from 'qrcode';
import type { StampFont, EncodedText } from './stamp-font.js';

/**
 * The band's height on a wide page: the QR code (42 pt) stands EDGE (6 mm) clear of the page's bottom and left
 * edges, inside printer margins, with at least four modules of white around it (the quiet zone scanners need).
 */
export const FOOTER_HEIGHT = 68;
/** 6 mm: what the QR code and the text keep clear of the page's edges (printers leave about 4-5 mm unprinted). */
export const EDGE = 17;
const QR_SIZE = 42;

export interface StampText {
  code: string;
  verifyUrl: string;
  lines: string[];
  /** The hint under the URL, in the document's language (default English). */
  label?: string;
  /** `… and 3 more` in the document's language (default English). */
  more?: (count: number) => string;
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
  return `${out}f\n`;
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

/** The distance kept from the page's edges: 6 mm, less on pages too small for it. */
function edgeFor(width: number): number {
  return Math.min(EDGE, Math.max(2, width / 12));
}

/**
 * The footer's operators in its own space: `width` × footerHeight() points, origin at the bottom left, which is the
 * page's visual bottom-left corner. White ground, a hairline on top, the QR code of the URL (6 mm from the left and
 * bottom edges, four white modules around it), the code (large), the URL, a hint, and the signer lines in a column to
 * the right (under the code row on narrow pages): as many as fit, each truncated to the column and kept 6 mm from the
 * right edge; the last says how many more.
 */
export function footerOperators(options: {
  font: StampFont;
  fontName: string;
  width: number;
  stamp: StampText;
  qr: boolean[][];
}): string {
  const { font, fontName, width, stamp } = options;
  const height = footerHeight(width, stamp.lines.length);
  const lift = height - FOOTER_HEIGHT;
  const edge = edgeFor(width);
  let out =
    `1 g 0 0 ${num(width)} ${num(height)} re f\n` +
    `0.55 G 0.5 w 0 ${num(height - 0.25)} m ${num(width)} ${num(height - 0.25)} l S\n0 g\n`;
  const base = lift + edge;
  const qrSize = Math.min(QR_SIZE, Math.max(0, width - 2 * edge - 20), FOOTER_HEIGHT - edge - 4);
  let x = edge;
  if (qrSize >= 20) {
    const module = qrSize / options.qr.length;
    out += qrOperators(options.qr, x, base, qrSize);
    x += qrSize + Math.max(8, 4 * module + 2);
  }
  const right = width - edge;
  const textWidth = Math.max(10, right - x);
  let codeSize = 13;
  while (codeSize > 4 && font.measure(stamp.code, codeSize) > textWidth) codeSize -= 0.5;
  const code = font.encode(stamp.code, codeSize);
  out += showText(fontName, codeSize, x, base + 28, code);
  // The URL may not crowd out the signer lines: it gets the code's width or about 40 % of the band.
  const leftWidth = lift > 0 ? textWidth : Math.min(textWidth, Math.max(code.width, 0.4 * width - x));
  const url = font.encode(font.fit(stamp.verifyUrl, 7, leftWidth), 7);
  out += showText(fontName, 7, x, base + 16, url);
  const label = font.encode(font.fit(stamp.label ?? 'Verify with the code or the QR code', 5.5, leftWidth), 5.5);
  out += `0.35 g\n${showText(fontName, 5.5, x, base + 6, label)}0 g\n`;

  const more = stamp.more ?? ((count: number) => `… and ${count} more`);
  const shown =
    stamp.lines.length <= MAX_LINES
      ? stamp.lines
      : [...stamp.lines.slice(0, MAX_LINES - 1), more(stamp.lines.length - (MAX_LINES - 1))];
  let columnX: number;
  let top: number;
  if (lift > 0) {
    columnX = edge;
    top = edge + lift - LEADING + 2;
  } else {
    columnX = x + Math.max(code.width, url.width, label.width) + 14;
    top = base + qrSize - 6 - Math.max(0, (MAX_LINES - shown.length) * LEADING) / 2;
  }
  const columnWidth = right - columnX;
  if (columnWidth >= 30) {
    shown.forEach((line, i) => {
      const text = font.fit(line, LINE_SIZE, columnWidth);
      if (text) out += showText(fontName, LINE_SIZE, columnX, top - i * LEADING, font.encode(text, LINE_SIZE));
    });
  }
  return out;
}
