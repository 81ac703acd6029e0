import test from 'ava';
import { deflateSync } from 'node:zlib';
import { verifyDocument } from '../../server/domain/verify-document.js';
import type { VerificationReport } from '../../server/pades/verification-report.js';
import { PdfReader } from '../../server/pdf/pdf-reader.js';
import { type PdfDict, PdfRef, asArray, asDict } from '../../server/pdf/pdf-objects.js';
import { serializeValue } from '../../server/pdf/pdf-serializer.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { appendRevision, appendSignedRevision, buildPdf, lastTrailer, stream } from '../../scripts/lib/pdf-forge.js';
import type { ObjectBodies, RevisionOptions } from '../../scripts/lib/pdf-forge.js';
import { pemToDerList } from '../../server/crypto/pem.js';
import {
  TARGET,
  TARGET_CONTENT,
  appendDocumentTimestamp,
  applianceTimestamp,
  pageBody,
  targetPdf,
} from '../helpers/attack-target.js';

/**
 * The published attacks on PDF signatures (Mladenov et al. 2019: incremental saving, signature wrapping, universal
 * signature forgery; Mainka et al. 2021: shadow attacks hide, replace, hide-and-replace), each built with our own
 * generator (scripts/lib/pdf-forge.ts, which shares no code with the reader) against a sealed document. None may
 * verify as passed; the ones that change what is shown must fail, naming what changed.
 */

const { appliance } = useAppliance(test, { jobs: false, admin: false });
let rootPem: string;
let sealed: Buffer;
let facts: { fields: string; annots: string; catalog: PdfDict; sealSig: number; sealField: number; size: number };

const verify = (bytes: Buffer): VerificationReport => verifyDocument({ bytes, trustAnchorsPem: rootPem });
/** The verification status, or 'unreadable' for a file the verifier refuses to read at all. */
function statusOf(bytes: Buffer): string {
  try {
    return verify(bytes).status;
  } catch {
    return 'unreadable';
  }
}

const refs = (items: unknown[] | undefined) => (items ?? []).map((item) => serializeValue(item as PdfRef)).join(' ');

test.before(async () => {
  rootPem = appliance.sealer.rootCertificatePem();
  sealed = (await appliance.sealer.sealBytes({ input: targetPdf(), level: 'B-LTA' })).output;
  const reader = PdfReader.open(sealed);
  const catalog = reader.catalog();
  const form = asDict(reader.resolve(catalog.get('AcroForm')))!;
  const fields = asArray(reader.resolve(form.get('Fields')))!;
  const page = asDict(reader.lookup(new PdfRef(TARGET.page, 0)))!;
  const sealField = fields.find((field) => field instanceof PdfRef && field.num !== TARGET.field) as PdfRef;
  const sealSig = (asDict(reader.lookup(sealField))!.get('V') as PdfRef).num;
  facts = {
    fields: refs(fields),
    annots: refs(asArray(reader.resolve(page.get('Annots')))),
    catalog,
    sealSig,
    sealField: sealField.num,
    size: lastTrailer(sealed).size,
  };
});

/** The catalog as it is now, with some keys replaced or added. */
function catalogWith(extra: string): string {
  const text = serializeValue(facts.catalog);
  return `${text.slice(0, -2)} ${extra} >>`;
}

function sealOf(report: VerificationReport) {
  return report.signatures.find((signature) => signature.kind === 'signature')!;
}

function assertCaught(t: import('ava').ExecutionContext, report: VerificationReport, kinds: string[] = []) {
  t.is(report.status, 'failed', JSON.stringify(report.problems));
  t.false(report.valid);
  t.is(report.level, null);
  const seal = sealOf(report);
  t.is(seal.status, 'failed');
  t.is(seal.modifiedAfter, 'other');
  for (const kind of kinds)
    t.true(
      seal.changes.some((change) => change.kind === kind && change.level === 'other'),
      `${kind} in ${JSON.stringify(seal.changes)}`,
    );
  // one rule: what the report says never contradicts itself
  t.true(report.problems.some((problem) => problem.code === 'modified_after_signing'));
  const kindsListed = seal.changes.map((change) => change.kind);
  t.is(new Set(kindsListed).size, kindsListed.length, 'each kind of change is named once');
}

/** Appends `update` to the sealed file as one unsigned revision; verification must catch it, naming `kinds`. */
function assertUpdateCaught(t: import('ava').ExecutionContext, kinds: string[], update: RevisionOptions) {
  assertCaught(t, verify(appendRevision(sealed, update)), kinds);
}

/** A form XObject (what an appearance or an overlay is) of `bbox` that draws `content`. */
const formXObject = (bbox: string, content: string) => stream(`/Type /XObject /Subtype /Form /BBox ${bbox}`, content);

