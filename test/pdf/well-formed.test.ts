import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PdfReader } from '../../server/pdf/pdf-reader.js';
import { assertWellFormed } from '../../server/pdf/well-formed.js';
import { countPages } from '../../server/pdf/page-tree.js';
import { appendRevision, buildPdf, stream } from '../../scripts/lib/pdf-forge.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';

const plain = () =>
  buildPdf({
    1: '<< /Type /Catalog /Pages 2 0 R >>',
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    4: stream('', 'BT /F1 12 Tf (hi) Tj ET'),
  });

function codeOf(bytes: Buffer): string | undefined {
  try {
    const reader = PdfReader.open(bytes);
    assertWellFormed(reader);
    countPages(reader);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'crash';
  }
}

test('a clean file, and the same with five incremental revisions, are well-formed', (t) => {
  let bytes = plain();
  t.is(codeOf(bytes), undefined);
  for (let i = 0; i < 5; i += 1) bytes = appendRevision(bytes, { objects: { 5: `<< /Producer (revision ${i}) >>` } });
  t.is(codeOf(bytes), undefined);
});

test('a truncated file is refused, even where an earlier startxref still makes it readable', (t) => {
  const bytes = appendRevision(plain(), { objects: { 5: '<< /Producer (x) >>' } });
  const cut = bytes.subarray(0, bytes.length - 30);
  t.not(codeOf(Buffer.concat([plain(), Buffer.from('\n6 0 obj\n<< /Partial')])), undefined);
  t.not(codeOf(cut), undefined);
});

test('a cross-reference entry at offset 0, or at another object, is refused', (t) => {
  const bytes = plain();
  const atZero = Buffer.from(
    bytes.toString('latin1').replace(/\d{10} 00000 n \n(?=(?:\d{10} 00000 n \n){0}trailer)/, '0000000000 00000 n \n'),
    'latin1',
  );
  t.true(['pdf_broken_xref', 'pdf_damaged'].includes(codeOf(atZero) ?? ''));
  const text = bytes.toString('latin1');
  const rows = [...text.matchAll(/(\d{10}) 00000 n /g)];
  const swapped = text.replace(rows[2][0], rows[3][0]); // object 3's entry now points at object 4
  t.true(['pdf_broken_xref', 'pdf_damaged'].includes(codeOf(Buffer.from(swapped, 'latin1')) ?? ''));
});

test('an object stream that contains itself is refused', (t) => {
  const bytes = appendRevision(plain(), {
    objects: { 1: '<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>' },
    compressed: { 5: '<< /Producer (x) >>' },
  });
  const text = bytes.toString('latin1');
  const match = /(\d+) 0 obj\n<< \/Type \/ObjStm \/N 1 \/First (\d+)/.exec(text)!;
  const streamNum = match[1];
  const broken = text.replace(
    `5 0\n<< /Producer (x) >>`,
    `${streamNum} 0\n<< /Producer (x) >>`.padEnd(`5 0\n<< /Producer (x) >>`.length, ' '),
  );
  t.not(codeOf(Buffer.from(broken, 'latin1')), undefined);
});

test('a document with no pages is refused', (t) => {
  const empty = buildPdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: '<< /Type /Pages /Count 0 >>' });
  t.is(codeOf(empty), 'pdf_no_pages');
  const emptyKids = buildPdf({
    1: '<< /Type /Catalog /Pages 2 0 R >>',
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    3: '<< /Type /Pages /Count 0 >>',
  });
  t.is(codeOf(emptyKids), 'pdf_no_pages');
});

(corpusAvailable() ? test : test.skip)('every corpus file marked accept is well-formed', (t) => {
  const manifest = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));
  for (const [name, , , , , expected] of manifest) {
    if (expected !== 'accept') continue;
    t.is(codeOf(readFileSync(join(CORPUS_DIR, name))), undefined, name);
  }
});
