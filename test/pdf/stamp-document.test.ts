import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { GrowableBuffer } from '../../server/pdf/growable-buffer.js';
import { PdfReader } from '../../server/pdf/pdf-reader.js';
import { stampDocument, type StampOptions } from '../../server/pdf/stamp/stamp-document.js';
import { isSeglError } from '../../server/lib/errors.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { writeTemp } from '../helpers/pdf-signatures.js';
import {
  TEST_AUDIT_PAGES,
  TEST_STAMP,
  darkPixels,
  differingPixels,
  pageBoxes,
  pageTexts,
  renderGray,
  type Box,
  type PageBoxes,
} from '../helpers/stamp-pdf.js';

const haveTools = requireTools('qpdf', 'pdftotext', 'pdfinfo', 'pdftoppm');
const work = tempDir('segl-stamp-');
const BAND = 68;

const AUDIT = {
  title: 'Audit trail — Åse Øvergård, محمد, 王小明',
  rows: [
    ['Time (UTC)', 'Event', 'Actor', 'IP address', 'Details'],
    ...Array.from({ length: 40 }, (_, i) => [
      `2026-11-27 10:${String(i).padStart(2, '0')}:00.123`,
      i % 2 ? 'signer.signed' : 'signer.authenticated',
      ['Kari Nordmann', 'Åse Øvergård', 'محمد', '王小明'][i % 4],
      '203.0.113.7',
      `sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, user agent ` +
        `Mozilla/5.0 (X11; Linux x86_64) event ${i}`,
    ]),
  ],
};

async function stamp(original: Buffer, extra: Partial<StampOptions> = {}) {
  const file = GrowableBuffer.from(original);
  // these tests check the band below the page (SEGL_STAMP_LAYOUT=extend); stamp-shrink.test.ts checks the default
  const result = await stampDocument({ file, stamp: TEST_STAMP, layout: 'extend', ...extra });
  return { result, output: Buffer.from(file.view()) };
}

/** Which box coordinate shows at the bottom for a /Rotate, and which way is outwards. */
const BOTTOM_SIDE: Record<number, { index: number; dir: number }> = {
  0: { index: 1, dir: -1 },
  90: { index: 2, dir: 1 },
  180: { index: 3, dir: 1 },
  270: { index: 0, dir: -1 },
};

function assertBandOutside(
  t: import('ava').ExecutionContext,
  before: PageBoxes[],
  after: PageBoxes[],
  userUnit: number,
) {
  const band = BAND / userUnit;
  before.forEach((page, i) => {
    const stamped = after[i];
    t.is(stamped.rotate, page.rotate, `page ${i + 1} keeps its rotation`);
    const { index, dir } = BOTTOM_SIDE[page.rotate];
    for (let k = 0; k < 4; k += 1) {
      if (k === index) {
        const grown = dir * (stamped.crop[k] - page.crop[k]);
        t.true(
          grown >= band - 0.02 && grown <= 2 * band,
          `page ${i + 1} (rotate ${page.rotate}): the visual bottom grew by ${grown}`,
        );
      } else {
        t.true(
          Math.abs(stamped.crop[k] - page.crop[k]) < 0.02,
          `page ${i + 1} (rotate ${page.rotate}) CropBox[${k}] moved`,
        );
      }
    }
    const contains = (outer: Box, inner: Box) =>
      outer[0] <= inner[0] + 0.01 &&
      outer[1] <= inner[1] + 0.01 &&
      outer[2] >= inner[2] - 0.01 &&
      outer[3] >= inner[3] - 0.01;
    t.true(contains(stamped.media, stamped.crop), `page ${i + 1}: the MediaBox holds the grown CropBox`);
    t.true(contains(stamped.crop, page.crop), `page ${i + 1}: everything visible before is still visible`);
  });
}

function checkCommon(
  t: import('ava').ExecutionContext,
  name: string,
  original: Buffer,
  output: Buffer,
  pagesBefore: number,
  auditPages: number,
) {
  t.true(output.subarray(0, original.length).equals(original), 'the original bytes are an unchanged prefix');
  t.is(PdfReader.open(output).sections.length, PdfReader.open(original).sections.length + 1, 'exactly one update');
  const path = writeTemp(work, name, output);
  const check = runTool('qpdf', ['--check', path], { timeoutMs: 60_000 });
  t.is(check.status, 0, `qpdf --check: ${check.stdout.slice(-400)} ${check.stderr.slice(-400)}`);
  const texts = pageTexts(path);
  t.is(texts.length, pagesBefore + auditPages, 'the page count grows by the audit pages');
  for (const [i, text] of texts.entries())
    t.true(text.includes(TEST_STAMP.code), `pdftotext finds the code on page ${i + 1}`);
  for (const name of ['Kari Nordmann', 'Åse Øvergård', 'محمد', '王小明'])
    t.true(texts[0].includes(name), `${name} can be extracted`);
  return path;
}

