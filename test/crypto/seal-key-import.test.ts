import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { loadConfig } from '../../server/lib/config.js';
import { fixedClock, systemClock } from '../../server/lib/clock.js';
import { isSeglError } from '../../server/lib/errors.js';
import { openSealer } from '../../server/domain/sealer.js';
import { importSealKey, resetSealKey } from '../../server/domain/seal-key/import-seal-key.js';
import { loadKeyEncryptionKey } from '../../server/crypto/key-encryption-key.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { checkSealCertificate } from '../../server/crypto/seal-certificate-check.js';
import { readCertificate } from '../../server/crypto/certificate-info.js';
import { rewrapPkiKeys } from '../../server/crypto/pki-key-rewrap.js';
import { loadImportedSealKey } from '../../server/crypto/imported-seal-key.js';
import { startExternalCa, type ExternalCa } from '../helpers/external-ca.js';
import { createNssDatabase, requireTools, runPdfsig, tempDir } from '../helpers/external-tool.js';
import { runSegl } from '../helpers/cli.js';

const haveTools = requireTools('openssl', 'pdfsig', 'certutil');
const maybe = haveTools ? test : test.skip;

let ca: ExternalCa;
test.before(async () => {
  if (haveTools) ca = await startExternalCa({ name: 'Nordlys Test Trust' });
});
test.after.always(async () => {
  await ca?.close();
});

function freshConfig() {
  return loadConfig({ env: { SEGL_DATA_DIR: tempDir('segl-sealkey-') } });
}

async function rejection(
  t: { fail(message: string): void },
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isSeglError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  t.fail('expected a rejection');
  return { code: '', message: '' };
}

maybe('an imported PKCS#12 seals new documents, and independent validators trust it through its own CA', async (t) => {
  const config = freshConfig();
  const leaf = await ca.issueLeaf({ name: 'Nordlys Kommune Seal', key: 'rsa' });
  const p12 = readFileSync(await ca.pkcs12({ leaf, passphrase: 'correct horse' }));
  const before = await openSealer({ config });
  t.is((await before.sealIdentity()).source, 'appliance', 'a fresh install seals with its own CA');

  const description = await importSealKey({ config, clock: systemClock, pkcs12: p12, passphrase: 'correct horse' });
  t.is(description.source, 'pkcs12');
  t.regex(description.subject, /CN=Nordlys Kommune Seal/);
  t.regex(description.issuer, /Issuing CA/);
  t.is(description.chain.length, 2);
  t.is(description.keyType, 'RSA 2048');

  // a context opened earlier (a running server) picks the new key up for its next seal
  const sealed = (
    await before.sealBytes({ input: await createSamplePdf({ pages: 2, title: 'Imported seal' }), level: 'B-T' })
  ).output;
  const identity = await before.sealIdentity();
  t.deepEqual(identity.certificate, leaf.certificate);

  const trust = readFileSync(ca.rootPath, 'utf8') + before.rootCertificatePem();
  const report = verifyDocument({ bytes: sealed, trustAnchorsPem: trust });
  t.is(report.status, 'passed', JSON.stringify(report.signatures.map((s) => s.problems)));
  t.regex(JSON.stringify(report.signatures[0]!.signer), /Nordlys Kommune Seal/);
  const onlyOurRoot = verifyDocument({ bytes: sealed, trustAnchorsPem: before.rootCertificatePem() });
  t.not(onlyOurRoot.status, 'passed', 'the appliance root does not vouch for the imported seal');

  const work = tempDir('segl-sealkey-pdf-');
  const file = join(work, 'sealed.pdf');
  writeFileSync(file, sealed);
  const nss = createNssDatabase(readFileSync(ca.rootPath, 'utf8'));
  const pdfsig = await runPdfsig({ nssDir: nss, file });
  t.is(pdfsig[0]?.validation, 'Signature is Valid.');
  t.is(pdfsig[0]?.certificateValidation, 'Certificate is Trusted.');

  resetSealKey({ config, clock: systemClock });
  t.is((await before.sealIdentity()).source, 'appliance', 'reset goes back to the appliance CA');
});

