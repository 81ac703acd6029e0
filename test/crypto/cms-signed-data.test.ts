import test from 'ava';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUnsignedAttribute, createSignedData, signatureValueOf } from '../../server/crypto/cms-signed-data.js';
import { verifySignedData } from '../../server/crypto/cms-verify.js';
import { encodeOctetString } from '../../server/crypto/der-codec.js';
import { OID } from '../../server/crypto/oids.js';
import { isSeglError } from '../../server/lib/errors.js';
import { createTestPki, writeTestPki, type TestPki } from '../helpers/test-pki.js';
import { opensslCmsVerify } from '../helpers/external-tool.js';
import { writeTemp } from '../helpers/pdf-signatures.js';

let pki: TestPki;
let rsaPki: TestPki;
let dir: string;

test.before(async () => {
  [pki, rsaPki] = await Promise.all([
    createTestPki(),
    createTestPki({ caType: 'rsa', sealType: 'rsa', tsaType: 'rsa' }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'segl-cms-'));
  writeTestPki(pki, dir);
  writeFileSync(join(dir, 'rsa-ca.pem'), rsaPki.pem.ca);
  writeFileSync(join(dir, 'rsa-seal.pem'), rsaPki.pem.seal);
  writeFileSync(join(dir, 'rsa-seal.key'), rsaPki.pem.sealKey);
});

test.after.always(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (data: Uint8Array): Uint8Array => createHash('sha256').update(data).digest();

/** `openssl cms -verify`; throws unless it succeeds and writes out the content. */
function opensslVerify(cms: Uint8Array, content: Uint8Array | undefined, caFile: string): string {
  const id = randomBytes(6).toString('hex');
  const out = join(dir, `${id}.out`);
  const result = opensslCmsVerify({
    cms: writeTemp(dir, `${id}.p7s`, cms),
    content: content && writeTemp(dir, `${id}.data`, content),
    caFile: join(dir, caFile),
    out,
  });
  if (result.status !== 0) throw new Error(`openssl cms -verify failed: ${result.stderr}`);
  return result.stdout + readFileSync(out).length;
}

test('detached ECDSA SignedData verifies here and with openssl cms -verify', (t) => {
  const content = randomBytes(5000);
  const cms = createSignedData({
    identity: pki.seal,
    contentType: OID.data,
    contentDigest: sha256(content),
    includeChain: true,
  });
  const report = verifySignedData({ cms, contentDigest: sha256(content) });
  t.deepEqual(report.problems, []);
  t.true(report.intact);
  t.true(report.signatureValid);
  t.true(report.signedAttributes.hasSigningCertificateV2);
  t.true(report.signedAttributes.signingCertificateV2Matches);
  t.is(report.signedAttributes.signingTime, undefined);
  t.false(report.signedAttributes.attributes.some((attribute) => attribute.type === OID.signingTime));
  t.deepEqual(report.signerCertificate, pki.seal.certificate);
  t.is(report.certificates.length, 2);
  t.is(report.digestAlgorithm, OID.sha256);
  t.is(report.encapsulatedContent, undefined);
  t.notThrows(() => opensslVerify(cms, content, 'ca.pem'));
});

test('encapsulated RSA SignedData verifies here and with openssl', (t) => {
  const content = new TextEncoder().encode('hello, world');
  const cms = createSignedData({
    identity: rsaPki.seal,
    contentType: OID.data,
    content,
    contentDigest: sha256(content),
    includeChain: false,
  });
  const report = verifySignedData({ cms });
  t.deepEqual(report.problems, []);
  t.true(report.intact && report.signatureValid);
  t.is(report.certificates.length, 1);
  t.deepEqual(report.encapsulatedContent, content);
  t.is(report.signatureAlgorithm, OID.sha256WithRSAEncryption);
  t.notThrows(() => opensslVerify(cms, undefined, 'rsa-ca.pem'));
});

test('P-384 seal keys sign with ECDSA and verify with openssl', async (t) => {
  const p384 = await createTestPki({ caType: 'ec-p384', sealType: 'ec-p384' });
  writeFileSync(join(dir, 'p384-ca.pem'), p384.pem.ca);
  const content = randomBytes(2000);
  const cms = createSignedData({ identity: p384.seal, contentType: OID.data, contentDigest: sha256(content) });
  const report = verifySignedData({ cms, contentDigest: sha256(content) });
  t.true(report.intact && report.signatureValid);
  t.notThrows(() => opensslVerify(cms, content, 'p384-ca.pem'));
});

test('a flipped content byte breaks intact; a flipped signature byte breaks the signature', (t) => {
  const content = randomBytes(1000);
  const cms = createSignedData({ identity: pki.seal, contentType: OID.data, contentDigest: sha256(content) });
  const changed = Uint8Array.from(content);
  changed[500] ^= 1;
  const report = verifySignedData({ cms, contentDigest: sha256(changed) });
  t.false(report.intact);
  t.true(report.signatureValid);
  t.true(report.problems.some((problem) => problem.code === 'cms_digest_mismatch'));

  const signature = signatureValueOf(cms);
  const at = Buffer.from(cms).indexOf(Buffer.from(signature));
  const broken = Uint8Array.from(cms);
  broken[at + signature.length - 3] ^= 0x01;
  const brokenReport = verifySignedData({ cms: broken, contentDigest: sha256(content) });
  t.true(brokenReport.intact);
  t.false(brokenReport.signatureValid);
  t.true(brokenReport.problems.some((problem) => problem.code === 'cms_signature_invalid'));
});

test('addUnsignedAttribute keeps the signature and adds the value', (t) => {
  const content = randomBytes(100);
  const cms = createSignedData({ identity: pki.seal, contentType: OID.data, contentDigest: sha256(content) });
  const token = encodeOctetString(Uint8Array.of(1, 2, 3));
  const extended = addUnsignedAttribute({ cms, type: OID.signatureTimeStampToken, value: token });
  const report = verifySignedData({ cms: extended, contentDigest: sha256(content) });
  t.true(report.intact && report.signatureValid);
  t.deepEqual(report.unsignedAttributes, [{ type: OID.signatureTimeStampToken, values: [token] }]);
  t.deepEqual(signatureValueOf(extended), signatureValueOf(cms));
  const twice = addUnsignedAttribute({
    cms: extended,
    type: OID.signatureTimeStampToken,
    value: encodeOctetString(Uint8Array.of(4)),
  });
  t.is(verifySignedData({ cms: twice, contentDigest: sha256(content) }).unsignedAttributes[0].values.length, 2);
  t.notThrows(() => opensslVerify(twice, content, 'ca.pem'));
});

test('signing-time is refused as an extra signed attribute', (t) => {
  const error = t.throws(() =>
    createSignedData({
      identity: pki.seal,
      contentType: OID.data,
      contentDigest: new Uint8Array(32),
      signedAttributes: [{ type: OID.signingTime, values: [] }],
    }),
  );
  t.true(isSeglError(error));
});

test('unparseable input throws cms_unreadable; zero padding after the CMS is accepted', (t) => {
  const error = t.throws(() => verifySignedData({ cms: randomBytes(64) }));
  t.true(isSeglError(error) && error.code === 'cms_unreadable');
  const content = randomBytes(10);
  const cms = createSignedData({ identity: pki.seal, contentType: OID.data, contentDigest: sha256(content) });
  const padded = new Uint8Array(cms.length + 100);
  padded.set(cms);
  t.true(verifySignedData({ cms: padded, contentDigest: sha256(content) }).signatureValid);
});

test('detached without content reports a problem instead of throwing', (t) => {
  const cms = createSignedData({ identity: pki.seal, contentType: OID.data, contentDigest: new Uint8Array(32) });
  const report = verifySignedData({ cms });
  t.false(report.intact);
  t.true(report.signatureValid);
  t.true(report.problems.some((problem) => problem.code === 'cms_content_missing'));
});

function opensslSign(extra: string[], content: Uint8Array): Uint8Array {
  const id = randomBytes(6).toString('hex');
  writeFileSync(join(dir, `${id}.data`), content);
  execFileSync('openssl', [
    'cms',
    '-sign',
    '-binary',
    '-outform',
    'DER',
    '-in',
    join(dir, `${id}.data`),
    '-out',
    join(dir, `${id}.p7s`),
    '-signer',
    join(dir, 'rsa-seal.pem'),
    '-inkey',
    join(dir, 'rsa-seal.key'),
    '-md',
    'sha256',
    ...extra,
  ]);
  return readFileSync(join(dir, `${id}.p7s`));
}

for (const [name, extra, detached] of [
  ['RSA PKCS#1 detached', ['-nodetach'].slice(1), true],
  ['RSA-PSS detached', ['-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:32'], true],
  ['RSA subjectKeyIdentifier signer', ['-keyid'], true],
  ['RSA without signed attributes, detached', ['-noattr'], true],
  ['RSA without signed attributes, encapsulated', ['-noattr', '-nodetach'], false],
  [
    'RSA-PSS encapsulated without signed attributes',
    ['-noattr', '-nodetach', '-keyopt', 'rsa_padding_mode:pss'],
    false,
  ],
  ['RSA BER indefinite lengths (streamed), encapsulated', ['-stream', '-nodetach'], false],
  ['RSA SHA-512 digest, encapsulated', ['-nodetach', '-md', 'sha512'], false],
] as const) {
  test(`verifies CMS made by openssl: ${name}`, (t) => {
    const content = randomBytes(3000);
    const cms = opensslSign(detached ? [...extra] : [...extra], content);
    const report = verifySignedData(detached ? { cms, contentDigest: sha256(content) } : { cms });
    t.deepEqual(report.problems, []);
    t.true(report.intact);
    t.true(report.signatureValid);
    const changed = Uint8Array.from(content);
    changed[0] ^= 0x80;
    if (detached) t.false(verifySignedData({ cms, contentDigest: sha256(changed) }).intact);
  });
}

test('many documents per second', (t) => {
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < 300) {
    const digest = sha256(randomBytes(32));
    const cms = createSignedData({ identity: pki.seal, contentType: OID.data, contentDigest: digest });
    t.true(verifySignedData({ cms, contentDigest: digest }).signatureValid);
    count += 1;
  }
  t.log(`${Math.round((count / (performance.now() - started)) * 1000)} sign+verify per second`);
  t.true(count > 20);
});
