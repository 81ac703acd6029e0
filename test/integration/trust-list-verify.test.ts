import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { openSealer } from '../../server/domain/sealer.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { loadTrustLists } from '../../server/domain/trust/load-trust-lists.js';
import { importedSealKeyConfig, type ExternalCa } from '../helpers/external-ca.js';
import { requireTools, tempDir } from '../helpers/external-tool.js';
import { startListedCa } from '../helpers/trusted-list.js';
import { startTestAppliance } from '../helpers/appliance.js';
import { runSegl } from '../helpers/cli.js';

/** Verification with an ETSI trusted list naming a CA the appliance has never seen: CLI, library and portal. */

const haveTools = requireTools('openssl');
const maybe = haveTools ? test.serial : test.skip;

let ca: ExternalCa;
let listFile: string;
let sealedFile: string;
let sealed: Buffer;
const work = tempDir('segl-tlverify-');

test.before(async () => {
  if (!haveTools) return;
  const listed = await startListedCa({
    region: 'Trondelag',
    listSigner: 'Nkom Trusted List Signer',
    seal: 'Trondelag Fylke Seal',
    qualifiers: ['QCStatement', 'QCForESeal'],
  });
  ca = listed.ca;
  const seal = listed.seal;
  writeFileSync((listFile = join(work, 'NO-TL.xml')), listed.xml);
  const signing = await openSealer({ config: await importedSealKeyConfig(ca, seal) });
  sealed = (
    await signing.sealBytes({ input: await createSamplePdf({ pages: 2, title: 'Qualified seal' }), level: 'B-T' })
  ).output;
  writeFileSync((sealedFile = join(work, 'sealed.pdf')), sealed);
});
test.after.always(async () => {
  await ca?.close();
});

maybe(
  'a seal under a listed CA/QC service verifies as trusted and qualified for seals, with a qualified timestamp',
  (t) => {
    const trustList = loadTrustLists([listFile]);
    const withoutList = verifyDocument({ bytes: sealed, trustAnchorsPem: readFileSync(ca.tsa.certPath, 'utf8') });
    t.is(withoutList.status, 'indeterminate', 'without the list the CA is unknown');
    t.is(withoutList.signatures[0]?.qualification, undefined);

    const report = verifyDocument({
      bytes: sealed,
      trustAnchorsPem: readFileSync(ca.tsa.certPath, 'utf8'),
      trustLists: trustList.lists,
    });
    t.is(report.status, 'passed', JSON.stringify(report.signatures.map((s) => s.problems)));
    t.like(report.signatures[0]?.qualification, {
      qualifiedForSeal: true,
      qualifiedForSignature: false,
      qualifiedTimestamp: true,
      provider: 'Trondelag QTSP AS',
      territory: 'NO',
    });
  },
);

maybe('segl verify --trust-list: qualified in the report; a tampered list is refused', async (t) => {
  const result = await runSegl([
    '--data',
    tempDir('segl-tlverify-cli-'),
    'verify',
    sealedFile,
    '--trust-list',
    listFile,
    '--json',
  ]);
  t.is(result.code, 0, result.stderr + result.stdout.slice(0, 2000));
  t.true(JSON.parse(result.stdout).signatures[0].qualification.qualifiedForSeal);
  const text = await runSegl(['--data', tempDir('segl-tlverify-cli-'), 'verify', sealedFile, '--trust-list', listFile]);
  t.regex(text.stdout, /trusted list \(NO, Trondelag QTSP AS\): qualified for seals; timestamp qualified/);

  const tampered = join(work, 'tampered.xml');
  writeFileSync(tampered, readFileSync(listFile, 'utf8').replace('Trondelag Qualified TSA', 'Someone Else TSA'));
  const refused = await runSegl([
    '--data',
    tempDir('segl-tlverify-cli-'),
    'verify',
    sealedFile,
    '--trust-list',
    tampered,
  ]);
  t.is(refused.code, 2);
  t.regex(
    refused.stderr,
    /tampered\.xml: The trusted list signature does not verify.*\[trust_list_signature_invalid\]/,
  );
});

maybe('the portal uses SEGL_TRUST_LIST_FILES', async (t) => {
  const appliance = await startTestAppliance({ env: { SEGL_TRUST_LIST_FILES: listFile } });
  try {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(sealed)], { type: 'application/pdf' }), 'sealed.pdf');
    const response = await fetch(`${appliance.url}/api/v1/verify/file`, { method: 'POST', body: form });
    t.is(response.status, 200);
    const report = await response.json();
    t.is(report.status, 'passed');
    t.true(report.signatures[0].qualification.qualifiedForSeal);
  } finally {
    await appliance.close();
  }
});