test('the sealed target passes, with only LTA updates after the seal', (t) => {
  const report = verify(sealed);
  t.is(report.status, 'passed', JSON.stringify(report.problems));
  t.is(report.evidence, 'signed');
  t.is(report.level, 'B-LTA');
  t.is(sealOf(report).modifiedAfter, 'lta-updates');
});

// ---- incremental saving attacks (ISA) ----

const overlay = stream('', '1 1 1 rg 60 700 300 40 re f 0 g BT /F1 18 Tf 72 720 Td (Amount due: 9999 EUR) Tj ET');

test('ISA: drawing over a page in an unsigned update fails, naming the page content', (t) => {
  const n = facts.size;
  assertUpdateCaught(t, ['page-content'], {
    objects: { [n]: overlay, [TARGET.page]: pageBody(facts.annots, `[${TARGET.content} 0 R ${n} 0 R]`) },
  });
});

test('ISA: a document timestamp from the appliance TSA after tampering never blesses the change', async (t) => {
  const n = facts.size;
  const tampered = appendRevision(sealed, {
    objects: { [n]: overlay, [TARGET.page]: pageBody(facts.annots, `[${TARGET.content} 0 R ${n} 0 R]`) },
  });
  const stamped = await appendDocumentTimestamp(tampered, {
    sealer: appliance.sealer,
    fieldsNow: facts.fields,
    annotsNow: facts.annots,
  });
  const report = verify(stamped);
  assertCaught(t, report, ['page-content']);
  const newest = report.signatures[report.signatures.length - 1];
  t.is(newest.kind, 'doc-timestamp');
  t.true(newest.intact && newest.valid && newest.trusted, 'the timestamp itself is genuine');
});

test('ISA: redefining the signed content stream itself fails', (t) => {
  assertUpdateCaught(t, ['page-content'], {
    objects: { [TARGET.content]: stream('', 'BT /F1 18 Tf 72 720 Td (Amount due: 9999 EUR) Tj ET') },
  });
});

test('ISA: re-pointing /AcroForm at a new form with XFA and NeedAppearances fails', (t) => {
  const n = facts.size;
  const attacked = appendRevision(sealed, {
    objects: {
      [n]: `<< /Fields [${facts.fields}] /SigFlags 3 /NeedAppearances true /XFA ${n + 1} 0 R >>`,
      [n + 1]: stream('', '<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template/></xdp:xdp>'),
      [TARGET.catalog]: catalogWith(`/AcroForm ${n} 0 R`).replace(/\/AcroForm \d+ 0 R(.*)\/AcroForm/, '$1/AcroForm'),
    },
  });
  const report = verify(attacked);
  assertCaught(t, report, ['form']);
  t.regex(sealOf(report).changesAfter.join(' '), /XFA/);
  t.regex(sealOf(report).changesAfter.join(' '), /NeedAppearances/);
});

test('ISA: redefining the form dictionary with one value changed fails', (t) => {
  assertUpdateCaught(t, ['form'], {
    objects: {
      [TARGET.form]: `<< /Fields ${TARGET.fieldsArray} 0 R /DA (/Helv 0 Tf 0 g) /NeedAppearances true /SigFlags 3 >>`,
    },
  });
});

test('ISA: a JavaScript /OpenAction added to the catalog fails', (t) => {
  assertUpdateCaught(t, ['actions'], {
    objects: { [TARGET.catalog]: catalogWith('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>') },
  });
});

test('ISA: an annotation added over the page fails', (t) => {
  const n = facts.size;
  assertUpdateCaught(t, ['annotation'], {
    objects: {
      [n]:
        `<< /Type /Annot /Subtype /FreeText /Rect [60 700 360 740] /Contents (Amount due: 9999 EUR) ` +
        `/DA (/Helv 18 Tf 0 g) >>`,
      [TARGET.page]: pageBody(`${facts.annots} ${n} 0 R`),
    },
  });
});

test('ISA: several definitions of one object in one revision are caught', (t) => {
  const benign = Buffer.from(
    `${TARGET.info} 0 obj\n<< /Title (Attack target) /Producer (segl tests) >>\nendobj\n`,
    'latin1',
  );
  assertUpdateCaught(t, ['structure'], {
    objects: { [TARGET.content]: stream('', 'BT /F1 18 Tf 72 720 Td (9999) Tj ET') },
    hidden: benign,
  });
});

test('ISA: an object hidden in an update without a cross-reference entry is caught', (t) => {
  const hidden = Buffer.concat([
    Buffer.from(`${TARGET.content} 0 obj\n`, 'latin1'),
    stream('', 'BT (9999) Tj ET'),
    Buffer.from('\nendobj\n', 'latin1'),
  ]);
  assertUpdateCaught(t, ['structure'], { objects: { [TARGET.info]: '<< /Title (x) >>' }, hidden });
});

test('ISA: an object stream that redefines the catalog fails', (t) => {
  assertUpdateCaught(t, ['actions'], {
    compressed: { [TARGET.catalog]: catalogWith('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>') },
  });
});

