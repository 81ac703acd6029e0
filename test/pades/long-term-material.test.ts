import test from 'ava';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadAppliancePki } from '../../server/crypto/appliance-pki.js';
import { readCertificate } from '../../server/crypto/certificate-info.js';
import { systemClock } from '../../server/lib/clock.js';
import { hasLongTermMaterial } from '../../server/pades/long-term-material.js';

test('a revocation in the file counts whatever comes first: an older "good" response never hides it', async (t) => {
  const pki = await loadAppliancePki({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'segl-ltm-')),
    kek: new Uint8Array(32).fill(7),
    publicUrl: 'http://127.0.0.1:9',
    clock: systemClock,
  });
  const seal = pki.seal.certificate;
  const good = pki.ocspResponseFor({ certificate: seal });
  await pki.revokeCertificate({ serialHex: readCertificate(seal).serialHex });
  const revoked = pki.ocspResponseFor({ certificate: seal });
  const chains = [{ trusted: true, chain: [seal, pki.root.certificate], problems: [] }];
  const certificates = [seal, pki.root.certificate];
  for (const ocspResponses of [
    [good, revoked],
    [revoked, good],
  ]) {
    const check = hasLongTermMaterial({ chains, material: { certificates, ocspResponses, crls: [] } });
    t.false(check.complete);
    t.is(check.revoked.length, 1);
  }
  const onlyGood = hasLongTermMaterial({ chains, material: { certificates, ocspResponses: [good], crls: [] } });
  t.true(onlyGood.complete, onlyGood.missing.join('; '));
});
