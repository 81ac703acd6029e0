/**
 * The default stamp layout (SEGL_STAMP_LAYOUT=shrink): every page keeps its size and boxes, its content is scaled to
 * make room for the band inside the page, the QR code stands at least 5 mm clear of every edge with four white
 * modules around it, annotations move with the content, rotated pages and odd boxes keep working, and a 1,000-page
 * document is stamped in one update. Renders are checked pixel by pixel and saved for someone to look at.
 */
import test, { type ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { GrowableBuffer } from '../../server/pdf/growable-buffer.js';
import { PdfReader } from '../../server/pdf/pdf-reader.js';
import { asArray, asDict, asNumber, type PdfRef } from '../../server/pdf/pdf-objects.js';
import { stampDocument } from '../../server/pdf/stamp/stamp-document.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { writeTemp } from '../helpers/pdf-signatures.js';
import {
  TEST_AUDIT_PAGES,
  TEST_STAMP,
  pageBoxes,
  pageTexts,
  renderGray,
  type GrayImage,
} from '../helpers/stamp-pdf.js';

const haveTools = requireTools('qpdf', 'pdftotext', 'pdfinfo', 'pdftoppm');
const work = tempDir('segl-stamp-shrink-');
/** 5 mm in points (and pixels at 72 dpi). */
const FIVE_MM = (5 / 25.4) * 72;

async function stamp(original: Buffer) {
  const file = GrowableBuffer.from(original, 1024 * 1024);
  const result = await stampDocument({ file, stamp: TEST_STAMP, auditPages: TEST_AUDIT_PAGES });
  return { result, output: Buffer.from(file.view()) };
}

/** The bounding box [x0, y0, x1, y1] (pixels, y down) of dark pixels inside a region, or null. */
function darkBox(
  image: GrayImage,
  region: { x0: number; y0: number; x1: number; y1: number },
): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (let y = Math.max(0, region.y0); y < Math.min(image.height, region.y1); y += 1) {
    for (let x = Math.max(0, region.x0); x < Math.min(image.width, region.x1); x += 1) {
      if (image.pixels[y * image.width + x] >= 100) continue;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    }
  }
  return box;
}

/** The QR code sits at the visual bottom left: its box, and what surrounds it, from a 72 dpi render (1 px = 1 pt). */
function checkQr(t: ExecutionContext, image: GrayImage, where: string): void {
  const band = { x0: 0, y0: image.height - 80, x1: 64, y1: image.height };
  const qr = darkBox(image, band);
  if (!qr) return void t.fail(`${where}: no QR code in the band`);
  t.true(qr[0] >= FIVE_MM - 0.5, `${where}: the QR code is ${qr[0]} pt from the left edge`);
  t.true(
    image.height - 1 - qr[3] >= FIVE_MM - 0.5,
    `${where}: the QR code is ${image.height - 1 - qr[3]} pt from the bottom edge`,
  );
  t.true(qr[2] - qr[0] >= 38, `${where}: the QR code is ${qr[2] - qr[0]} pt wide`);
  // Four modules (a 33-module code at 42 pt: 5 pt) of white all around, the hairline above the band excepted.
  const quiet = 5;
  const ring = darkBox(image, { x0: qr[0] - quiet, y0: qr[1] - quiet, x1: qr[2] + quiet + 1, y1: qr[3] + quiet + 1 });
  t.deepEqual(ring, qr, `${where}: nothing dark within four modules of the QR code`);
  const right = darkBox(image, { x0: image.width - 20, y0: image.height - 80, x1: image.width, y1: image.height });
  t.true(
    !right || image.width - 1 - right[2] >= FIVE_MM - 0.5,
    `${where}: the band's text keeps 5 mm from the right edge`,
  );
}

(haveTools ? test : test.skip)(
  'an A4 page stays A4: content scaled into the page, the band inside it, the QR code clear of every edge',
  async (t) => {
    const original = Buffer.from(await createSamplePdf({ pages: 2 }));
    const inputPath = writeTemp(work, 'a4-in.pdf', original);
    const { result, output } = await stamp(original);
    t.is(result.shrunkPages, 2);
    t.true(output.subarray(0, original.length).equals(original), 'the original bytes are an unchanged prefix');
    const path = writeTemp(work, 'a4.pdf', output);
    t.is(runTool('qpdf', ['--check', path], { timeoutMs: 60_000 }).status, 0);
    t.deepEqual(pageBoxes(path).slice(0, 2), pageBoxes(inputPath), 'MediaBox, CropBox and rotation are unchanged');
    t.deepEqual(pageBoxes(path)[0].media, [0, 0, 595.28, 841.89]);
    const before = renderGray(inputPath, 1);
    const after = renderGray(path, 1);
    t.deepEqual([after.width, after.height], [before.width, before.height], 'the rendered page has the same size');
    checkQr(t, after, 'A4 page 1');
    const texts = pageTexts(path);
    t.true(
      texts[0].includes('Clause 1.30') && texts[0].includes(TEST_STAMP.code),
      'the original text and the code are both there',
    );
    t.log(`stamped A4: ${path}`);
  },
);