test('ISA: a new generation number for a signed object fails', (t) => {
  assertUpdateCaught(t, [], {
    objects: { [TARGET.content]: stream('/Filter /FlateDecode', deflateSync(Buffer.from('BT ET'))) },
    generations: { [TARGET.content]: 1 },
  });
});

test('ISA: deleting a signed object (a free entry) fails', (t) => {
  assertUpdateCaught(t, ['object'], { free: [TARGET.xobject] });
});

test('ISA: a /Prev that skips the sealed revisions is never passed', (t) => {
  const original = targetPdf();
  const { startxref } = lastTrailer(original);
  const attacked = appendRevision(sealed, {
    objects: { [TARGET.content]: stream('', 'BT (9999) Tj ET') },
    prev: startxref,
    kind: 'table',
  });
  t.not(statusOf(attacked), 'passed');
});

test('ISA: a /Prev loop is never passed', (t) => {
  const lengthBefore = sealed.length + 1;
  const attacked = appendRevision(sealed, { objects: { [TARGET.info]: '<< /Title (loop) >>' } });
  const xrefAt = attacked.indexOf('xref', lengthBefore, 'latin1');
  const looped = Buffer.from(
    attacked
      .toString('latin1')
      .replace(
        /\/Prev \d+ >>\nstartxref\n(\d+)\n%%EOF\n$/,
        (_m, at) =>
          `/Prev ${String(xrefAt).padEnd(String(lastTrailer(sealed).startxref).length)} >>\nstartxref\n${at}\n%%EOF\n`,
      ),
    'latin1',
  );
  t.not(statusOf(looped), 'passed');
});

test('ISA: bytes appended without a cross-reference section fail, and every signature says so', (t) => {
  const attacked = Buffer.concat([
    sealed,
    Buffer.from('4 0 obj\n<< /Length 10 >>\nstream\nBT (x) Tj\nendstream\nendobj\n', 'latin1'),
  ]);
  const report = verify(attacked);
  t.is(report.status, 'failed');
  for (const signature of report.signatures) t.is(signature.status, 'failed');
  t.true(report.signatures.every((signature) => signature.modifiedAfter === 'other'));
});

test('metadata changed on its own, without a new signature, fails', (t) => {
  assertUpdateCaught(t, ['object'], {
    objects: { [TARGET.info]: '<< /Title (Paid in full) /Producer (segl tests) >>' },
  });
});

// ---- shadow attacks ----

test('shadow hide: a font redefined after signing fails', (t) => {
  assertUpdateCaught(t, ['font'], {
    objects: { [TARGET.font]: '<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>' },
  });
});

test('shadow replace: an XObject redefined after signing fails', (t) => {
  assertUpdateCaught(t, ['xobject'], {
    objects: {
      [TARGET.xobject]: formXObject('[0 0 200 50]', 'BT /F1 12 Tf 0 20 Td (Approved: 9999 EUR) Tj ET'),
    },
  });
});

test('shadow replace: a form value changed after signing fails (no certification permits it)', (t) => {
  const n = facts.size;
  const attacked = appendRevision(sealed, {
    objects: {
      [TARGET.field]:
        `<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (9999) /Rect [72 500 272 530] /F 4 ` +
        `/P ${TARGET.page} 0 R /AP << /N ${n} 0 R >> >>`,
      [n]: formXObject('[0 0 200 30]', 'BT /F1 12 Tf 2 10 Td (9999) Tj ET'),
    },
  });
  const report = verify(attacked);
  assertCaught(t, report, ['form-fill']);
  t.regex(sealOf(report).changesAfter.join(' '), /amount/);
});

test('shadow hide-and-replace: a reference the signed revision left empty, filled later, fails', (t) => {
  assertUpdateCaught(t, ['object'], {
    objects: {
      [TARGET.ghost]: formXObject(
        '[0 0 595 842]',
        '1 1 1 rg 0 0 595 842 re f 0 g BT /F1 18 Tf 72 720 Td (Amount due: 9999 EUR) Tj ET',
      ),
    },
  });
});

test('shadow: filling the empty reference while listing it as validation data still fails', (t) => {
  const reader = PdfReader.open(sealed);
  const dssRef = reader.catalog().get('DSS') as PdfRef;
  const dss = asDict(reader.lookup(dssRef))!.clone();
  const certs = asArray(reader.resolve(dss.get('Certs')))!;
  dss.set('Certs', [...certs, new PdfRef(TARGET.ghost, 0)]);
  assertUpdateCaught(t, [], {
    objects: {
      [dssRef.num]: serializeValue(dss),
      [TARGET.ghost]: formXObject('[0 0 595 842]', 'BT /F1 18 Tf 72 720 Td (9999) Tj ET'),
    },
  });
});

