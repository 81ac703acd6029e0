import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { GrowableBuffer } from '../../server/pdf/growable-buffer.js';
import { stampDocument } from '../../server/pdf/stamp/stamp-document.js';
import { StampFont } from '../../server/pdf/stamp/stamp-font.js';
import { STAMP_FONT_FILES, loadFontFile } from '../../server/pdf/fonts/unicode-font.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { writeTemp } from '../helpers/pdf-signatures.js';
import { pageTexts } from '../helpers/stamp-pdf.js';

const haveTools = requireTools('qpdf', 'pdftotext', 'pdffonts', 'mutool');
const work = tempDir('segl-stamp-fonts-');

/** Names in scripts DejaVu Sans covers and in scripts only the fallback fonts cover. */
const NAMES = {
  japanese: '山田 太郎',
  korean: '김민준',
  thai: 'สมชาย ใจดี',
  norwegian: 'Åse Ødegård',
  russian: 'Иван Петров',
  chinese: '王小明',
  arabic: 'محمد',
  hebrew: 'שרה כהן',
};

const STAMP = {
  code: '7F3K-9QXM-2B8D-WT4N',
  verifyUrl: 'https://segl.example.org/v/7F3K9QXM2B8DWT4N',
  lines: [
    `Signed by ${NAMES.japanese} (BankID) 2026-11-27 10:15 UTC`,
    `Signed by ${NAMES.korean} (e-mail code) 2026-11-27 10:16 UTC`,
    `Signed by ${NAMES.thai} (BankID) 2026-11-27 10:17 UTC`,
    `Signed by ${NAMES.norwegian} (e-mail code) 2026-11-27 10:18 UTC`,
    `Signed by ${NAMES.russian} (BankID) 2026-11-27 10:19 UTC`,
    `Signed by ${NAMES.arabic} and ${NAMES.hebrew} (${NAMES.chinese})`,
  ],
};

const AUDIT = {
  title: `Audit trail — ${NAMES.japanese}, ${NAMES.thai}`,
  rows: [['Event', 'Actor'], ...Object.values(NAMES).map((name) => ['signer.signed', name])],
};

/**
 * Whitespace (Thai and CJK may extract with other spacing) and bidi controls (poppler marks right-to-left runs)
 * dropped.
 */
const normalize = (text: string) => text.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu, '');

async function stamp(lines: string[], auditPages?: typeof AUDIT) {
  const file = GrowableBuffer.from(await createSamplePdf({ pages: 2 }));
  const result = await stampDocument({ file, stamp: { ...STAMP, lines }, auditPages });
  return { result, output: Buffer.from(file.view()) };
}

interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

