import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { createSignedData } from '../../server/crypto/cms-signed-data.js';
import { OID } from '../../server/crypto/oids.js';
import { GrowableBuffer } from '../../server/pdf/growable-buffer.js';
import { PdfReader } from '../../server/pdf/pdf-reader.js';
import { PdfDict, PdfStream, PdfRef } from '../../server/pdf/pdf-objects.js';
import { appendIncrementalUpdate } from '../../server/pdf/incremental-writer.js';
import { findFirstPage } from '../../server/pdf/page-tree.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { createTestPki } from '../helpers/test-pki.js';
import { createNssDatabase, requireTools, runPdfsig, tempDir } from '../helpers/external-tool.js';
import { scanSignatures, writeTemp } from '../helpers/pdf-signatures.js';

const haveTools = requireTools('pdfsig', 'certutil');

const { appliance } = useAppliance(test, { admin: false });
const work = tempDir('segl-tamper-');
let rootPem: string;
let nssDir: string;
const sealed: Record<string, Buffer> = {};

test.before(async () => {
  rootPem = appliance.sealer.rootCertificatePem();
  if (haveTools) nssDir = createNssDatabase(rootPem);
  for (const level of ['B-B', 'B-LTA'] as const) {
    const original = Buffer.from(await createSamplePdf({ pages: 2, title: `Tamper ${level}` }));
    sealed[level] = (await appliance.sealer.sealBytes({ input: original, level })).output;
  }
});

async function pdfsigOf(name: string, bytes: Buffer, nss = nssDir) {
  const file = writeTemp(work, name, bytes);
  return runPdfsig({ nssDir: nss, file });
}

/** Flips the lowest bit of the byte at `at`: our verifier and pdfsig (saved as `name`) both find the seal broken. */
async function assertFlipCaught(t: ExecutionContext, flip: { bytes: Buffer; at: number; name: string }) {
  const { bytes, at, name } = flip;
  bytes[at] ^= 0x01;
  const report = verifyDocument({ bytes, trustAnchorsPem: rootPem });
  t.is(report.status, 'failed');
  t.false(report.signatures[0].intact);
  if (haveTools) {
    const [seal] = await pdfsigOf(name, bytes);
    t.not(seal.validation, 'Signature is Valid.');
  }
}

test('the untouched seals pass, as the baseline for every tamper case', (t) => {
  for (const bytes of Object.values(sealed)) t.is(verifyDocument({ bytes, trustAnchorsPem: rootPem }).status, 'passed');
});

for (const level of ['B-B', 'B-LTA'] as const) {
  test(`${level}: a flipped byte inside the first signed range is caught`, async (t) => {
    const bytes = Buffer.from(sealed[level]);
    const [signature] = scanSignatures(bytes);
    const at = bytes.indexOf('stream', 0, 'latin1') + 40; // inside the first page's (compressed) content
    t.true(at > 40 && at < signature.byteRange[1]);
    await assertFlipCaught(t, { bytes, at, name: `flip-first-${level}.pdf` });
  });

  test(`${level}: a flipped byte inside the second signed range is caught`, async (t) => {
    const bytes = Buffer.from(sealed[level]);
    const [signature] = scanSignatures(bytes);
    const at = bytes.indexOf('/Widget', signature.byteRange[2], 'latin1') + 6;
    t.true(at > signature.byteRange[2]);
    // /Widget -> /Widgeu: still a readable file, no longer the signed bytes
    await assertFlipCaught(t, { bytes, at, name: `flip-second-${level}.pdf` });
  });
}

test('a substituted signer certificate is caught', async (t) => {
  const bytes = Buffer.from(sealed['B-B']);
  const [signature] = scanSignatures(bytes);
  const impostor = await createTestPki();
  const digest = createHash('sha256').update(signature.signedContent).digest();
  // The real seal key signs, but the container names another certificate (same shape, different key).
  const forged = createSignedData({
    identity: {
      certificate: impostor.seal.certificate,
      privateKey: appliance.sealer.pki.seal.privateKey,
      chain: appliance.sealer.pki.seal.chain,
    },
    contentType: OID.data,
    contentDigest: digest,
    includeChain: true,
  });
  const hex = Buffer.from(forged).toString('hex').toUpperCase();
  bytes.write(
    hex.padEnd(signature.byteRange[2] - signature.byteRange[1] - 2, '0'),
    signature.byteRange[1] + 1,
    'latin1',
  );
  const report = verifyDocument({ bytes, trustAnchorsPem: rootPem });
  t.is(report.status, 'failed');
  t.true(report.signatures[0].intact, 'the digest still matches');
  t.false(report.signatures[0].valid, 'but the signature does not verify with the named certificate');
  if (haveTools) {
    const [seal] = await pdfsigOf('substituted.pdf', bytes);
    t.not(seal.validation, 'Signature is Valid.');
  }
});

test('a seal under an unknown root is intact but indeterminate, never passed', async (t) => {
  const stranger = await createTestPki();
  const report = verifyDocument({ bytes: sealed['B-LTA'], trustAnchorsPem: stranger.pem.ca });
  t.is(report.status, 'indeterminate');
  t.false(report.valid);
  t.true(report.signatures.every((s) => s.intact && s.valid && !s.trusted));
  t.true(report.signatures[0].problems.some((p) => p.code === 'unknown_root'));
  if (haveTools) {
    const emptyNss = createNssDatabase(stranger.pem.ca);
    const [seal] = await pdfsigOf('unknown-root.pdf', sealed['B-LTA'], emptyNss);
    t.is(seal.validation, 'Signature is Valid.');
    t.not(seal.certificateValidation, 'Certificate is Trusted.');
  }
});

for (const level of ['B-B', 'B-LTA'] as const) {
  test(`${level}: an unsigned later revision that changes page content is caught`, async (t) => {
    const file = GrowableBuffer.from(sealed[level]);
    const reader = PdfReader.open(file.view());
    const { ref: pageRef, page } = findFirstPage(reader);
    const overlay = new PdfRef(reader.size, 0);
    const text = Buffer.from('BT /F1 48 Tf 72 400 Td (PAID IN FULL) Tj ET', 'latin1');
    const contents = page.get('Contents');
    appendIncrementalUpdate({
      file,
      reader,
      objects: [
        { ref: overlay, value: new PdfStream(new PdfDict(), text) },
        {
          ref: pageRef,
          value: page.clone().set('Contents', [...(Array.isArray(contents) ? contents : [contents!]), overlay]),
        },
      ],
    });
    const bytes = file.view();
    const report = verifyDocument({ bytes, trustAnchorsPem: rootPem });
    t.is(report.status, 'failed');
    t.true(report.problems.some((p) => p.code === 'modified_after_signing'));
    const newest = report.signatures[report.signatures.length - 1];
    t.is(newest.modifiedAfter, 'other');
    t.true(newest.intact, 'the signature itself is intact; what follows it is not covered');
    t.regex(newest.changesAfter.join(' '), /the content of page 1 changed/);
    t.true(
      report.signatures.every((s) => s.status === 'failed'),
      'every signature before the change fails: one rule for all',
    );
    if (haveTools) {
      const signatures = await pdfsigOf(`page-changed-${level}.pdf`, Buffer.from(bytes));
      t.false(signatures[signatures.length - 1].totalDocumentSigned, 'pdfsig sees that the file is not wholly signed');
    }
  });
}