for (const objectStreams of [false, true]) {
  (haveTools ? test : test.skip)(
    `a generated PDF (${objectStreams ? 'xref stream' : 'xref table'}) is stamped in one update ` +
      `with audit pages and an attachment`,
    async (t) => {
      const original = Buffer.from(await createSamplePdf({ pages: 3, objectStreams }));
      const before = pageBoxes(writeTemp(work, `sample-${objectStreams}-in.pdf`, original));
      const { result, output } = await stamp(original, {
        auditPages: AUDIT,
        attachment: { name: 'audit-trail.json', bytes: Buffer.from('{"events":[]}'), mimeType: 'application/json' },
      });
      t.is(result.originalPages, 3);
      t.true(result.auditPages >= 2, 'forty wrapped rows take more than one A4 page');
      t.is(result.attachment, 'embedded');
      t.is(result.updateStart, original.length);
      const path = checkCommon(t, `sample-${objectStreams}.pdf`, original, output, 3, result.auditPages);
      const after = pageBoxes(path);
      assertBandOutside(t, before, after.slice(0, 3), 1);
      for (const audit of after.slice(3)) t.deepEqual(audit.media, [0, 0, 595.28, 841.89], 'audit pages are A4');
      const texts = pageTexts(path);
      t.true(texts[3].includes('Audit trail') && texts[3].includes('signer.authenticated'), 'the audit table is text');
      const attachments = runTool('qpdf', ['--list-attachments', path], { timeoutMs: 30_000 });
      t.regex(attachments.stdout, /audit-trail\.json/);
      const shown = runTool('qpdf', ['--show-attachment=audit-trail.json', path], { timeoutMs: 30_000 });
      t.is(shown.stdout, '{"events":[]}');
    },
  );
}

const CORPUS_CASES: { name: string; userUnit?: number }[] = [
  { name: 'rotated-90-180-270-odd-boxes-8pages.pdf' },
  { name: 'rotated-90-arabic-4pages.pdf' },
  { name: 'inherited-mediabox-3pages.pdf' },
  { name: 'tiny-mediabox-userunit-72.pdf', userUnit: 72 },
  { name: 'scan-ccitt-indirect-rotate-5pages.pdf' },
  { name: 'nonlatin-chinese.pdf' },
  { name: 'nonlatin-japanese-6pages.pdf' },
  { name: 'nonlatin-thai.pdf' },
  { name: 'xref-hybrid-table-plus-xrefstm-30pages.pdf' },
  { name: 'attachment-embedded-file.pdf' },
  { name: 'pdf20-junk-before-header.pdf' },
];

for (const { name, userUnit = 1 } of CORPUS_CASES) {
  (haveTools && corpusAvailable() ? test : test.skip)(
    `corpus ${name}: footer below the visible area of every page, nothing covered`,
    async (t) => {
      const original = readFileSync(join(CORPUS_DIR, name));
      const inputPath = writeTemp(work, `in-${name}`, original);
      const before = pageBoxes(inputPath);
      const { result, output } = await stamp(original, { auditPages: TEST_AUDIT_PAGES });
      t.is(result.originalPages, before.length);
      t.is(result.auditPages, 1);
      const path = checkCommon(t, name, original, output, before.length, 1);
      assertBandOutside(t, before, pageBoxes(path).slice(0, before.length), userUnit);
      // poppler ignores /UserUnit when rendering, so the pixel comparison runs on unit-scale pages only.
      if (userUnit !== 1) return;
      for (let page = 1; page <= Math.min(before.length, 8); page += 1) {
        const a = renderGray(inputPath, page);
        const b = renderGray(path, page);
        t.is(b.width, a.width, `page ${page}: the visual width is unchanged`);
        t.true(
          b.height - a.height >= BAND - 1,
          `page ${page}: the band adds at least ${BAND} pt at the visual bottom (${a.height} -> ${b.height})`,
        );
        const changed = differingPixels(a, b, a.height - 1);
        t.true(changed <= a.width * 2, `page ${page}: the original area renders as before (${changed} pixels differ)`);
        t.true(darkPixels(b, a.height + 2, b.height) > 200, `page ${page}: the footer is drawn in the band`);
      }
    },
  );
}

