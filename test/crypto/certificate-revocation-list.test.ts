import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadAppliancePki } from '../../server/crypto/appliance-pki.js';
import { createCrl, parseCrl } from '../../server/crypto/certificate-revocation-list.js';
import { systemClock } from '../../server/lib/clock.js';

const kek = new Uint8Array(32).fill(6);

test('createCrl makes a v2 CRL with AKI and CRLNumber that openssl crl -verify accepts', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segl-crl-'));
  const pki = await loadAppliancePki({ dataDir: dir, kek, publicUrl: 'https://c.example', clock: systemClock });
  const thisUpdate = new Date('2027-05-01T10:00:00Z');
  const crl = createCrl({
    issuer: pki.root,
    revoked: [
      { serial: '7F:01:02', revokedAt: new Date('2027-04-01T00:00:00Z'), reason: 1 },
      { serial: 'ab', revokedAt: new Date('2027-04-02T00:00:00Z') },
    ],
    thisUpdate,
    nextUpdate: new Date('2027-05-08T10:00:00Z'),
    crlNumber: 42,
  });
  await writeFile(path.join(dir, 'crl.der'), crl);
  await writeFile(path.join(dir, 'root.pem'), pki.rootPem());
  const out = execFileSync(
    'openssl',
    ['crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'root.pem', '-noout', '-text'],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  t.regex(out, /Version 2/);
  t.regex(out, /X509v3 CRL Number:\s+42/);
  t.regex(out, /X509v3 Authority Key Identifier/);
  t.regex(out, /Serial Number: 7F0102/);
  t.regex(out, /Key Compromise/);
  const verify = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'root.pem', '-noout'], {
    cwd: dir,
    encoding: 'utf8',
  });
  t.is(verify.status, 0);
  t.regex(verify.stderr, /verify OK/);

  const parsed = parseCrl({ crl, issuer: pki.root.certificate });
  t.true(parsed.signatureValid);
  t.is(parsed.crlNumber, 42n);
  t.deepEqual(parsed.thisUpdate, thisUpdate);
  t.deepEqual(
    parsed.revokedSerials.map((entry) => entry.serialHex),
    ['7f0102', 'ab'],
  );
  t.is(parsed.revokedSerials[0]?.reason, 1);
  t.regex(parsed.issuer, /^CN=Segl Appliance Root CA/);

  const other = await loadAppliancePki({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'segl-crl-')),
    kek,
    publicUrl: 'https://c.example',
    clock: systemClock,
  });
  t.false(parseCrl({ crl, issuer: other.root.certificate }).signatureValid);
  const tampered = Uint8Array.from(crl);
  tampered[tampered.length - 3]! ^= 1;
  t.false(parseCrl({ crl: tampered, issuer: pki.root.certificate }).signatureValid);
  t.throws(() => parseCrl({ crl: new Uint8Array([1, 2]) }), { code: 'malformed_crl' });
});

test('an empty CRL (nothing revoked) is valid too', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segl-crl-'));
  const pki = await loadAppliancePki({ dataDir: dir, kek, publicUrl: 'https://c.example', clock: systemClock });
  await writeFile(path.join(dir, 'crl.der'), pki.currentCrl());
  await writeFile(path.join(dir, 'root.pem'), pki.rootPem());
  const result = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'root.pem', '-noout'], {
    cwd: dir,
    encoding: 'utf8',
  });
  t.is(result.status, 0);
  t.regex(result.stderr, /verify OK/);
  t.deepEqual(parseCrl({ crl: pki.currentCrl(), issuer: pki.root.certificate }).revokedSerials, []);
});