test('shadow hide: a visible document timestamp whose appearance covers the page fails', async (t) => {
  const stamped = await appendDocumentTimestamp(sealed, {
    sealer: appliance.sealer,
    fieldsNow: facts.fields,
    annotsNow: facts.annots,
    visible: true,
  });
  const report = verify(stamped);
  assertCaught(t, report, ['form-field']);
});

test('a visible, unsigned signature field added after sealing fails', (t) => {
  const n = facts.size;
  assertUpdateCaught(t, ['form-field'], {
    objects: {
      [n]:
        '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Cover) /Rect [0 0 595 842] ' +
        `/F 4 /P ${TARGET.page} 0 R /AP << /N ${n + 1} 0 R >> >>`,
      [n + 1]: formXObject('[0 0 595 842]', '1 1 1 rg 0 0 595 842 re f'),
      [TARGET.fieldsArray]: `[${facts.fields} ${n} 0 R]`,
      [TARGET.page]: pageBody(`${facts.annots} ${n} 0 R`),
    },
  });
});

// ---- signature wrapping (SWA) ----

test('SWA: a copy of the seal dictionary moved into a new revision is not the seal', (t) => {
  const reader = PdfReader.open(sealed);
  const sig = asDict(reader.lookup(new PdfRef(facts.sealSig, 0)))!;
  const field = asDict(reader.lookup(new PdfRef(facts.sealField, 0)))!.clone();
  const n = facts.size;
  field.set('V', new PdfRef(n, 0));
  const overlayNum = n + 1;
  const attacked = appendRevision(sealed, {
    objects: {
      [n]: serializeValue(sig),
      [facts.sealField]: serializeValue(field),
      [overlayNum]: overlay,
      [TARGET.page]: pageBody(facts.annots, `[${TARGET.content} 0 R ${overlayNum} 0 R]`),
    },
  });
  const report = verify(attacked);
  t.is(report.status, 'failed');
  t.false(report.signatures.some((signature) => signature.kind === 'signature' && signature.status === 'passed'));
});

test('SWA: an altered /ByteRange (same length) fails', (t) => {
  const attacked = Buffer.from(sealed);
  const at = attacked.indexOf('/ByteRange [0 ', 0, 'latin1') + '/ByteRange [0 '.length;
  attacked[at] = attacked[at] === 0x31 ? 0x32 : 0x31;
  const report = verify(attacked);
  t.is(report.status, 'failed');
  t.is(sealOf(report).status, 'failed');
});

test('SWA: a /ByteRange that leaves out some other hex string than /Contents fails', async (t) => {
  const { size } = lastTrailer(sealed);
  const attacked = await appendSignedRevision(sealed, {
    objects: {
      [size + 1]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Decoy) /V ${size} 0 R /Rect [0 0 0 0] /F 4 >>`,
      [TARGET.fieldsArray]: `[${facts.fields} ${size + 1} 0 R]`,
    },
    sigNum: size,
    sigDict: '/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /Contents <3000>',
    gapKey: 'Decoy',
    sign: applianceTimestamp(appliance.sealer),
  });
  const report = verify(attacked);
  t.is(report.status, 'failed');
  const decoy = report.signatures.find((signature) => signature.fieldName === 'Decoy')!;
  t.is(decoy.status, 'failed');
  t.true(decoy.problems.some((problem) => problem.code === 'byte_range_not_contents'));
});

// ---- universal signature forgery (USF) ----

for (const [name, replace] of [
  ['without /ByteRange', (body: string) => body.replace(/\/ByteRange\s*\[[^\]]*\]/, '')],
  ['with a null /ByteRange', (body: string) => body.replace(/\/ByteRange\s*\[[^\]]*\]/, '/ByteRange null')],
  ['with an empty /ByteRange', (body: string) => body.replace(/\/ByteRange\s*\[[^\]]*\]/, '/ByteRange []')],
  ['with a /ByteRange of zeros', (body: string) => body.replace(/\/ByteRange\s*\[[^\]]*\]/, '/ByteRange [0 0 0 0]')],
  ['without /Contents', (body: string) => body.replace(/\/Contents\s*<[0-9A-Fa-f]*>/, '')],
  ['with null /Contents', (body: string) => body.replace(/\/Contents\s*<[0-9A-Fa-f]*>/, '/Contents null')],
  ['with empty /Contents', (body: string) => body.replace(/\/Contents\s*<[0-9A-Fa-f]*>/, '/Contents <>')],
] as const) {
  test(`USF: the seal dictionary redefined ${name} is never passed`, (t) => {
    const reader = PdfReader.open(sealed);
    const body = serializeValue(reader.lookup(new PdfRef(facts.sealSig, 0)));
    const attacked = appendRevision(sealed, { objects: { [facts.sealSig]: replace(body) } });
    const report = verify(attacked);
    t.is(report.status, 'failed');
    t.not(sealOf(report)?.status, 'passed');
  });

  test(`USF: a fresh document with a signature ${name} is never passed`, async (t) => {
    const base = targetPdf();
    const { size } = lastTrailer(base);
    const signedForm = await appendSignedRevision(base, {
      objects: {
        [size + 1]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Forged) /V ${size} 0 R /Rect [0 0 0 0] /F 4 >>`,
        [TARGET.fieldsArray]: `[${TARGET.field} 0 R ${size + 1} 0 R]`,
      },
      sigNum: size,
      sigDict: '/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
      capacity: 64,
      sign: async () => Buffer.alloc(0),
    });
    const body = /(\d+) 0 obj\n(<< \/Type \/Sig[\s\S]*?>>)\nendobj/.exec(signedForm.toString('latin1'))![2];
    const forged = appendRevision(signedForm, { objects: { [size]: replace(body) } });
    for (const bytes of [forged, Buffer.from(signedForm.toString('latin1').replace(body, replace(body)), 'latin1')])
      t.not(statusOf(bytes), 'passed');
  });
}

