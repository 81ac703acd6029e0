import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { systemClock } from '../../server/lib/clock.js';
import { isSeglError } from '../../server/lib/errors.js';
import { openSealer, type Sealer } from '../../server/domain/sealer.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { createRevocationFetcher } from '../../server/crypto/revocation-fetcher.js';
import { parseOcspResponse } from '../../server/crypto/ocsp-client.js';
import { parseCrl } from '../../server/crypto/certificate-revocation-list.js';
import { readCertificate } from '../../server/crypto/certificate-info.js';
import { importedSealKeyConfig, startExternalCa, type ExternalCa, type IssuedLeaf } from '../helpers/external-ca.js';
import { createNssDatabase, requireTools, runPdfsig, tempDir } from '../helpers/external-tool.js';

const haveTools = requireTools('openssl', 'pdfsig', 'certutil');
const maybe = haveTools ? test.serial : test.skip;

let ca: ExternalCa;
let sealLeaf: IssuedLeaf;
test.before(async () => {
  if (!haveTools) return;
  ca = await startExternalCa({ name: 'Skagerrak Test CA', key: 'ec' });
  sealLeaf = await ca.issueLeaf({ name: 'Skagerrak Havn Seal' });
});
test.after.always(async () => {
  await ca?.close();
});

/** The configuration of a sealer with `leaf`, fetching revocation data from the CA on loopback. */
function configWith(leaf: IssuedLeaf, env: Record<string, string> = {}) {
  return importedSealKeyConfig(ca, leaf, { SEGL_REVOCATION_ALLOW_PRIVATE_NETWORK: 'true', ...env });
}

async function contextWith(env: Record<string, string> = {}): Promise<Sealer> {
  return openSealer({ config: await configWith(sealLeaf, env) });
}

async function sealError(signing: Sealer, level: 'B-LT' | 'B-LTA'): Promise<{ code: string; message: string }> {
  try {
    await signing.sealBytes({ input: await createSamplePdf({ pages: 1, title: 'x' }), level });
  } catch (error) {
    if (isSeglError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: 'no error', message: '' };
}

maybe(
  'B-LT and B-LTA embed OCSP and CRLs of the external seal and TSA chains, and validators accept them',
  async (t) => {
    const signing = await contextWith();
    const trust = readFileSync(ca.rootPath, 'utf8');
    const work = tempDir('segl-extrev-pdf-');
    const nss = createNssDatabase(trust);
    for (const level of ['B-LT', 'B-LTA'] as const) {
      const sealed = (
        await signing.sealBytes({ input: await createSamplePdf({ pages: 3, title: `External ${level}` }), level })
      ).output;
      const report = verifyDocument({ bytes: sealed, trustAnchorsPem: trust });
      t.is(report.status, 'passed', JSON.stringify([report.problems, report.signatures.map((s) => s.problems)]));
      t.is(report.level, level, 'our verifier finds the long-term material complete for both chains');
      const file = join(work, `${level}.pdf`);
      writeFileSync(file, sealed);
      const pdfsig = await runPdfsig({ nssDir: nss, file });
      t.is(pdfsig[0]?.validation, 'Signature is Valid.');
      t.is(pdfsig[0]?.certificateValidation, 'Certificate is Trusted.');
    }

    const material = await signing.validationMaterial([
      (await signing.sealIdentity()).certificate,
      ...(await signing.sealIdentity()).chain,
      ca.tsa.certificate,
    ]);
    const leafSerial = readCertificate((await signing.sealIdentity()).certificate).serialHex;
    const tsaSerial = readCertificate(ca.tsa.certificate).serialHex;
    const ocspSerials = material.ocspResponses.flatMap((der) =>
      parseOcspResponse({ response: der }).responses.map((r) => r.serialHex),
    );
    t.true(ocspSerials.includes(leafSerial), 'OCSP for the seal certificate (AIA)');
    t.true(ocspSerials.includes(tsaSerial), 'OCSP for the TSA certificate (AIA)');
    const crlIssuers = material.crls.map((der) => parseCrl({ crl: der }).issuer);
    t.true(
      crlIssuers.some((issuer) => /Skagerrak Test CA Root CA/.test(issuer)),
      'the CRL of the root for the intermediate (distribution point)',
    );
  },
);

maybe('revocation answers are cached across seals, and the guard refuses loopback unless allowed', async (t) => {
  const signing = await contextWith();
  await signing.sealBytes({ input: await createSamplePdf({ pages: 1, title: 'first' }), level: 'B-LT' });
  const afterFirst = { ...ca.hits };
  for (let i = 0; i < 3; i += 1)
    await signing.sealBytes({ input: await createSamplePdf({ pages: 1, title: `again ${i}` }), level: 'B-LT' });
  t.is(ca.hits.ocsp, afterFirst.ocsp, 'no new OCSP requests within the cache time');
  t.is(ca.hits.crl, afterFirst.crl, 'no new CRL downloads within the cache time');
  t.true(ca.hits.tsa > afterFirst.tsa, 'timestamps are fresh for every seal');

  const guarded = await contextWith({ SEGL_REVOCATION_ALLOW_PRIVATE_NETWORK: 'false' });
  const refused = await sealError(guarded, 'B-LT');
  t.is(refused.code, 'revocation_unavailable');
});

maybe(
  'an unreachable CA fails B-LT with a clear reason instead of a silent downgrade; a revoked seal fails',
  async (t) => {
    const signing = await contextWith();
    ca.setAvailable(false);
    try {
      const failed = await sealError(signing, 'B-LTA');
      t.is(failed.code, 'revocation_unavailable');
      t.regex(failed.message, /No revocation data for "Skagerrak Havn Seal"/);
      const bt = await signing.sealBytes({
        input: await createSamplePdf({ pages: 1, title: 'B-T needs none' }),
        level: 'B-T',
      });
      t.is(bt.level, 'B-T');
    } finally {
      ca.setAvailable(true);
    }

    const doomed = await ca.issueLeaf({ name: 'Doomed Seal' });
    const config = await configWith(doomed);
    await ca.revoke(doomed);
    const revoked = await sealError(await openSealer({ config }), 'B-LT');
    t.is(revoked.code, 'certificate_revoked');
    t.regex(revoked.message, /Doomed Seal.*revoked/);
  },
);

maybe('a responder that never answers is given up after the time limit', async (t) => {
  const hanging: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const port = (hanging.address() as AddressInfo).port;
  try {
    const fetcher = createRevocationFetcher({
      clock: systemClock,
      timeoutMs: 300,
      // every URL of the certificate leads to the silent server
      fetchImpl: (_url, init) => fetch(`http://127.0.0.1:${port}/`, init as RequestInit),
    });
    const started = Date.now();
    const error = await t.throwsAsync(fetcher({ certificate: ca.tsa.certificate, issuer: ca.intermediate }));
    t.is((error as unknown as { code: string }).code, 'revocation_unavailable');
    t.true(Date.now() - started < 5000);
  } finally {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  }
});
