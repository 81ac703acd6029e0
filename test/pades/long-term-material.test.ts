import test from 'ava';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadAppliancePki } from '../../server/crypto/appliance-pki.js';
import { readCertificate } from '../../server/crypto/certificate-info.js';
import { systemClock } from '../../server/lib/clock.js';
import { hasLongTermMaterial } from '../../server/pades/long-term-material.js';

test('a revocation before the proven signing time counts whatever comes first in the file', async (t) => {
  const pki = await loadAppliancePki({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'segl-ltm-')),
    kek: new Uint8Array(32).fill(7),
    publicUrl: 'http://127.0.0.1:9',
    clock: systemClock,
  });
  const seal = pki.seal.certificate;
  const good = pki.ocspResponseFor({ certificate: seal });
  const revokedAt = new Date();
  await pki.revokeCertificate({ serialHex: readCertificate(seal).serialHex, revokedAt });
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
  // a signature a timestamp proves before the revocation stays good (a certificate retired later); one after, not
  const day = 24 * 3600 * 1000;
  const material = { certificates, ocspResponses: [revoked], crls: [pki.currentCrl()] };
  const earlier = hasLongTermMaterial({ chains, material, provenAt: new Date(revokedAt.getTime() - day) });
  t.true(earlier.complete, [...earlier.missing, ...earlier.revoked].join('; '));
  const after = hasLongTermMaterial({ chains, material, provenAt: new Date(revokedAt.getTime() + day) });
  t.is(after.revoked.length, 1);
});