(corpusAvailable() ? test : test.skip)(
  'a document that already carries signatures is not stamped: pdf_already_signed, nothing appended',
  async (t) => {
    for (const name of ['signed-pades-lta-dss-doc-timestamp.pdf', 'signed-twice-two-fields-objstm.pdf']) {
      const original = readFileSync(join(CORPUS_DIR, name));
      const error = await t.throwsAsync(stamp(original, {}));
      t.is((error as { code?: string }).code, 'pdf_already_signed', name);
    }
  },
);

(haveTools && corpusAvailable() ? test : test.skip)(
  'the attachment is skipped for PDF/A-1 and PDF/A-2, not for PDF/A-4',
  async (t) => {
    const attachment = { name: 'audit-trail.json', bytes: Buffer.from('{}'), mimeType: 'application/json' };
    for (const [name, expected] of [
      ['pdfa-1b-crazyones.pdf', 'skipped-pdfa'],
      ['pdfa-2b-verapdf-pass.pdf', 'skipped-pdfa'],
      ['pdfa-4-pdf20-verapdf-pass.pdf', 'embedded'],
    ] as const) {
      const original = readFileSync(join(CORPUS_DIR, name));
      const { result, output } = await stamp(original, { attachment });
      t.is(result.attachment, expected, name);
      if (result.pdfaPart === 1)
        t.true(output.subarray(original.length).includes('/CIDSet'), 'PDF/A-1 gets a CIDSet for the subset font');
      const path = writeTemp(work, `pdfa-${name}`, output);
      t.is(runTool('qpdf', ['--check', path], { timeoutMs: 60_000 }).status, 0, name);
    }
  },
);

test('refusals are SeglErrors with stable codes (encrypted, certified, page-tree loop)', async (t) => {
  if (!corpusAvailable()) return t.pass();
  for (const [name, code] of [
    ['encrypted-emptypw-aes128.pdf', 'pdf_encrypted'],
    ['certified-docmdp-p1-no-changes.pdf', 'pdf_certified_no_changes'],
    ['hostile-page-tree-loop.pdf', 'pdf_page_tree_loop'],
  ]) {
    const file = GrowableBuffer.from(readFileSync(join(CORPUS_DIR, name)));
    const length = file.length;
    const error = await t.throwsAsync(stampDocument({ file, stamp: TEST_STAMP }));
    t.true(isSeglError(error) && error.code === code, `${name}: ${String(error)}`);
    t.is(file.length, length, 'nothing is appended on refusal');
  }
});

test('long signer lists and long URLs are truncated to the band, the code always fits', async (t) => {
  const original = Buffer.from(await createSamplePdf({ pages: 1 }));
  const lines = Array.from(
    { length: 12 },
    (_, i) =>
      `Signed by Signer Number ${i} With A Very Long Name That Does Not Fit Anywhere (BankID) 2026-11-27 10:${i} UTC`,
  );
  const { output } = await stamp(original, {
    stamp: { ...TEST_STAMP, lines, verifyUrl: `https://segl.example.org/v/${'x'.repeat(300)}` },
  });
  if (!haveTools) return t.pass();
  const path = writeTemp(work, 'long-lines.pdf', output);
  t.is(runTool('qpdf', ['--check', path]).status, 0);
  const text = pageTexts(path)[0];
  t.true(text.includes(TEST_STAMP.code));
  t.true(text.includes('and 7 more'), 'the last shown line counts the hidden ones');
});

(haveTools ? test : test.skip)(
  'a page whose content leaves q unclosed (with a scaling cm) still gets its footer in the band',
  async (t) => {
    const { PDFDocument, pushGraphicsState, concatTransformationMatrix, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const page = doc.addPage([400, 300]);
    const helvetica = await doc.embedFont(StandardFonts.Helvetica);
    page.drawText('Unbalanced q with /q name', { x: 20, y: 250, size: 14, font: helvetica });
    page.pushOperators(
      pushGraphicsState(),
      pushGraphicsState(),
      concatTransformationMatrix(0.25, 0, 0, 0.25, 300, 200),
    );
    const original = Buffer.from(await doc.save({ useObjectStreams: false }));
    const inputPath = writeTemp(work, 'unbalanced-in.pdf', original);
    const { output } = await stamp(original);
    const path = writeTemp(work, 'unbalanced.pdf', output);
    t.is(runTool('qpdf', ['--check', path]).status, 0);
    const a = renderGray(inputPath, 1);
    const b = renderGray(path, 1);
    t.true(differingPixels(a, b, a.height - 1) <= a.width * 2, 'the original renders as before');
    t.true(darkPixels(b, a.height + 2, b.height) > 200, 'the footer is drawn in the band, at full size');
    t.true(pageTexts(path)[0].includes(TEST_STAMP.code));
  },
);