function pdffonts(path: string): FontRow[] {
  const run = runTool('pdffonts', [path], { timeoutMs: 30_000 });
  if (run.status !== 0) throw new Error(`pdffonts failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      // name, type (may contain spaces), encoding, emb, sub, uni, object, generation
      const match = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      if (!match) throw new Error(`unexpected pdffonts line: ${line}`);
      return {
        name: match[1],
        type: match[2],
        embedded: match[4] === 'yes',
        subset: match[5] === 'yes',
        unicode: match[6] === 'yes',
      };
    });
}

/** Every glyph string the stamp shows (outside /ActualText), as 4-digit glyph codes. */
function shownGlyphCodes(path: string): string[] {
  const qdf = join(work, `${Date.now()}-${Math.random()}.qdf.pdf`);
  const run = runTool('qpdf', ['--qdf', '--object-streams=disable', path, qdf], { timeoutMs: 60_000 });
  if (run.status !== 0 && run.status !== 3) throw new Error(`qpdf --qdf failed: ${run.stderr}`);
  const codes: string[] = [];
  for (const line of readFileSync(qdf, 'latin1').split('\n')) {
    if (!line.includes('/SeglStampFont')) continue;
    for (const match of line.replace(/<<\/ActualText <[0-9A-Fa-f]*>>>/g, '').matchAll(/<([0-9A-Fa-f]+)>/g))
      codes.push(...(match[1].match(/.{4}/g) ?? []));
  }
  return codes;
}

(haveTools ? test : test.skip)(
  'names in CJK, Thai, Latin, Cyrillic, Arabic and Hebrew are stamped with real glyphs, extractable, in subset fonts',
  async (t) => {
    const { result, output } = await stamp(STAMP.lines, AUDIT);
    t.is(result.auditPages, 1);
    const path = writeTemp(work, 'scripts.pdf', output);

    const check = runTool('qpdf', ['--check', path], { timeoutMs: 60_000 });
    t.is(check.status, 0, `qpdf --check: ${check.stdout.slice(-400)} ${check.stderr.slice(-400)}`);

    const texts = pageTexts(path).map(normalize);
    t.is(texts.length, 3);
    for (const [script, name] of Object.entries(NAMES)) {
      t.true(texts[0].includes(normalize(name)), `pdftotext finds the ${script} name ${name} in the footer of page 1`);
      t.true(texts[1].includes(normalize(name)), `pdftotext finds the ${script} name ${name} in the footer of page 2`);
      t.true(texts[2].includes(normalize(name)), `pdftotext finds the ${script} name ${name} on the audit page`);
    }

    const fonts = pdffonts(path).filter((f) => f.name !== 'Helvetica');
    t.deepEqual(
      fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort(),
      ['DejaVuSans-Identity-H', 'DroidSansFallback-Identity-H', 'NotoSansThai-Regular-Identity-H'],
      'one Type0 font per font used',
    );
    for (const font of fonts) {
      t.regex(font.name, /^[A-Z]{6}\+/, `${font.name} carries a subset tag`);
      t.is(font.type, 'CID TrueType', font.name);
      t.true(font.embedded && font.subset && font.unicode, `${font.name}: embedded subset with ToUnicode`);
    }

    const codes = shownGlyphCodes(path);
    t.true(codes.length > 200, 'the glyph strings were found');
    t.false(codes.includes('0000'), 'no .notdef glyph (an empty box) is shown');

    // mupdf renders every glyph without complaint (a broken subset shows as "invalid outline" / "cannot render glyph").
    const png = join(work, 'scripts-page1.png');
    const draw = runTool('mutool', ['draw', '-q', '-r', '110', '-o', png, path, '1'], { timeoutMs: 60_000 });
    t.is(draw.status, 0, draw.stderr);
    t.notRegex(draw.stderr, /glyph|outline|font/i, 'mutool draw reports no glyph or font problem');
    t.log(`footer render: ${png}`);

    // mupdf's text extraction ignores /ActualText, so this checks the subsets' own ToUnicode maps.
    const mupdfText = runTool('mutool', ['draw', '-q', '-F', 'txt', path, '1'], { timeoutMs: 60_000 });
    t.is(mupdfText.status, 0, mupdfText.stderr);
    for (const name of [NAMES.japanese, NAMES.korean, NAMES.chinese, NAMES.norwegian, NAMES.russian]) {
      t.true(normalize(mupdfText.stdout).includes(normalize(name)), `the ToUnicode maps give back ${name}`);
    }
  },
);

(haveTools ? test : test.skip)(
  'Latin, Cyrillic, Arabic and Hebrew stamps embed DejaVu Sans only, and the fallback fonts are not read',
  async (t) => {
    const lines = [
      `Signed by ${NAMES.norwegian}`,
      `Signed by ${NAMES.russian}`,
      `Signed by ${NAMES.arabic} and ${NAMES.hebrew}`,
    ];
    const font = await StampFont.create([STAMP.code, STAMP.verifyUrl, ...lines]);
    t.deepEqual(font.files, ['DejaVuSans.ttf']);
    const { output } = await stamp(lines);
    const path = writeTemp(work, 'latin.pdf', output);
    t.deepEqual(
      pdffonts(path)
        .filter((f) => f.name !== 'Helvetica')
        .map((f) => f.name.replace(/^[A-Z]{6}\+/, '')),
      ['DejaVuSans-Identity-H'],
    );
  },
);

test('fallback fonts load only for the characters that need them, in their fixed order', async (t) => {
  t.deepEqual((await StampFont.create(['王小明'])).files, ['DejaVuSans.ttf', 'DroidSansFallback.ttf']);
  t.deepEqual((await StampFont.create(['สมชาย'])).files, ['DejaVuSans.ttf', 'NotoSansThai-Regular.ttf']);
  const font = await StampFont.create(['김민준']);
  await font.cover(['สมชาย']);
  t.deepEqual(font.files, ['DejaVuSans.ttf', 'NotoSansThai-Regular.ttf', 'DroidSansFallback.ttf']);
  t.deepEqual((await StampFont.create(['अनीता'])).files, ['DejaVuSans.ttf', 'NotoSansDevanagari-Regular.ttf']);
  // A character no font has (Tibetan) loads nothing more and still encodes (as .notdef, with /ActualText).
  const tibetan = await StampFont.create(['བཀྲ་ཤིས']);
  t.deepEqual(tibetan.files, ['DejaVuSans.ttf']);
  t.regex(
    tibetan
      .encode('བཀྲ་ཤིས', 7)
      .runs.map((r) => r.ops)
      .join(' '),
    /ActualText/,
  );
});

test(
  'measure() and encode() agree on widths across font switches, and fit() keeps lines inside ' + 'the column',
  async (t) => {
    const font = await StampFont.create(Object.values(NAMES));
    for (const text of [
      ...STAMP.lines,
      'AVAWAY Toyota',
      'ผู้ใหญ่ ญี่ปุ่น น้ำ',
      `${NAMES.korean}${NAMES.thai}${NAMES.japanese}`,
    ]) {
      const encoded = font.encode(text, 6.5);
      t.true(Math.abs(encoded.width - font.measure(text, 6.5)) < 1e-9, text);
      t.true(encoded.width > 0, text);
      const fitted = font.fit(text, 6.5, 80);
      t.true(font.measure(fitted, 6.5) <= 80, `fit: ${fitted}`);
    }
    const mixed = font.encode(`Signed by ${NAMES.japanese} / ${NAMES.thai}`, 7);
    t.deepEqual(
      mixed.runs.map((r) => r.font),
      ['', '2', '', '1'],
      'DejaVu, then Droid Sans Fallback for the CJK name, back to DejaVu, then Noto Sans Thai ' +
        '(spaces stay with the run before)',
    );
  },
);

test('the bundled fonts open, and their glyph records are word-aligned (fontkit writes short loca offsets)', (t) => {
  for (const file of STAMP_FONT_FILES) {
    const bytes = loadFontFile(file);
    t.true(bytes.length > 10_000, file);
    // loca: the table directory gives its offset; head.indexToLocFormat says short (0) or long (1) offsets.
    const view = Buffer.from(bytes);
    const tables = new Map<string, { offset: number; length: number }>();
    for (let i = 0; i < view.readUInt16BE(4); i += 1) {
      const at = 12 + i * 16;
      tables.set(view.toString('latin1', at, at + 4), {
        offset: view.readUInt32BE(at + 8),
        length: view.readUInt32BE(at + 12),
      });
    }
    const head = tables.get('head')!;
    const loca = tables.get('loca')!;
    const long = view.readInt16BE(head.offset + 50) === 1;
    const count = loca.length / (long ? 4 : 2);
    let odd = 0;
    for (let i = 0; i < count; i += 1) {
      const offset = long ? view.readUInt32BE(loca.offset + i * 4) : view.readUInt16BE(loca.offset + i * 2) * 2;
      if (offset % 2) odd += 1;
    }
    t.is(odd, 0, `${file}: every glyph record starts at an even offset`);
  }
});

/** Names in the Indic, Ethiopic and South-East Asian scripts the Noto fallbacks cover. */
const MORE_NAMES = {
  hindi: 'अनीता शर्मा',
  bengali: 'সুমন দাস',
  tamil: 'முருகன்',
  gujarati: 'રમેશ પટેલ',
  punjabi: 'ਗੁਰਪ੍ਰੀਤ',
  telugu: 'శ్రీనివాస్',
  kannada: 'ಕಿರಣ್',
  malayalam: 'അനില്‍',
  sinhala: 'නිමල්',
  amharic: 'አበበ በቀለ',
  khmer: 'សុខា',
  lao: 'ສົມພອນ',
  burmese: 'အောင်',
};

(haveTools ? test : test.skip)(
  'names in Indic, Ethiopic and South-East Asian scripts are drawn with real glyphs and extract',
  async (t) => {
    // the footer has room for five signers; the audit page lists them all
    const { output } = await stamp(
      Object.values(MORE_NAMES)
        .slice(0, 5)
        .map((name) => `Signed by ${name}`),
      {
        title: 'Audit trail',
        rows: [['Event', 'Actor'], ...Object.values(MORE_NAMES).map((name) => ['signer.signed', name])],
      },
    );
    const path = writeTemp(work, 'more-scripts.pdf', output);
    t.is(runTool('qpdf', ['--check', path], { timeoutMs: 60_000 }).status, 0);
    const codes = shownGlyphCodes(path);
    t.false(codes.includes('0000'), 'no .notdef glyph (an empty box) is shown');
    const draw = runTool('mutool', ['draw', '-q', '-r', '110', '-o', join(work, 'more-scripts.png'), path, '1'], {
      timeoutMs: 60_000,
    });
    t.is(draw.status, 0, draw.stderr);
    t.notRegex(draw.stderr, /glyph|outline|font/i);
    const texts = pageTexts(path).map(normalize);
    for (const [script, name] of Object.entries(MORE_NAMES))
      t.true(texts.at(-1)!.includes(normalize(name)), `pdftotext finds the ${script} name ${name} on the audit page`);
    for (const name of Object.values(MORE_NAMES).slice(0, 5))
      t.true(texts[0]!.includes(normalize(name)), `and ${name} in the footer`);
    t.log(`render: ${join(work, 'more-scripts.png')}`);
  },
);
