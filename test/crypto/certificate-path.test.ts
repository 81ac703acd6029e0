import test from 'ava';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadAppliancePki, type AppliancePki } from '../../server/crypto/appliance-pki.js';
import { issueCertificate } from '../../server/crypto/certificate-builder.js';
import {
  certificateSummary,
  derToPem,
  pemToDerList,
  validateCertificatePath,
} from '../../server/crypto/certificate-path.js';
import { systemClock } from '../../server/lib/clock.js';

const kek = new Uint8Array(32).fill(3);
const newPki = async (): Promise<AppliancePki> =>
  loadAppliancePki({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'segl-path-')),
    kek,
    publicUrl: 'https://p.example',
    clock: systemClock,
  });

test('seal and TSA certificates chain to the root', async (t) => {
  const pki = await newPki();
  for (const identity of [pki.seal, pki.tsa]) {
    const report = validateCertificatePath({
      certificate: identity.certificate,
      intermediates: [],
      trustAnchors: [pki.root.certificate],
      at: new Date(),
    });
    t.deepEqual(report.problems, []);
    t.true(report.trusted);
    t.deepEqual(report.chain, [identity.certificate, pki.root.certificate]);
  }
  const rootItself = validateCertificatePath({
    certificate: pki.root.certificate,
    trustAnchors: [pki.root.certificate],
    at: new Date(),
  });
  t.true(rootItself.trusted);
});

test('another root is not trusted: unknown_root, no exception', async (t) => {
  const [a, b] = await Promise.all([newPki(), newPki()]);
  const report = validateCertificatePath({
    certificate: a.seal.certificate,
    intermediates: [a.root.certificate],
    trustAnchors: [b.root.certificate],
    at: new Date(),
  });
  t.false(report.trusted);
  t.is(report.problems[0]?.code, 'unknown_root');
  t.deepEqual(report.chain, [a.seal.certificate, a.root.certificate]);
  t.regex(report.problems[0]!.message, /is not a trust anchor/);
  const noIntermediate = validateCertificatePath({ certificate: a.seal.certificate, trustAnchors: [], at: new Date() });
  t.false(noIntermediate.trusted);
  t.is(noIntermediate.problems[0]?.code, 'unknown_root');
});

test('a tampered certificate is not trusted', async (t) => {
  const pki = await newPki();
  const tampered = Uint8Array.from(pki.seal.certificate);
  const at = Buffer.from(tampered).indexOf('Segl Seal');
  tampered[at + 5] = 'Z'.charCodeAt(0); // "Segl Zeal"
  const report = validateCertificatePath({
    certificate: tampered,
    trustAnchors: [pki.root.certificate],
    at: new Date(),
  });
  t.false(report.trusted);
  t.is(report.problems[0]?.code, 'bad_signature');
  const garbage = validateCertificatePath({
    certificate: new Uint8Array([1, 2, 3]),
    trustAnchors: [pki.root.certificate],
    at: new Date(),
  });
  t.false(garbage.trusted);
  t.is(garbage.problems[0]?.code, 'malformed_certificate');
});

test('validity is checked at the given time', async (t) => {
  const pki = await newPki();
  const late = validateCertificatePath({
    certificate: pki.seal.certificate,
    trustAnchors: [pki.root.certificate],
    at: new Date(Date.now() + 15 * 365 * 86400e3),
  });
  t.false(late.trusted);
  t.deepEqual(
    late.problems.map((p) => p.code),
    ['expired'],
  );
  const early = validateCertificatePath({
    certificate: pki.seal.certificate,
    trustAnchors: [pki.root.certificate],
    at: new Date('2000-01-01'),
  });
  t.true(early.problems.some((p) => p.code === 'not_yet_valid'));
});

test('a non-CA issuer is flagged; RSA PKCS#1 and P-384 signatures verify', async (t) => {
  const pki = await newPki();
  // an end-entity certificate used as issuer
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const child = issueCertificate({
    subject: { commonName: 'child' },
    publicKey: key,
    issuerCertificate: pki.seal.certificate,
    signingKey: pki.seal.privateKey,
    notBefore: new Date(Date.now() - 1000),
    notAfter: new Date(Date.now() + 86400e3),
    profile: {},
  });
  const report = validateCertificatePath({
    certificate: child,
    intermediates: [pki.seal.certificate],
    trustAnchors: [pki.root.certificate],
    at: new Date(),
  });
  t.false(report.trusted);
  t.true(report.problems.some((p) => p.code === 'not_ca'));
  t.true(report.problems.some((p) => p.code === 'key_usage'));

  for (const keyPair of [
    generateKeyPairSync('rsa', { modulusLength: 2048 }),
    generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ]) {
    const root = issueCertificate({
      subject: { commonName: `root ${keyPair.privateKey.asymmetricKeyType}` },
      publicKey: keyPair.publicKey,
      signingKey: keyPair.privateKey,
      notBefore: new Date(Date.now() - 1000),
      notAfter: new Date(Date.now() + 86400e3),
      profile: { ca: {} },
    });
    const leaf = issueCertificate({
      subject: { commonName: 'leaf' },
      publicKey: key,
      issuerCertificate: root,
      signingKey: keyPair.privateKey,
      notBefore: new Date(Date.now() - 1000),
      notAfter: new Date(Date.now() + 86400e3),
      profile: {},
    });
    t.true(validateCertificatePath({ certificate: leaf, trustAnchors: [root], at: new Date() }).trusted);
  }
});

test('RSA-PSS signatures made by OpenSSL verify', async (t) => {
  const { execFileSync } = await import('node:child_process');
  const { readFile } = await import('node:fs/promises');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segl-pss-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const words = (text: string) => text.split(' ');
  const caExtensions = words('-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign');
  const newCa = words('req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2');
  run(...newCa, '-subj', '/CN=pss ca', ...caExtensions);
  const newLeaf = words('req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr');
  run(...newLeaf, '-subj', '/CN=pss leaf');
  run(
    ...words('x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 1 -sha384'),
    ...words('-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48'),
  );
  const [ca] = pemToDerList(await readFile(path.join(dir, 'ca.pem'), 'utf8'));
  const [leaf] = pemToDerList(await readFile(path.join(dir, 'leaf.pem'), 'utf8'));
  t.true(
    Buffer.from(leaf!).includes(Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a])),
    'signed with RSASSA-PSS',
  );
  const report = validateCertificatePath({ certificate: leaf!, trustAnchors: [ca!], at: new Date() });
  t.deepEqual(report.problems, []);
  t.true(report.trusted);
  const broken = Uint8Array.from(leaf!);
  broken[broken.length - 5]! ^= 0xff;
  t.is(
    validateCertificatePath({ certificate: broken, trustAnchors: [ca!], at: new Date() }).problems[0]?.code,
    'bad_signature',
  );
});

test('PEM helpers and summary', async (t) => {
  const pki = await newPki();
  const pem = derToPem(pki.seal.certificate, 'CERTIFICATE') + derToPem(pki.root.certificate, 'CERTIFICATE');
  t.deepEqual(pemToDerList(pem), [pki.seal.certificate, pki.root.certificate]);
  const summary = certificateSummary(pki.seal.certificate);
  t.regex(summary.subject, /^CN=Segl Seal [0-9A-F]{8}, O=Segl$/);
  t.regex(summary.issuerCommonName!, /^Segl Appliance Root CA/);
  t.regex(summary.serialHex, /^[0-9a-f]{32}$/);
  t.regex(summary.sha256, /^[0-9a-f]{64}$/);
  t.true(summary.notBefore < summary.notAfter);
});