// ---- originals prepared for a later change ----

/** A one-page original whose catalog and page carry some more keys, with `extra` objects; its text is object 4. */
function preparedOriginal(catalogExtra: string, extra: Record<number, string | Buffer> = {}, pageExtra = ''): Buffer {
  return buildPdf({
    1: `<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`,
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    3:
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
      `/Resources << /Font << /F1 5 0 R >> >> ${pageExtra} >>`,
    4: stream('', 'BT /F1 24 Tf 72 720 Td (Pay 100 EUR to Alice) Tj ET'),
    5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...extra,
  });
}

test('a page content stream listed as a VRI entry of the original is still page content', async (t) => {
  const original = preparedOriginal('/DSS 6 0 R', {
    6: `<< /VRI << /${'0123456789ABCDEF'.repeat(2)}01234567 4 0 R >> >>`,
  });
  const prepared = (await appliance.sealer.sealBytes({ input: original, level: 'B-LTA' })).output;
  t.is(verify(prepared).status, 'passed', 'the seal of the odd original itself verifies');
  const forged = appendRevision(prepared, {
    objects: { 4: stream('', 'BT /F1 24 Tf 72 720 Td (Pay 900 EUR to Alice) Tj ET') },
  });
  assertCaught(t, verify(forged), ['page-content']);
});

test('a /Perms entry aimed where the seal dictionary will go certifies nothing', async (t) => {
  const sigNum = 8; // objects 1 to 7: the seal's signature dictionary becomes object 8
  const field = (value: string, appearance: number) =>
    `<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (${value}) /F 4 /Rect [72 600 372 630] /P 3 0 R ` +
    `/AP << /N ${appearance} 0 R >> >>`;
  const appearance = (text: string) => formXObject('[0 0 300 30]', `BT /F1 18 Tf 2 8 Td (${text}) Tj ET`);
  const original = preparedOriginal(
    `/AcroForm << /Fields [6 0 R] >> /Perms << /DocMDP ${sigNum} 0 R >>`,
    { 6: field('100 EUR', 7), 7: appearance('100 EUR') },
    '/Annots [6 0 R]',
  );
  t.is(lastTrailer(original).size, sigNum);
  const prepared = (await appliance.sealer.sealBytes({ input: original, level: 'B-LTA' })).output;
  t.true(prepared.includes(`\n${sigNum} 0 obj\n<</Type /Sig`), 'the seal dictionary took the number /Perms names');
  t.is(verify(prepared).status, 'passed');
  const { size } = lastTrailer(prepared);
  const forged = appendRevision(prepared, { objects: { 6: field('9999 EUR', size), [size]: appearance('9999 EUR') } });
  assertCaught(t, verify(forged));
});

