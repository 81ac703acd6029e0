import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runTool, tempDir } from './external-tool.js';

export const TEST_STAMP = {
  code: '7F3K-9QXM-2B8D-WT4N',
  verifyUrl: 'https://segl.example.org/v/7F3K9QXM2B8DWT4N',
  lines: [
    'Signed by Kari Nordmann (BankID) 2026-11-27 10:15 UTC',
    'Signed by Åse Øvergård (e-mail code) 2026-11-27 10:16 UTC',
    'Signed by محمد (BankID) 2026-11-27 10:17 UTC',
    'Signed by 王小明 (e-mail code) 2026-11-27 10:18 UTC',
  ],
};

/** A one-page audit trail to stamp with (a non-Latin-1 name in it). */
export const TEST_AUDIT_PAGES = {
  title: 'Audit trail',
  rows: [
    ['Event', 'Actor'],
    ['signer.signed', 'Åse Øvergård'],
  ],
};

export type Box = [number, number, number, number];

export interface PageBoxes {
  media: Box;
  crop: Box;
  rotate: number;
}

/** Per-page MediaBox, CropBox and rotation as poppler's `pdfinfo -box` reports them. */
export function pageBoxes(path: string): PageBoxes[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(runTool('pdfinfo', [path], { timeoutMs: 30_000 }).stdout)?.[1] ?? 0);
  const info = runTool('pdfinfo', ['-box', '-f', '1', '-l', String(pages), path], { timeoutMs: 30_000 });
  if (info.status !== 0) throw new Error(`pdfinfo failed: ${info.stderr}`);
  const result: PageBoxes[] = [];
  for (let p = 1; p <= pages; p += 1) {
    const box = (name: string) => {
      const match = new RegExp(`^Page\\s+${p} ${name}:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)`, 'm').exec(info.stdout);
      if (!match) throw new Error(`no ${name} for page ${p}`);
      return match.slice(1, 5).map(Number) as Box;
    };
    const rotate = Number(new RegExp(`^Page\\s+${p} rot:\\s+(\\d+)`, 'm').exec(info.stdout)?.[1] ?? 0);
    result.push({ media: box('MediaBox'), crop: box('CropBox'), rotate });
  }
  return result;
}

export interface GrayImage {
  width: number;
  height: number;
  pixels: Buffer;
}

/** Renders one page (rotation applied, as a viewer shows it) to 8-bit gray with pdftoppm. */
export function renderGray(path: string, page: number, dpi = 72): GrayImage {
  const dir = tempDir('segl-render-');
  const run = runTool(
    'pdftoppm',
    ['-cropbox', '-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), path, join(dir, 'p')],
    { timeoutMs: 60_000 },
  );
  if (run.status !== 0) throw new Error(`pdftoppm failed: ${run.stderr}`);
  const bytes = readFileSync(join(dir, readdirSync(dir)[0]));
  // P5 <w> <h> <max>\n<data>
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: bytes.subarray(header[0].length, header[0].length + width * height) };
}

/** How many pixels differ (by more than `tolerance` levels) in rows [0, rows) between two renders of equal width. */
export function differingPixels(a: GrayImage, b: GrayImage, rows: number, tolerance = 40): number {
  let count = 0;
  const width = Math.min(a.width, b.width);
  for (let y = 0; y < rows; y += 1) {
    for (let x = 0; x < width; x += 1)
      if (Math.abs(a.pixels[y * a.width + x] - b.pixels[y * b.width + x]) > tolerance) count += 1;
  }
  return count;
}

/** Dark pixels in rows [from, to) of a render. */
export function darkPixels(image: GrayImage, from: number, to: number): number {
  let count = 0;
  for (let y = Math.max(0, from); y < Math.min(image.height, to); y += 1) {
    for (let x = 0; x < image.width; x += 1) if (image.pixels[y * image.width + x] < 100) count += 1;
  }
  return count;
}

/** The text of each page, via pdftotext (form feeds separate pages). */
export function pageTexts(path: string): string[] {
  const run = runTool('pdftotext', ['-enc', 'UTF-8', path, '-'], { timeoutMs: 60_000 });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  const pages = run.stdout.split('\f');
  if (pages[pages.length - 1].trim() === '') pages.pop();
  return pages;
}
