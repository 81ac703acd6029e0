import test from 'ava';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { parseSignedData } from '../../server/crypto/cms-parse.js';
import { OID } from '../../server/crypto/oids.js';
import { useAppliance } from '../helpers/use-appliance.js';
import {
  createNssDatabase,
  opensslCmsVerify,
  opensslTsVerify,
  requireTools,
  runPdfsig,
  runTool,
  tempDir,
} from '../helpers/external-tool.js';
import { scanSignatures, writeTemp } from '../helpers/pdf-signatures.js';

const haveTools = requireTools('qpdf', 'pdfsig', 'certutil', 'openssl');
const LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;

const { appliance } = useAppliance(test, { admin: false });
const work = tempDir('segl-interop-');
let nssDir: string;
let rootPem: string;

test.before(() => {
  rootPem = appliance.sealer.rootCertificatePem();
  if (haveTools) nssDir = createNssDatabase(rootPem);
});

const cases = [
  { pages: 1, objectStreams: false },
  { pages: 12, objectStreams: true },
  { pages: 1000, objectStreams: true },
];

for (const { pages, objectStreams } of cases) {
  for (const level of LEVELS) {
    const name = `${pages} page(s), ${objectStreams ? 'xref stream' : 'xref table'}, ${level}`;
    (haveTools ? test : test.skip)(`independent validators accept a seal at ${name}`, async (t) => {
      const original = Buffer.from(await createSamplePdf({ pages, objectStreams, title: `Interop ${level}` }));
      const sealed = (await appliance.sealer.sealBytes({ input: original, level })).output;
      const file = writeTemp(work, `sealed-${pages}-${objectStreams}-${level}.pdf`, sealed);
      t.true(sealed.subarray(0, original.length).equals(original), 'the original is a byte-identical prefix');

      const report = verifyDocument({ bytes: sealed, trustAnchorsPem: rootPem });
      t.is(
        report.status,
        'passed',
        JSON.stringify(report.problems.concat(...report.signatures.map((s) => s.problems))),
      );
      t.is(report.level, level);

      const qpdf = runTool('qpdf', ['--check', file]);
      t.is(qpdf.status, 0, qpdf.stdout + qpdf.stderr);

      const pdfsig = await runPdfsig({ nssDir, file });
      t.is(pdfsig.length, level === 'B-LTA' ? 2 : 1);
      t.is(pdfsig[0].validation, 'Signature is Valid.');
      t.is(pdfsig[0].certificateValidation, 'Certificate is Trusted.');
      t.is(
        pdfsig[0].totalDocumentSigned,
        level === 'B-B' || level === 'B-T',
        'the seal covers the whole file unless LTA data follows',
      );
      if (level === 'B-LTA') t.true(pdfsig[1].totalDocumentSigned, 'the document timestamp covers the whole file');

      const [signature, docTimestamp] = scanSignatures(sealed);
      t.false(signature.isDocTimestamp);
      const sigPath = writeTemp(work, `${level}-${pages}.p7s`, signature.container);
      const contentPath = writeTemp(work, `${level}-${pages}.content`, signature.signedContent);
      const rootPath = writeTemp(work, 'root.pem', rootPem);
      const cms = opensslCmsVerify({ cms: sigPath, content: contentPath, caFile: rootPath });
      t.regex(cms.stderr, /Verification successful/, cms.stderr);

      const attributes = runTool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', sigPath]).stdout;
      t.regex(attributes, /signingCertificateV2/);
      t.notRegex(attributes, /signingTime/, 'PAdES B-B has no signing-time attribute');

      if (level !== 'B-B') {
        const signerInfo = parseSignedData(signature.container).signerInfos[0];
        const token = signerInfo.unsignedAttributes.find((a) => a.type === OID.signatureTimeStampToken)?.values[0];
        t.truthy(token, 'B-T and above carry a signature timestamp');
        const tokenPath = writeTemp(work, `${level}-${pages}.tst`, token!);
        const digest = createHash('sha256').update(signerInfo.signature).digest('hex');
        const ts = opensslTsVerify({ token: tokenPath, caFile: rootPath, digest });
        t.regex(ts.stdout, /Verification: OK/, ts.stdout + ts.stderr);
      }
      if (level === 'B-LTA') {
        t.true(docTimestamp.isDocTimestamp);
        const tokenPath = writeTemp(work, `doc-ts-${pages}.tst`, docTimestamp.container);
        const dataPath = writeTemp(work, `doc-ts-${pages}.data`, docTimestamp.signedContent);
        const ts = opensslTsVerify({ token: tokenPath, caFile: rootPath, data: dataPath });
        t.regex(ts.stdout, /Verification: OK/, ts.stdout + ts.stderr);
      }
      if (level === 'B-LT' || level === 'B-LTA') {
        const dss = runTool('qpdf', ['--json', file]).stdout;
        t.regex(dss, /"\/DSS"/);
        t.regex(dss, /"\/OCSPs"/);
        t.regex(dss, /"\/CRLs"/);
      }
    });
  }
}

(haveTools ? test : test.skip)(
  'the seal stays valid for pdfsig after the original is re-read: no earlier byte changes',
  async (t) => {
    const original = Buffer.from(await createSamplePdf({ pages: 3 }));
    const once = (await appliance.sealer.sealBytes({ input: original, level: 'B-T' })).output;
    const twice = (await appliance.sealer.sealBytes({ input: once, level: 'B-LTA' })).output;
    t.true(twice.subarray(0, once.length).equals(once));
    const file = join(work, 'twice.pdf');
    writeFileSync(file, twice);
    const report = verifyDocument({ bytes: twice, trustAnchorsPem: rootPem });
    t.is(report.status, 'passed');
    t.is(report.signatures.filter((s) => s.kind === 'signature').length, 2);
    t.is(report.signatures[0].modifiedAfter, 'permitted', 'a second seal only adds a signature (and LTA data)');
    t.deepEqual(
      report.signatures[0].changes.map((change) => change.level).filter((level) => level === 'other'),
      [],
    );
    const pdfsig = await runPdfsig({ nssDir, file });
    t.true(
      pdfsig
        .filter((s) => s.signatureType === 'ETSI.CAdES.detached')
        .every((s) => s.validation === 'Signature is Valid.'),
    );
  },
);