const CORPUS = [
  'rotated-90-180-270-odd-boxes-8pages.pdf',
  'inherited-mediabox-3pages.pdf',
  'normal-contract-documenso-example.pdf',
  'rotated-90-arabic-4pages.pdf',
  'scan-ccitt-indirect-rotate-5pages.pdf',
];

for (const name of CORPUS) {
  (haveTools && corpusAvailable() ? test : test.skip)(
    `corpus ${name}: every page keeps its boxes and rotation, the band and QR code sit inside`,
    async (t) => {
      const original = readFileSync(join(CORPUS_DIR, name));
      const inputPath = writeTemp(work, `in-${name}`, original);
      const before = pageBoxes(inputPath);
      const { result, output } = await stamp(original);
      t.is(result.shrunkPages, before.length, 'every page was shrunk, none extended');
      const path = writeTemp(work, name, output);
      t.is(runTool('qpdf', ['--check', path], { timeoutMs: 60_000 }).status, 0);
      const after = pageBoxes(path).slice(0, before.length);
      // CropBox is written as the visible box (CropBox ∩ MediaBox), which is what poppler reports as well
      t.deepEqual(
        after.map((p) => [p.media, p.rotate]),
        before.map((p) => [p.media, p.rotate]),
      );
      for (let page = 1; page <= Math.min(before.length, 8); page += 1) {
        const a = renderGray(inputPath, page);
        const b = renderGray(path, page);
        t.deepEqual([b.width, b.height], [a.width, a.height], `page ${page}: the visual size is unchanged`);
        checkQr(t, b, `${name} page ${page}`);
        t.true(pageTexts(path)[page - 1].includes(TEST_STAMP.code), `page ${page}: the code is text`);
      }
    },
  );
}

(haveTools && corpusAvailable() ? test : test.skip)('form fields and links move with the scaled content', async (t) => {
  const original = readFileSync(join(CORPUS_DIR, 'acroform-text-fields.pdf'));
  const rects = (bytes: Uint8Array) => {
    const reader = PdfReader.open(bytes);
    const page = asDict(
      reader.lookup(
        asArray(
          reader.resolve(asDict(reader.lookup(reader.catalog().get('Pages') as PdfRef))!.get('Kids')),
        )![0] as PdfRef,
      ),
    )!;
    return (asArray(reader.resolve(page.get('Annots'))) ?? []).map((a) =>
      (asArray(reader.resolve(asDict(reader.resolve(a))!.get('Rect'))) ?? []).map((v) => asNumber(v)!),
    );
  };
  const { output } = await stamp(original);
  const was = rects(original);
  const now = rects(output);
  t.true(was.length > 0);
  t.is(now.length, was.length);
  // an A4 page: the content is scaled by (841.89 - 68) / 841.89 about the middle of its top edge
  const f = (841.89 - 68) / 841.89;
  const move = ([x0, y0, x1, y1]: number[]) => [
    297.64 + f * (x0 - 297.64),
    841.89 + f * (y0 - 841.89),
    297.64 + f * (x1 - 297.64),
    841.89 + f * (y1 - 841.89),
  ];
  now.forEach((rect, i) => {
    const [a, b, c, d] = was[i];
    const expected = move([Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]);
    for (const [k, value] of rect.entries())
      t.true(Math.abs(value - expected[k]) < 0.01, `annotation ${i}: Rect[${k}] ${value}, expected ${expected[k]}`);
  });
});

(haveTools ? test : test.skip)('a 1,000-page document keeps every page size in one update', async (t) => {
  const original = Buffer.from(await createSamplePdf({ pages: 1000 }));
  const started = Date.now();
  const { result, output } = await stamp(original);
  t.log(`stamped 1,000 pages in ${Date.now() - started} ms`);
  t.is(result.originalPages, 1000);
  t.is(result.shrunkPages, 1000);
  t.true(output.subarray(0, original.length).equals(original));
  const path = writeTemp(work, 'thousand.pdf', output);
  t.is(runTool('qpdf', ['--check', path], { timeoutMs: 120_000 }).status, 0);
  const info = runTool('pdfinfo', ['-box', '-f', '1000', '-l', '1000', path]).stdout;
  t.regex(info, /Page\s+1000 MediaBox:\s+0\.00\s+0\.00\s+595\.28\s+841\.89/);
  checkQr(t, renderGray(path, 1000), 'page 1000');
});