test('bytes before %PDF-: an update read one way by us and another by header-relative readers', async (t) => {
  // The original counts offsets from its header, as our updates then do. The forged update ends with `startxref S`:
  // at byte S stands an xref stream that changes nothing; at S + junk, inside that stream's unused data, a classic
  // table that redefines the page text, which a reader counting from the header finds instead.
  const junk = Buffer.from(`%${'J'.repeat(398)}\n`, 'latin1');
  const original = Buffer.concat([junk, preparedOriginal('')]);
  const prepared = (await appliance.sealer.sealBytes({ input: original, level: 'B-LTA' })).output;
  t.is(verify(prepared).status, 'passed');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(prepared.toString('latin1'))![1]);
  const { size } = lastTrailer(prepared);
  const [hidden, xref] = [size, size + 1];
  const parts: Buffer[] = [prepared, Buffer.from('\n')];
  const at = () => parts.reduce((sum, part) => sum + part.length, 0);
  const fontAt = at();
  parts.push(Buffer.from('5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n', 'latin1'));
  const inner = Buffer.concat([
    Buffer.from('4 0 obj\n', 'latin1'),
    stream('', 'BT /F1 24 Tf 72 720 Td (Pay 9999 EUR to Mallory) Tj ET'),
    Buffer.from('\nendobj\n', 'latin1'),
  ]);
  const hiddenAt = at();
  parts.push(Buffer.from(`${hidden} 0 obj\n<< /Length ${inner.length} >>\nstream\n`, 'latin1'));
  const evilAt = at();
  parts.push(inner, Buffer.from('\nendstream\nendobj\n', 'latin1'));
  const xrefAt = at();
  const rows = Buffer.concat(
    [fontAt, hiddenAt, xrefAt].map((offset) => {
      const row = Buffer.alloc(7);
      row.writeUInt8(1, 0);
      row.writeUInt32BE(offset, 1);
      return row;
    }),
  );
  const table = Buffer.from(
    `xref\n0 1\n0000000000 65535 f \n4 1\n${String(evilAt - junk.length).padStart(10, '0')} 00000 n \n` +
      `trailer\n<< /Size ${xref + 1} /Root 1 0 R /Prev ${prev} >>\n`,
    'latin1',
  );
  const dataLength = 4000;
  const head = Buffer.from(
    `${xref} 0 obj\n<< /Type /XRef /Size ${xref + 1} /Root 1 0 R /Prev ${prev} /W [1 4 2] ` +
      `/Index [5 1 ${hidden} 2] /Length ${dataLength} >>\nstream\n`,
    'latin1',
  );
  const padding = Buffer.alloc(junk.length - head.length - rows.length, 0x20);
  const data = Buffer.concat([rows, padding, table]);
  parts.push(head, data, Buffer.alloc(dataLength - data.length, 0x20));
  parts.push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  const forged = Buffer.concat(parts);
  t.is(
    forged.toString('latin1', xrefAt + junk.length, xrefAt + junk.length + 4),
    'xref',
    'the table hides at S + junk',
  );
  const report = verify(forged);
  t.is(report.status, 'failed');
  t.is(sealOf(report).modifiedAfter, 'other');
  const said = sealOf(report)
    .changes.map((change) => change.description)
    .join('; ');
  t.regex(said, /counts byte offsets from another point/);
  t.regex(said, /carries \d+ bytes after its rows/);
});