maybe('import errors name the problem: passphrase, expiry, chain, key usage', async (t) => {
  const config = freshConfig();
  const leaf = await ca.issueLeaf({ name: 'Errors Seal', key: 'ec' });
  const full = readFileSync(await ca.pkcs12({ leaf, passphrase: 'pw' }));

  const wrong = await rejection(t, importSealKey({ config, clock: systemClock, pkcs12: full, passphrase: 'not it' }));
  t.is(wrong.code, 'seal_key_wrong_passphrase');

  const expired = await rejection(
    t,
    importSealKey({ config, clock: fixedClock('2090-01-01T00:00:00Z'), pkcs12: full, passphrase: 'pw' }),
  );
  t.is(expired.code, 'seal_certificate_expired');
  t.regex(expired.message, /Errors Seal.*expired/);

  const early = await rejection(
    t,
    importSealKey({ config, clock: fixedClock('2001-01-01T00:00:00Z'), pkcs12: full, passphrase: 'pw' }),
  );
  t.is(early.code, 'seal_certificate_not_yet_valid');

  const bare = readFileSync(await ca.pkcs12({ leaf, passphrase: 'pw', chain: 'none' }));
  const missing = await rejection(t, importSealKey({ config, clock: systemClock, pkcs12: bare, passphrase: 'pw' }));
  t.is(missing.code, 'seal_chain_incomplete');
  t.regex(missing.message, /--chain/);
  const partial = readFileSync(await ca.pkcs12({ leaf, passphrase: 'pw', chain: 'intermediate' }));
  t.is(
    (await rejection(t, importSealKey({ config, clock: systemClock, pkcs12: partial, passphrase: 'pw' }))).code,
    'seal_chain_incomplete',
  );
  const chainPem = readFileSync(ca.intermediatePath, 'utf8') + readFileSync(ca.rootPath, 'utf8');
  const completed = await importSealKey({ config, clock: systemClock, pkcs12: bare, passphrase: 'pw', chainPem });
  t.is(completed.chain.length, 2, 'the chain given separately completes it');

  const encipherOnly = await ca.issueLeaf({ name: 'Encipher Only', profile: 'no_usage' });
  const usage = await rejection(
    t,
    importSealKey({
      config,
      clock: systemClock,
      pkcs12: readFileSync(await ca.pkcs12({ leaf: encipherOnly, passphrase: 'pw' })),
      passphrase: 'pw',
    }),
  );
  t.is(usage.code, 'seal_key_usage');
  t.regex(usage.message, /digitalSignature.*nonRepudiation/);
  const caLike = await ca.issueLeaf({ name: 'CA Like', profile: 'ca_like' });
  t.is(
    (
      await rejection(
        t,
        importSealKey({
          config,
          clock: systemClock,
          pkcs12: readFileSync(await ca.pkcs12({ leaf: caLike, passphrase: 'pw' })),
          passphrase: 'pw',
        }),
      )
    ).code,
    'seal_key_usage',
  );

  const garbage = await rejection(
    t,
    importSealKey({
      config,
      clock: systemClock,
      pkcs12: new Uint8Array(Buffer.from('not a pkcs12 file')),
      passphrase: 'pw',
    }),
  );
  t.is(garbage.code, 'seal_key_unreadable');

  // a key that is not the certificate's
  const other = await ca.issueLeaf({ name: 'Other Seal', key: 'ec' });
  const mismatch = t.throws(() =>
    checkSealCertificate({
      certificate: other.certificate,
      publicKeySpki: readCertificate(leaf.certificate).spki,
      candidates: [ca.intermediate, ca.root],
      now: new Date(),
    }),
  );
  t.is((mismatch as unknown as { code: string }).code, 'seal_key_mismatch');
  // the failed imports changed nothing: the last good one is in force
  const signing = await openSealer({ config });
  t.deepEqual((await signing.sealIdentity()).certificate, leaf.certificate);
});

maybe('legacy (3DES/RC2) PKCS#12 files with EC keys import, and key rotation re-wraps the imported key', async (t) => {
  const config = freshConfig();
  const leaf = await ca.issueLeaf({ name: 'Legacy Seal', key: 'ec' });
  const legacy = readFileSync(await ca.pkcs12({ leaf, passphrase: 'pw', legacy: true }));
  const description = await importSealKey({ config, clock: systemClock, pkcs12: legacy, passphrase: 'pw' });
  t.is(description.keyType, 'EC prime256v1');
  const signing = await openSealer({ config });
  const sealed = (
    await signing.sealBytes({ input: await createSamplePdf({ pages: 1, title: 'Legacy' }), level: 'B-B' })
  ).output;
  t.is(verifyDocument({ bytes: sealed, trustAnchorsPem: readFileSync(ca.rootPath, 'utf8') }).status, 'passed');

  const kek = await loadKeyEncryptionKey({ dataDir: config.dataDir, env: {} });
  const newKek = new Uint8Array(32).fill(7);
  t.true((await rewrapPkiKeys({ pkiDir: join(config.dataDir, 'pki'), oldKek: kek, newKek })) >= 4);
  const reopened = loadImportedSealKey({ dataDir: config.dataDir, keks: [newKek] });
  t.deepEqual(reopened?.certificate, leaf.certificate);
});

maybe('segl seal-key import and show on the command line', async (t) => {
  const dataDir = tempDir('segl-sealkey-cli-');
  const leaf = await ca.issueLeaf({ name: 'CLI Seal', key: 'rsa' });
  const p12 = await ca.pkcs12({ leaf, passphrase: 'from a file', chain: 'none' });
  const work = tempDir('segl-sealkey-cli-files-');
  writeFileSync(join(work, 'pass'), 'from a file\n');
  writeFileSync(join(work, 'chain.pem'), readFileSync(ca.intermediatePath, 'utf8') + readFileSync(ca.rootPath, 'utf8'));

  const sealKey = (...args: string[]) => runSegl(['--data', dataDir, 'seal-key', ...args]);
  const importP12 = (...extra: string[]) => sealKey('import', p12, '--passphrase-file', join(work, 'pass'), ...extra);

  const shownBefore = await sealKey('show', '--json');
  t.is(shownBefore.code, 0, shownBefore.stderr);
  t.is(JSON.parse(shownBefore.stdout).source, 'appliance');

  const noChain = await importP12();
  t.is(noChain.code, 2);
  t.regex(noChain.stderr, /chain.*incomplete.*\[seal_chain_incomplete\]/);

  const imported = await importP12('--chain', join(work, 'chain.pem'));
  t.is(imported.code, 0, imported.stderr);
  t.regex(imported.stdout, /subject: +.*CN=CLI Seal/);

  const shown = await sealKey('show');
  t.is(shown.code, 0, shown.stderr);
  t.regex(shown.stdout, /source: +imported PKCS#12/);
  t.regex(shown.stdout, /SHA-256: +[0-9a-f]{64}/);
  t.regex(shown.stdout, /valid: +\d{4}-/);
  t.regex(shown.stdout, /issuer: +.*CN=Nordlys Test Trust Issuing CA/);
});
