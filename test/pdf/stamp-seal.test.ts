import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { GrowableBuffer } from '../../server/pdf/growable-buffer.js';
import { stampDocument } from '../../server/pdf/stamp/stamp-document.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../helpers/corpus.js';
import { isSeglError } from '../../server/lib/errors.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { writeTemp } from '../helpers/pdf-signatures.js';
import { TEST_AUDIT_PAGES, TEST_STAMP, pageTexts } from '../helpers/stamp-pdf.js';

const haveTools = requireTools('qpdf', 'pdftotext');
const { appliance } = useAppliance(test, { admin: false });
let rootPem: string;
const work = tempDir('segl-stamp-seal-');

test.before(() => {
  rootPem = appliance.sealer.rootCertificatePem();
});

const inputs: { name: string; bytes: () => Promise<Buffer> }[] = [
  {
    name: 'generated, xref stream',
    bytes: async () => Buffer.from(await createSamplePdf({ pages: 4, objectStreams: true })),
  },
  {
    name: 'generated, xref table',
    bytes: async () => Buffer.from(await createSamplePdf({ pages: 2, objectStreams: false })),
  },
  ...(corpusAvailable()
    ? ['rotated-90-180-270-odd-boxes-8pages.pdf'].map((name) => ({
        name,
        bytes: async () => readFileSync(join(CORPUS_DIR, name)),
      }))
    : []),
];

for (const input of inputs) {
  test(`stamping then sealing at B-LTA verifies (${input.name})`, async (t) => {
    const original = await input.bytes();
    const before = (() => {
      try {
        return verifyDocument({ bytes: original, trustAnchorsPem: rootPem }).signatures.map((s) => s.intact);
      } catch {
        return [];
      }
    })();
    const file = GrowableBuffer.from(original, 1024 * 1024);
    const stamped = await stampDocument({
      file,
      stamp: TEST_STAMP,
      auditPages: TEST_AUDIT_PAGES,
      attachment: { name: 'audit-trail.json', bytes: Buffer.from('{"events":[]}'), mimeType: 'application/json' },
    });
    t.is(stamped.auditPages, 1);
    const sealed = (await appliance.sealer.sealBytes({ input: file, level: 'B-LTA' })).output;
    t.true(sealed.subarray(0, original.length).equals(original), 'the original stays a prefix of the sealed file');
    const report = verifyDocument({ bytes: sealed, trustAnchorsPem: rootPem });
    const ours = report.signatures.filter(
      (s) => s.fieldName.startsWith('Seal') || s.fieldName.startsWith('DocTimeStamp'),
    );
    const seal = ours.find((s) => s.kind === 'signature')!;
    t.is(seal.status, 'passed', JSON.stringify([report.problems, seal.problems]));
    t.is(report.level, 'B-LTA');
    if (before.length === 0) t.is(report.status, 'passed', JSON.stringify(report.problems));
    else
      t.deepEqual(
        report.signatures.slice(0, before.length).map((s) => s.intact),
        before,
        'earlier signatures are as intact as they were',
      );
    if (!haveTools) return;
    const path = writeTemp(work, `${input.name.replace(/[^a-z0-9.-]+/gi, '_')}.pdf`, sealed);
    t.is(runTool('qpdf', ['--check', path], { timeoutMs: 60_000 }).status, 0);
    for (const [i, text] of pageTexts(path).entries())
      t.true(text.includes(TEST_STAMP.code), `code on page ${i + 1} of the sealed file`);
  });
}

/** qpdf --check needs ~22 s and 3 GB on the synthetic flate bomb (see the corpus README); skip it there only. */
const QPDF_TOO_COSTLY = new Set(['hostile-flate-bomb-1gib-synthetic.pdf']);

for (const file of corpusFiles()) {
  test(`corpus ${file.name} (${file.expected}): stamped, sealed at B-LTA, or refused with a clear error`, async (t) => {
    const original = readFileSync(file.path);
    const buffer = GrowableBuffer.from(original, 1024 * 1024);
    try {
      await stampDocument({
        file: buffer,
        stamp: TEST_STAMP,
        auditPages: { title: 'Audit trail', rows: [['Event'], ['signer.signed']] },
      });
    } catch (error) {
      t.true(isSeglError(error), `refusals are SeglErrors, not crashes: ${String(error)}`);
      if (!isSeglError(error)) return;
      if (error.code === 'pdf_already_signed') return; // sealed without a stamp: see the test for signed inputs below
      t.regex(error.code, /^[a-z][a-z0-9_]+$/);
      t.true(error.status >= 400 && error.status < 500);
      t.not(file.expected, 'accept', `an acceptable document was refused: ${error.code} ${error.message}`);
      t.is(buffer.length, original.length, 'nothing was appended');
      return;
    }
    const sealed = (await appliance.sealer.sealBytes({ input: buffer, level: 'B-LTA' })).output;
    t.true(sealed.subarray(0, original.length).equals(original), 'the original bytes are an unchanged prefix');
    const report = verifyDocument({ bytes: sealed, trustAnchorsPem: rootPem });
    const seal = report.signatures.find((s) => s.kind === 'signature' && s.fieldName.startsWith('Seal'))!;
    t.is(seal.status, 'passed', JSON.stringify(seal.problems));
    t.is(report.level, 'B-LTA');
    if (haveTools && !QPDF_TOO_COSTLY.has(file.name)) {
      const path = writeTemp(work, `corpus-${file.name}`, sealed);
      const check = runTool('qpdf', ['--check', path], { timeoutMs: 60_000 });
      t.is(check.status, 0, `qpdf --check: ${check.stdout.slice(-400)} ${check.stderr.slice(-400)}`);
    }
  });
}

(corpusAvailable() ? test : test.skip)(
  'a document signed before it came is sealed without touching its pages: earlier signatures keep their verdict',
  async (t) => {
    for (const name of ['signed-twice-two-fields-objstm.pdf', 'signed-pades-lta-dss-doc-timestamp.pdf']) {
      const original = readFileSync(join(CORPUS_DIR, name));
      const before = verifyDocument({ bytes: original, trustAnchorsPem: rootPem }).signatures;
      t.true(before.length > 0);
      const buffer = GrowableBuffer.from(original, 1024 * 1024);
      const refusal = await t.throwsAsync(stampDocument({ file: buffer, stamp: TEST_STAMP }));
      t.is((refusal as { code?: string }).code, 'pdf_already_signed');
      t.is(buffer.length, original.length, 'nothing was appended');
      const sealed = (await appliance.sealer.sealBytes({ input: buffer, level: 'B-LTA' })).output;
      t.true(sealed.subarray(0, original.length).equals(original));
      const report = verifyDocument({ bytes: sealed, trustAnchorsPem: rootPem });
      const earlier = report.signatures.slice(0, before.length);
      t.deepEqual(
        earlier.map((s) => [s.fieldName, s.status, s.intact]),
        before.map((s) => [s.fieldName, s.status, s.intact]),
        name,
      );
      t.true(
        earlier.every((s) => s.modifiedAfter !== 'other'),
        'a seal is a signature added, not a change',
      );
      const seal = report.signatures.find((s) => s.kind === 'signature' && s.fieldName.startsWith('Seal'))!;
      t.is(seal.status, 'passed');
      t.not(report.status, 'failed');
      t.is(report.level, 'B-LTA');
    }
  },
);