test('a certification whose signature does not verify permits nothing after the seal', async (t) => {
  const base = targetPdf();
  const { size } = lastTrailer(base);
  const [sig, field] = [size, size + 1];
  const docMdp = '/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /P 3 /V /1.2 >> >>]';
  const certified = await appendSignedRevision(base, {
    objects: {
      [TARGET.catalog]:
        `<< /Type /Catalog /Pages ${TARGET.pages} 0 R /AcroForm ${TARGET.form} 0 R ` +
        `/Perms << /DocMDP ${sig} 0 R >> >>`,
      [field]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Author) /V ${sig} 0 R /Rect [0 0 0 0] /F 4 >>`,
      [TARGET.fieldsArray]: `[${TARGET.field} 0 R ${field} 0 R]`,
    },
    sigNum: sig,
    sigDict: `/Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached ${docMdp}`,
    sign: async () => Buffer.from('not a signature at all'),
  });
  const prepared = (await appliance.sealer.sealBytes({ input: certified, level: 'B-LTA' })).output;
  const n = lastTrailer(prepared).size;
  const note =
    '<< /Type /Annot /Subtype /FreeText /Rect [72 650 400 680] /Contents (Amount due: EUR 10,000) ' +
    '/DA (/Helv 14 Tf 0 g) >>';
  // the sealed page as it is (stamped), with one annotation more
  const page = asDict(PdfReader.open(prepared).lookup(new PdfRef(TARGET.page, 0)))!;
  const annots = page.get('Annots');
  const reader = PdfReader.open(prepared);
  const listed = `[${refs(asArray(reader.resolve(annots)))} ${n} 0 R]`;
  const objects: ObjectBodies =
    annots instanceof PdfRef
      ? { [n]: note, [annots.num]: listed }
      : { [n]: note, [TARGET.page]: serializeValue(page).replace(/\/Annots\s*\[[^\]]*\]/, `/Annots ${listed}`) };
  const forged = appendRevision(prepared, { objects });
  const ours = verify(forged).signatures.find((signature) => signature.fieldName.startsWith('Seal'))!;
  t.is(ours.status, 'failed');
  t.is(ours.modifiedAfter, 'other');
});

// ---- updates that other readers read another way ----

/**
 * Objects that add a certificate stream (`data`, by default the appliance root again) to a sealed file's DSS: what
 * makes a revision look like an LTA update, to carry whatever else it changes.
 */
function dssGrowth(bytes: Buffer, certNum: number, data: Buffer = rootDer()): ObjectBodies {
  const reader = PdfReader.open(bytes);
  const catalog = reader.catalog();
  const dssValue = catalog.get('DSS');
  if (!(dssValue instanceof PdfRef)) {
    const withDss = `${serializeValue(catalog).slice(0, -2)} /DSS ${certNum + 1} 0 R >>`;
    return {
      [lastTrailer(bytes).root]: withDss,
      [certNum + 1]: `<< /Certs [${certNum} 0 R] >>`,
      [certNum]: stream('', data),
    };
  }
  const dss = serializeValue(reader.lookup(dssValue));
  return {
    [dssValue.num]: dss.replace(/\/Certs\s*\[([^\]]*)\]/, `/Certs [$1 ${certNum} 0 R]`),
    [certNum]: stream('', data),
  };
}

const rootDer = () => Buffer.from(pemToDerList(rootPem)[0]!);

function assertStructureCaught(t: import('ava').ExecutionContext, report: VerificationReport, said: RegExp) {
  t.is(report.status, 'failed', JSON.stringify(report.problems));
  const changes = report.signatures.flatMap((signature) => signature.changes.map((change) => change.description));
  t.true(
    changes.some((description) => said.test(description)),
    changes.join('; '),
  );
}

test('a dictionary key that is not a name never hides a page redefined alongside an LTA update', (t) => {
  const n = facts.size;
  const page = `${pageBody(facts.annots).slice(0, -2)} [/Contents ${n} 0 R] >>`;
  const forged = appendRevision(sealed, {
    objects: { [TARGET.page]: page, [n]: overlay, ...dssGrowth(sealed, n + 1) },
  });
  assertStructureCaught(t, verify(forged), /cannot be read/);
});

test('a hybrid update whose table frees an object that its /XRefStm keeps is not clean', (t) => {
  // byte for byte what the signed revision has as the page text
  const copy = stream('/Filter /FlateDecode', deflateSync(Buffer.from(TARGET_CONTENT, 'latin1')));
  const growth = dssGrowth(sealed, facts.size);
  const { startxref } = lastTrailer(sealed);
  const parts: Buffer[] = [sealed];
  const at = () => parts.reduce((sum, part) => sum + part.length, 0);
  const offsets = new Map<number, number>();
  for (const [num, body] of Object.entries({ [TARGET.content]: copy, ...growth })) {
    offsets.set(Number(num), at());
    parts.push(Buffer.from(`${num} 0 obj\n`, 'latin1'), Buffer.from(body), Buffer.from('\nendobj\n', 'latin1'));
  }
  const row = Buffer.alloc(7);
  row.writeUInt8(1, 0);
  row.writeUInt32BE(offsets.get(TARGET.content)!, 1);
  const xrefStm = at();
  const size = facts.size + 2;
  parts.push(
    Buffer.from(`${size - 1} 0 obj\n<< /Type /XRef /Size ${size} /Index [${TARGET.content} 1] /W [1 4 2] `, 'latin1'),
    Buffer.from(`/Length 7 >>\nstream\n`, 'latin1'),
    row,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  );
  const table = at();
  const rows = [...offsets.keys()]
    .filter((num) => num !== TARGET.content)
    .map((num) => `${num} 1\n${String(offsets.get(num)).padStart(10, '0')} 00000 n \n`);
  parts.push(
    Buffer.from(
      `xref\n0 1\n0000000000 65535 f \n${TARGET.content} 1\n0000000000 00001 f \n${rows.join('')}` +
        `trailer\n<< /Size ${size} /Root ${lastTrailer(sealed).root} 0 R /Prev ${startxref} ` +
        `/XRefStm ${xrefStm} >>\nstartxref\n${table}\n%%EOF\n`,
      'latin1',
    ),
  );
  assertStructureCaught(t, verify(Buffer.concat(parts)), /free in a later table and in use in its \/XRefStm/);
});

test('a /Prev two bytes off the signed cross-reference section is not clean, even for an LTA update', async (t) => {
  const signedOnly = (await appliance.sealer.sealBytes({ input: targetPdf(), level: 'B-T' })).output;
  const { startxref, size } = lastTrailer(signedOnly);
  const forged = appendRevision(signedOnly, { prev: startxref - 2, objects: dssGrowth(signedOnly, size) });
  assertStructureCaught(t, verify(forged), /not at the signed revision's cross-reference section/);
});

test('an object definition hidden in the data of a stream added after signing is not clean', (t) => {
  const hidden = Buffer.concat([
    Buffer.from(`\n${TARGET.content} 0 obj\n`, 'latin1'),
    overlay,
    Buffer.from('\nendobj\n', 'latin1'),
  ]);
  const forged = appendRevision(sealed, { objects: dssGrowth(sealed, facts.size, hidden) });
  assertStructureCaught(t, verify(forged), /what a scanning reader takes for "\d+ \d+ obj"/);
});

test('a cross-reference table that lists an object twice after signing is not clean', (t) => {
  const reader = PdfReader.open(sealed);
  const root = lastTrailer(sealed).root;
  const catalog = serializeValue(reader.lookup(new PdfRef(root, 0)));
  const updated = appendRevision(sealed, {
    kind: 'table',
    objects: { ...dssGrowth(sealed, facts.size), [root]: catalog },
  });
  const text = updated.toString('latin1');
  const table = text.lastIndexOf('\nxref\n') + 1;
  const row = new RegExp(`\\n${root} 1\\n\\d{10} 00000 n \\n`).exec(text.slice(table))!;
  // the object listed again before its row, at the catalog's signed definition: readers that keep the first row
  // read that one, we the last
  const earlier = String(text.indexOf(`\n${root} 0 obj`) + 1).padStart(10, '0');
  const rows = text.slice(table).replace(row[0], `\n${root} 1\n${earlier} 00000 n ${row[0]}`);
  const doubled = `${text.slice(0, table)}${rows}`;
  assertStructureCaught(t, verify(Buffer.from(doubled, 'latin1')), new RegExp(`lists object ${root} twice`));
});

test('metadata rewritten next to a signature look-alike that no field holds fails', (t) => {
  const n = facts.size;
  const info = lastTrailer(sealed).info ?? TARGET.info;
  const forged = appendRevision(sealed, {
    objects: {
      [info]: '<< /Title (Invoice - PAID IN FULL) /Producer (segl tests) >>',
      [n]: '<< /ByteRange [0 0 0 0] /Contents <00> >>',
    },
  });
  assertCaught(t, verify(forged));
});

// ---- a timestamp token in a signature's place ----

for (const subFilter of ['ETSI.CAdES.detached', 'adbe.pkcs7.detached']) {
  test(`a timestamp token as the /Contents of a ${subFilter} signature is no signature: it fails`, async (t) => {
    // the token even covers these very bytes; but a TSA vouches for a time, never for a document
    const base = targetPdf();
    const { size } = lastTrailer(base);
    const forged = await appendSignedRevision(base, {
      objects: {
        [size + 1]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Stamp) /V ${size} 0 R /Rect [0 0 0 0] /F 4 >>`,
        [TARGET.fieldsArray]: `[${TARGET.field} 0 R ${size + 1} 0 R]`,
      },
      sigNum: size,
      sigDict: `/Type /Sig /Filter /Adobe.PPKLite /SubFilter /${subFilter}`,
      sign: applianceTimestamp(appliance.sealer),
    });
    const report = verify(forged);
    t.is(report.status, 'failed');
    const signature = sealOf(report);
    t.false(signature.intact);
    t.false(signature.trusted);
    t.is(signature.level, null);
    const codes = signature.problems.map((problem) => problem.code);
    for (const code of ['cms_content_conflict', 'cms_not_data', 'signer_certificate_purpose'])
      t.true(codes.includes(code), codes.join(', '));
  });
}

