import test from 'ava';
import { PdfParser } from '../../server/pdf/pdf-parser.js';
import { PdfDict, type PdfName, PdfRef, PdfStream, type PdfString } from '../../server/pdf/pdf-objects.js';
import { serializeValue } from '../../server/pdf/pdf-serializer.js';

const parse = (text: string) => new PdfParser(Buffer.from(text, 'latin1')).parseValue();

test('parses the basic object types', (t) => {
  const value = parse(
    '<< /Type /Page /Count 3 /Ratio -.5 /Ok true /No null /Kids [1 0 R 2 0 R] /Name ' +
      '(a\\(b\\)\\n) /Hex <4142 43> /A#20B 7 >>',
  );
  t.true(value instanceof PdfDict);
  const dict = value as PdfDict;
  t.is((dict.get('Type') as PdfName).name, 'Page');
  t.is(dict.get('Count'), 3);
  t.is(dict.get('Ratio'), -0.5);
  t.is(dict.get('Ok'), true);
  t.is(dict.get('No'), null);
  const kids = dict.get('Kids') as PdfRef[];
  t.deepEqual(
    kids.map((k) => [k.num, k.gen]),
    [
      [1, 0],
      [2, 0],
    ],
  );
  t.is(Buffer.from((dict.get('Name') as PdfString).bytes).toString('latin1'), 'a(b)\n');
  t.is(Buffer.from((dict.get('Hex') as PdfString).bytes).toString('latin1'), 'ABC');
  t.is(dict.get('A B'), 7);
});

test('numbers followed by other numbers are not mistaken for references', (t) => {
  t.deepEqual(parse('[0 0 612 792]'), [0, 0, 612, 792]);
  const mixed = parse('[1 0 R 5 6]') as unknown[];
  t.true(mixed[0] instanceof PdfRef);
  t.deepEqual(mixed.slice(1), [5, 6]);
});

test('deeply nested arrays fail with a clear error instead of exhausting the stack', (t) => {
  const error = t.throws(() => parse('['.repeat(100_000) + ']'.repeat(100_000)));
  t.is((error as { code?: string }).code, 'pdf_too_deep');
});

test('unterminated input fails with pdf_syntax', (t) => {
  for (const text of ['<< /A 1', '[1 2', '(abc', '<414']) {
    const error = t.throws(() => parse(text));
    t.is((error as { code?: string }).code, 'pdf_syntax', text);
  }
});

test('streams honour /Length and fall back to endstream when it lies', (t) => {
  const good = new PdfParser(Buffer.from('<< /Length 5 >>\nstream\nhello\nendstream', 'latin1')).parseObjectBody();
  t.true(good instanceof PdfStream);
  t.is(Buffer.from((good as PdfStream).raw).toString('latin1'), 'hello');
  const lying = new PdfParser(Buffer.from('<< /Length 99 >>\nstream\nhello\nendstream', 'latin1')).parseObjectBody();
  t.is(Buffer.from((lying as PdfStream).raw).toString('latin1'), 'hello');
});

test('serialisation round-trips through the parser', (t) => {
  const original = '<</Type /Annot /Rect [0 0 0.25 -3] /T <feff0041> /Name /A#20B /P 4 0 R /Flag true /N null>>';
  const once = serializeValue(parse(original));
  t.is(serializeValue(parse(once)), once);
  t.true(once.includes('/A#20B'));
});
