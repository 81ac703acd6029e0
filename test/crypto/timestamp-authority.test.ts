import test from 'ava';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  childrenOf,
  decodeBitString,
  decodeInteger,
  encodeAlgorithmIdentifier,
  encodeBoolean,
  encodeExplicit,
  encodeInteger,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  readDer,
} from '../../server/crypto/der-codec.js';
import { OID } from '../../server/crypto/oids.js';
import { createTimestampResponse } from '../../server/crypto/timestamp-authority.js';
import { createTimestampRequest } from '../../server/crypto/timestamp-client.js';
import { parseTimestampToken, verifyTimestampToken } from '../../server/crypto/timestamp-token.js';
import { fixedClock } from '../../server/lib/clock.js';
import { createTestPki, writeTestPki, type TestPki } from '../helpers/test-pki.js';

let pki: TestPki;
let dir: string;
const clock = fixedClock('2026-11-27T10:11:12.345Z');

test.before(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), 'segl-tsa-'));
  writeTestPki(pki, dir);
});

test.after.always(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

function split(response: Uint8Array): {
  status: bigint;
  failBits: Uint8Array | undefined;
  token: Uint8Array | undefined;
} {
  const [statusInfo, token] = childrenOf(readDer(response));
  const fields = childrenOf(statusInfo);
  const failInfo = fields.find((field) => field.tag === 0x03);
  return {
    status: decodeInteger(fields[0]),
    failBits: failInfo ? decodeBitString(failInfo).bytes : undefined,
    token: token?.raw,
  };
}

test('tokens for an openssl query pass openssl ts -verify and read back here', (t) => {
  const data = randomBytes(4000);
  writeFileSync(join(dir, 'data.bin'), data);
  openssl(['ts', '-query', '-data', join(dir, 'data.bin'), '-sha256', '-cert', '-out', join(dir, 'q.tsq')]);
  const response = createTimestampResponse({
    request: readFileSync(join(dir, 'q.tsq')),
    identity: pki.tsa,
    clock,
    accuracyMs: 1500,
  });
  writeFileSync(join(dir, 'resp.tsr'), response);

  const text = openssl(['ts', '-reply', '-in', join(dir, 'resp.tsr'), '-text']);
  t.regex(text, /Status: Granted/);
  t.regex(text, /Policy OID: 1\.3\.6\.1\.4\.1\.59999\.1\.1/);
  t.regex(text, /Time stamp: Nov 27 10:11:12\.345 2026 GMT/);
  t.regex(text, /Accuracy: 0x01 seconds, 0x01F4 millis/);
  t.regex(text, /TSA: DirName:.*CN ?= ?Segl Test TSA/);

  const { token } = split(response);
  writeFileSync(join(dir, 'token.der'), token!);
  const verified = openssl([
    'ts',
    '-verify',
    '-data',
    join(dir, 'data.bin'),
    '-in',
    join(dir, 'token.der'),
    '-token_in',
    '-CAfile',
    join(dir, 'ca.pem'),
    '-untrusted',
    join(dir, 'tsa.pem'),
  ]);
  t.regex(verified, /Verification: OK/);
  const withQuery = openssl([
    'ts',
    '-verify',
    '-queryfile',
    join(dir, 'q.tsq'),
    '-in',
    join(dir, 'resp.tsr'),
    '-CAfile',
    join(dir, 'ca.pem'),
  ]);
  t.regex(withQuery, /Verification: OK/);

  const report = verifyTimestampToken({ token: token!, data });
  t.deepEqual(report.problems, []);
  t.true(report.imprintMatches && report.signatureValid && report.tsaEkuOk && report.signingCertificateOk);
  t.is(report.genTime.toISOString(), '2026-11-27T10:11:12.345Z');
  t.is(report.policy, OID.seglTimestampPolicy);
  t.is(report.hashAlgorithm, OID.sha256);
  t.true(report.nonce !== undefined);
  t.deepEqual(report.tsaCertificate, pki.tsa.certificate);
  t.is(report.certificates.length, 2);
  t.true(report.serialNumber > 0n);
});

test('nonce, imprint and serial are as asked; certReq false leaves certificates out', (t) => {
  const digest = createHash('sha256').update('x').digest();
  const request = createTimestampRequest({ digest, nonce: 1234567890123n, certReq: false });
  const response = createTimestampResponse({
    request,
    identity: pki.tsa,
    clock,
    serialNumber: () => 42n,
    accuracyMs: 0,
  });
  const { status, token } = split(response);
  t.is(status, 0n);
  const parsed = parseTimestampToken(token!);
  t.is(parsed.nonce, 1234567890123n);
  t.is(parsed.serialNumber, 42n);
  t.is(parsed.accuracy, undefined);
  t.deepEqual(parsed.certificates, []);
  const without = verifyTimestampToken({ token: token!, imprint: digest });
  t.false(without.signatureValid);
  t.true(without.problems.some((problem) => problem.code === 'cms_signer_certificate_missing'));
  const withTrusted = verifyTimestampToken({
    token: token!,
    imprint: digest,
    trustedCertificates: [pki.tsa.certificate],
  });
  t.true(withTrusted.signatureValid && withTrusted.imprintMatches && withTrusted.tsaEkuOk);
  t.false(
    verifyTimestampToken({ token: token!, imprint: new Uint8Array(32), trustedCertificates: [pki.tsa.certificate] })
      .imprintMatches,
  );
});

test('SHA-384, SHA-512 and SHA-1 imprints are accepted', (t) => {
  for (const [hash, oid] of [
    ['sha384', OID.sha384],
    ['sha512', OID.sha512],
    ['sha1', OID.sha1],
  ] as const) {
    const data = randomBytes(10);
    const request = encodeSequence([
      encodeInteger(1),
      encodeSequence([encodeAlgorithmIdentifier(oid), encodeOctetString(createHash(hash).update(data).digest())]),
      encodeBoolean(true),
    ]);
    const { status, token } = split(createTimestampResponse({ request, identity: pki.tsa, clock }));
    t.is(status, 0n, hash);
    t.true(verifyTimestampToken({ token: token!, data }).imprintMatches, hash);
  }
});

const BAD_DATA_FORMAT = Uint8Array.of(0x04);
const BAD_ALG = Uint8Array.of(0x80);

test('bad requests get rejection responses, never exceptions', (t) => {
  const digest = new Uint8Array(32);
  const cases: [string, Uint8Array, Uint8Array][] = [
    ['garbage', randomBytes(50), BAD_DATA_FORMAT],
    ['empty', new Uint8Array(0), BAD_DATA_FORMAT],
    ['truncated', createTimestampRequest({ digest, nonce: 1n }).subarray(0, 20), BAD_DATA_FORMAT],
    [
      'version 2',
      encodeSequence([
        encodeInteger(2),
        encodeSequence([encodeAlgorithmIdentifier(OID.sha256), encodeOctetString(digest)]),
      ]),
      BAD_DATA_FORMAT,
    ],
    [
      'unknown hash',
      encodeSequence([
        encodeInteger(1),
        encodeSequence([encodeAlgorithmIdentifier('1.2.840.113549.2.5'), encodeOctetString(new Uint8Array(16))]),
      ]),
      BAD_ALG,
    ],
    [
      'wrong imprint length',
      encodeSequence([
        encodeInteger(1),
        encodeSequence([encodeAlgorithmIdentifier(OID.sha256), encodeOctetString(new Uint8Array(20))]),
      ]),
      BAD_DATA_FORMAT,
    ],
  ];
  for (const [name, request, bits] of cases) {
    const response = createTimestampResponse({ request, identity: pki.tsa, clock });
    const parsed = split(response);
    t.is(parsed.status, 2n, name);
    t.deepEqual(parsed.failBits, bits, name);
    t.is(parsed.token, undefined, name);
  }
  const unknownHash = createTimestampResponse({ request: cases[4][1], identity: pki.tsa, clock });
  writeFileSync(join(dir, 'rejected.tsr'), unknownHash);
  const text = openssl(['ts', '-reply', '-in', join(dir, 'rejected.tsr'), '-text']);
  t.regex(text, /Status: Rejected/);
  t.regex(text, /Failure info:\s*unrecognized or unsupported algorithm/);
  writeFileSync(join(dir, 'garbage.tsr'), createTimestampResponse({ request: cases[0][1], identity: pki.tsa, clock }));
  t.regex(
    openssl(['ts', '-reply', '-in', join(dir, 'garbage.tsr'), '-text']),
    /Failure info: the data submitted has the wrong format/,
  );
});

test('another policy or request extensions are refused', (t) => {
  const imprint = encodeSequence([encodeAlgorithmIdentifier(OID.sha256), encodeOctetString(new Uint8Array(32))]);
  const otherPolicy = encodeSequence([encodeInteger(1), imprint, encodeOid('1.2.3.4')]);
  t.deepEqual(
    split(createTimestampResponse({ request: otherPolicy, identity: pki.tsa, clock })).failBits,
    Uint8Array.of(0x00, 0x01),
  );
  const ourPolicy = encodeSequence([encodeInteger(1), imprint, encodeOid(OID.seglTimestampPolicy)]);
  t.is(split(createTimestampResponse({ request: ourPolicy, identity: pki.tsa, clock })).status, 0n);
  const withExtensions = encodeSequence([
    encodeInteger(1),
    imprint,
    encodeExplicit(0, encodeSequence([encodeOid('1.2.3'), encodeOctetString(new Uint8Array(1))])),
  ]);
  t.deepEqual(
    split(createTimestampResponse({ request: withExtensions, identity: pki.tsa, clock })).failBits,
    Uint8Array.of(0x00, 0x00, 0x80),
  );
});

test('a TSA certificate without a critical timeStamping EKU is reported', async (t) => {
  const loose = await createTestPki({ tsaEku: { purposes: [OID.timeStamping], critical: false } });
  const digest = new Uint8Array(32).fill(7);
  const { token } = split(
    createTimestampResponse({ request: createTimestampRequest({ digest, nonce: 5n }), identity: loose.tsa, clock }),
  );
  const report = verifyTimestampToken({ token: token!, imprint: digest });
  t.true(report.signatureValid);
  t.false(report.tsaEkuOk);
  t.true(report.problems.some((problem) => problem.code === 'timestamp_tsa_eku'));
});

test('a tampered token fails its signature check', (t) => {
  const digest = new Uint8Array(32).fill(9);
  const { token } = split(
    createTimestampResponse({ request: createTimestampRequest({ digest, nonce: 77n }), identity: pki.tsa, clock }),
  );
  const changed = Uint8Array.from(token!);
  const at = Buffer.from(changed).indexOf(Buffer.from(digest));
  changed[at] ^= 1;
  const report = verifyTimestampToken({ token: changed, imprint: digest });
  t.false(report.imprintMatches);
  t.false(report.signatureValid);
});

test('time-stamping is fast', (t) => {
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < 300) {
    const request = createTimestampRequest({ digest: randomBytes(32), nonce: BigInt(count + 1) });
    t.is(split(createTimestampResponse({ request, identity: pki.tsa, clock })).status, 0n);
    count += 1;
  }
  t.log(`${Math.round((count / (performance.now() - started)) * 1000)} tokens per second`);
});