// ---- bounded cost ----

test('3,000 inline signature fields that all name the seal are answered quickly, once, and fail', (t) => {
  const inline = Array.from({ length: 3000 }, (_, i) => `<< /FT /Sig /T (f${i}) /V ${facts.sealSig} 0 R >>`).join(' ');
  const attacked = appendRevision(sealed, { objects: { [TARGET.fieldsArray]: `[${facts.fields} ${inline}]` } });
  const started = performance.now();
  const report = verify(attacked);
  const elapsed = performance.now() - started;
  t.is(report.status, 'failed');
  t.true(report.signatures.length <= 3, `${report.signatures.length} signatures listed`);
  const seal = sealOf(report);
  t.is(seal.fieldCount, 3001);
  t.is(seal.problems.filter((problem) => problem.code === 'duplicate_signature_fields').length, 1);
  const messages = [...report.problems, ...report.signatures.flatMap((s) => s.problems)].map((p) => p.message);
  t.is(new Set(messages).size, messages.length, 'no message repeats');
  t.log(`verified in ${elapsed.toFixed(0)} ms`);
});

test('a file with only document timestamps is "timestamped", never signed', async (t) => {
  const base = targetPdf();
  const stamped = await appendDocumentTimestamp(base, {
    sealer: appliance.sealer,
    fieldsNow: `${TARGET.field} 0 R`,
    annotsNow: `${TARGET.field} 0 R`,
  });
  const report = verify(stamped);
  t.is(report.evidence, 'timestamped');
  t.is(report.level, null);
  t.is(report.status, 'passed');
  t.true(report.problems.some((problem) => problem.code === 'timestamped_only'));
});

test('the attack generator itself makes readable files (a control: an untouched revision adds nothing)', (t) => {
  const control = appendRevision(
    buildPdf({
      1: '<< /Type /Catalog /Pages 2 0 R >>',
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>',
    }),
    { objects: { 4: '<< /Producer (x) >>' } },
  );
  t.notThrows(() => PdfReader.open(control));
});
