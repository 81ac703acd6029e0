import test from 'ava';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadAppliancePki } from '../../server/crypto/appliance-pki.js';
import { readCertificate } from '../../server/crypto/certificate-info.js';
import { parseCrl } from '../../server/crypto/certificate-revocation-list.js';
import { derToPem } from '../../server/crypto/pem.js';
import { OID } from '../../server/crypto/oids.js';
import { fixedClock, systemClock } from '../../server/lib/clock.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'segl-pki-'));
const kek = new Uint8Array(32).fill(9);
const publicUrl = 'https://sign.example.org';

test('first use creates a root, a seal and a TSA certificate that OpenSSL verifies', async (t) => {
  const dataDir = await tempDir();
  const pki = await loadAppliancePki({ dataDir, kek, publicUrl: `${publicUrl}/`, clock: systemClock });
  t.regex(readCertificate(pki.root.certificate).subjectCommonName!, /^Segl Appliance Root CA [0-9A-F]{8}$/);
  t.is(pki.publicUrl, publicUrl);
  await writeFile(path.join(dataDir, 'root.pem'), pki.rootPem());
  await writeFile(path.join(dataDir, 'seal.pem'), derToPem(pki.seal.certificate, 'CERTIFICATE'));
  await writeFile(path.join(dataDir, 'tsa.pem'), derToPem(pki.tsa.certificate, 'CERTIFICATE'));
  const verified = execFileSync('openssl', ['verify', '-CAfile', 'root.pem', 'seal.pem', 'tsa.pem'], {
    cwd: dataDir,
    encoding: 'utf8',
  });
  t.regex(verified, /seal\.pem: OK/);
  t.regex(verified, /tsa\.pem: OK/);
  // purpose checks by OpenSSL itself
  t.regex(
    execFileSync('openssl', ['verify', '-purpose', 'timestampsign', '-CAfile', 'root.pem', 'tsa.pem'], {
      cwd: dataDir,
      encoding: 'utf8',
    }),
    /OK/,
  );

  const tsaText = execFileSync('openssl', ['x509', '-in', 'tsa.pem', '-noout', '-text'], {
    cwd: dataDir,
    encoding: 'utf8',
  });
  t.regex(tsaText, /X509v3 Extended Key Usage: critical\s+Time Stamping\s*\n/);
  t.regex(tsaText, /X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
  t.regex(tsaText, /URI:https:\/\/sign\.example\.org\/pki\/crl/);
  t.regex(tsaText, /OCSP - URI:https:\/\/sign\.example\.org\/pki\/ocsp/);
  t.regex(tsaText, /CA Issuers - URI:https:\/\/sign\.example\.org\/pki\/root\.cer/);
  t.regex(tsaText, /Authority Key Identifier/);
  const rootText = execFileSync('openssl', ['x509', '-in', 'root.pem', '-noout', '-text'], {
    cwd: dataDir,
    encoding: 'utf8',
  });
  t.regex(rootText, /Basic Constraints: critical\s+CA:TRUE/);
  t.regex(rootText, /Key Usage: critical\s+Certificate Sign, CRL Sign/);

  const seal = readCertificate(pki.seal.certificate);
  t.deepEqual(seal.keyUsage, { names: ['digitalSignature', 'nonRepudiation'], critical: true });
  t.is(seal.issuer, readCertificate(pki.root.certificate).subject);
  t.deepEqual(pki.seal.chain, [pki.root.certificate]);
  const tsa = readCertificate(pki.tsa.certificate);
  t.deepEqual(tsa.extendedKeyUsage, { oids: [OID.timeStamping], critical: true });
  const years = (tsa.notAfter.getTime() - tsa.notBefore.getTime()) / (365 * 24 * 3600 * 1000);
  t.true(years > 9.9 && years < 10.1);
  t.is(pki.statusOf(seal.serialHex).status, 'good');
  t.is(pki.statusOf('01').status, 'unknown');
  t.is(pki.seal.privateKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
});

test('keys are stored encrypted; reload gives the same identities; a wrong KEK is rejected', async (t) => {
  const dataDir = await tempDir();
  const first = await loadAppliancePki({ dataDir, kek, publicUrl, clock: systemClock });
  const stored = await readFile(path.join(dataDir, 'pki', 'seal.key.enc'));
  const pkcs8 = first.seal.privateKey.export({ type: 'pkcs8', format: 'der' });
  t.false(stored.includes(pkcs8.subarray(pkcs8.length - 32)), 'private key bytes are not in the clear');
  const again = await loadAppliancePki({ dataDir, kek, publicUrl, clock: systemClock });
  t.deepEqual(again.root.certificate, first.root.certificate);
  t.deepEqual(again.seal.certificate, first.seal.certificate);
  t.deepEqual(again.tsa.certificate, first.tsa.certificate);
  await t.throwsAsync(loadAppliancePki({ dataDir, kek: new Uint8Array(32).fill(1), publicUrl, clock: systemClock }), {
    code: 'kek_mismatch',
  });
});

test('a new public URL re-issues seal and TSA certificates under the same root', async (t) => {
  const dataDir = await tempDir();
  const first = await loadAppliancePki({ dataDir, kek, publicUrl, clock: systemClock });
  const moved = await loadAppliancePki({ dataDir, kek, publicUrl: 'https://new.example.org', clock: systemClock });
  t.deepEqual(moved.root.certificate, first.root.certificate);
  t.notDeepEqual(moved.seal.certificate, first.seal.certificate);
  t.notDeepEqual(moved.tsa.certificate, first.tsa.certificate);
  const seal = readCertificate(moved.seal.certificate);
  t.deepEqual(seal.ocspUrls, ['https://new.example.org/pki/ocsp']);
  t.deepEqual(seal.crlUrls, ['https://new.example.org/pki/crl']);
  const oldSerial = readCertificate(first.seal.certificate).serialHex;
  t.is(moved.statusOf(oldSerial).status, 'good', 'the superseded certificate stays known');
  t.deepEqual(moved.certificateBySerial(oldSerial), first.seal.certificate);
  t.is(moved.issuedCertificates().length, 5);
  const reloaded = await loadAppliancePki({ dataDir, kek, publicUrl: 'https://new.example.org', clock: systemClock });
  t.deepEqual(reloaded.seal.certificate, moved.seal.certificate);
});

test('revocation shows in statusOf and in the CRL', async (t) => {
  const dataDir = await tempDir();
  const clock = fixedClock('2027-01-02T03:04:05Z');
  const pki = await loadAppliancePki({ dataDir, kek, publicUrl, clock });
  const serial = readCertificate(pki.tsa.certificate).serialHex;
  await pki.revokeCertificate({ serialHex: serial.toUpperCase(), reason: 4 });
  const status = pki.statusOf(serial);
  t.is(status.status, 'revoked');
  const crl = parseCrl({ crl: pki.currentCrl(), issuer: pki.root.certificate });
  t.true(crl.signatureValid);
  t.deepEqual(crl.revokedSerials, [{ serialHex: serial, revokedAt: new Date('2027-01-02T03:04:05Z'), reason: 4 }]);
  t.is(crl.crlNumber, BigInt(Math.floor(Date.parse('2027-01-02T03:04:05Z') / 1000)));
  await t.throwsAsync(pki.revokeCertificate({ serialHex: '0102' }), { code: 'unknown_certificate' });
});

test('processes starting at once on an empty data directory end with one PKI', async (t) => {
  const dataDir = await tempDir();
  const script = path.join(dataDir, 'start.mts');
  const moduleUrl = pathToFileURL(path.join(repoRoot, 'server/crypto/appliance-pki.ts')).href;
  await writeFile(
    script,
    `import { loadAppliancePki } from ${JSON.stringify(moduleUrl)};
const pki = await ` +
      `loadAppliancePki({ dataDir: process.argv[2], kek: new Uint8Array(32).fill(9), publicUrl: ` +
      `process.argv[3], clock: { now: () => new Date() } ` +
      `});
process.stdout.write(JSON.stringify({ root: ` +
      `Buffer.from(pki.root.certificate).toString('base64'), seal: ` +
      `Buffer.from(pki.seal.certificate).toString('base64') }));
`,
  );
  const run = promisify(execFile);
  const target = path.join(dataDir, 'data');
  const startAll = async (url: string) => {
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        run(process.execPath, ['--import', 'tsx', script, target, url], { cwd: repoRoot, encoding: 'utf8' }),
      ),
    );
    return results.map((result) => JSON.parse(result.stdout) as { root: string; seal: string });
  };
  const outputs = await startAll('https://x.example');
  t.is(new Set(outputs.map((o) => o.root)).size, 1);
  t.is(new Set(outputs.map((o) => o.seal)).size, 1);
  const onDisk = await readFile(path.join(target, 'pki', 'root.cer'));
  t.is(onDisk.toString('base64'), outputs[0]!.root);

  // and a concurrent re-issue for a new URL also converges (one new seal certificate, same root)
  const moved = await startAll('https://y.example');
  t.is(new Set(moved.map((o) => o.seal)).size, 1);
  t.not(moved[0]!.seal, outputs[0]!.seal);
  t.is(moved[0]!.root, outputs[0]!.root);
  const registry = JSON.parse(await readFile(path.join(target, 'pki', 'registry.json'), 'utf8')) as {
    certificates: unknown[];
  };
  t.is(registry.certificates.length, 5);
});
