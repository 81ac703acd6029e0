import type { StampFont } from './stamp-font.js';
import { FOOTER_HEIGHT, num, showText } from './footer-content.js';

export const A4: [number, number] = [595.28, 841.89];

export interface AuditTable {
  title: string;
  /** A line under the title on the first page (where the times are from, what the attachment holds). */
  note?: string;
  rows: string[][];
}

const MARGIN = 48;
const TITLE_SIZE = 15;
const CELL_SIZE = 7.5;
const LEADING = 9.5;
const PADDING = 3;

/** Splits text into lines of at most `width` points, breaking at spaces, or inside words that are too long. */
export function wrapText(font: StampFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.measure(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (font.measure(rest, size) > width && rest.length > 1) {
        const chars = [...rest];
        let take = chars.length - 1;
        while (take > 1 && font.measure(chars.slice(0, take).join(''), size) > width) take -= 1;
        lines.push(chars.slice(0, take).join(''));
        rest = chars.slice(take).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Column widths: each column gets at least its longest word (capped at 30 % of the table) so words are not broken
 * needlessly, and the rest is shared in proportion to what each column still needs for its longest cell.
 */
function columnWidths(font: StampFont, rows: string[][], total: number): number[] {
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const cells = (c: number) => rows.map((r) => r[c] ?? '');
  const natural = Array.from({ length: columns }, (_, c) =>
    Math.max(16, ...cells(c).map((t) => font.measure(t, CELL_SIZE) + 2 * PADDING)),
  );
  const minimum = Array.from({ length: columns }, (_, c) =>
    Math.min(
      0.3 * total,
      Math.max(
        16,
        ...cells(c)
          .flatMap((t) => t.split(/\s+/))
          .map((w) => font.measure(w, CELL_SIZE) + 2 * PADDING),
      ),
    ),
  );
  const naturalSum = natural.reduce((a, b) => a + b, 0);
  if (naturalSum <= total) return natural.map((w) => (w / naturalSum) * total);
  const minimumSum = minimum.reduce((a, b) => a + b, 0);
  if (minimumSum >= total) return minimum.map((w) => (w / minimumSum) * total);
  const extra = natural.map((w, c) => Math.max(0, w - minimum[c]));
  const extraSum = extra.reduce((a, b) => a + b, 0) || 1;
  return minimum.map((w, c) => w + (extra[c] / extraSum) * (total - minimumSum));
}

/**
 * The audit-trail pages' own content (A4, portrait), without the footer: the title, then the rows as a table with
 * wrapped cells; the first row is the header, repeated on every page. Returns one operator string per page.
 */
export function auditPageContents(options: { font: StampFont; fontName: string; table: AuditTable }): string[] {
  const { font, fontName, table } = options;
  const [pageWidth, pageHeight] = A4;
  const tableWidth = pageWidth - 2 * MARGIN;
  const widths = columnWidths(font, table.rows, tableWidth);
  const bottom = FOOTER_HEIGHT + 18;
  const pages: string[] = [];
  const [header, ...body] = table.rows.length ? table.rows : [[]];
  const cellLines = (row: string[]) => widths.map((w, c) => wrapText(font, row[c] ?? '', CELL_SIZE, w - 2 * PADDING));

  let out = '';
  let y = 0;
  const startPage = () => {
    if (out) pages.push(out);
    out = '';
    y = pageHeight - MARGIN;
    const title = pages.length === 0 ? table.title : `${table.title} (${pages.length + 1})`;
    out += showText(
      fontName,
      TITLE_SIZE,
      MARGIN,
      y - TITLE_SIZE,
      font.encode(font.fit(title, TITLE_SIZE, tableWidth), TITLE_SIZE),
    );
    y -= TITLE_SIZE + 14;
    if (pages.length === 0 && table.note) {
      for (const line of wrapText(font, table.note, CELL_SIZE, tableWidth)) {
        out += `0.35 g\n${showText(fontName, CELL_SIZE, MARGIN, y - CELL_SIZE, font.encode(line, CELL_SIZE))}0 g\n`;
        y -= LEADING;
      }
      y -= 8;
    }
    if (header.length) drawRow(header, true);
  };
  const drawRow = (row: string[], isHeader: boolean) => {
    const lines = cellLines(row);
    const maxLines = Math.max(1, Math.floor((y - bottom - 2 * PADDING) / LEADING));
    const count = Math.min(maxLines, Math.max(1, ...lines.map((l) => l.length)));
    const height = count * LEADING + 2 * PADDING;
    if (isHeader) out += `0.9 g ${num(MARGIN)} ${num(y - height)} ${num(tableWidth)} ${num(height)} re f 0 g\n`;
    let x = MARGIN;
    lines.forEach((cell, c) => {
      cell.slice(0, count).forEach((line, i) => {
        if (line)
          out += showText(
            fontName,
            CELL_SIZE,
            x + PADDING,
            y - PADDING - (i + 1) * LEADING + 2,
            font.encode(line, CELL_SIZE),
          );
      });
      x += widths[c];
    });
    y -= height;
    out += `0.7 G 0.4 w ${num(MARGIN)} ${num(y)} m ${num(MARGIN + tableWidth)} ${num(y)} l S\n`;
  };
  startPage();
  for (const row of body) {
    const needed = Math.max(1, ...cellLines(row).map((l) => l.length)) * LEADING + 2 * PADDING;
    if (y - needed < bottom && y < pageHeight - MARGIN - TITLE_SIZE - 14 - 3 * LEADING) startPage();
    drawRow(row, false);
  }
  pages.push(out);
  return pages;
}
