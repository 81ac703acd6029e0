import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { loadConfig } from '../../server/lib/config.js';
import { isSeglError } from '../../server/lib/errors.js';
import { openSealer } from '../../server/domain/sealer.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { startExternalCa, type ExternalCa, type IssuedLeaf } from '../helpers/external-ca.js';
import { requireTools, tempDir } from '../helpers/external-tool.js';
import { createSoftHsmToken, type SoftHsmToken } from '../helpers/softhsm.js';
import { runSegl } from '../helpers/cli.js';

const haveTools = requireTools('softhsm2-util', 'pkcs11-tool', 'openssl');
const maybe = haveTools ? test.serial : test.skip;

let ca: ExternalCa;
let token: SoftHsmToken;
let rsaLeaf: IssuedLeaf;
let ecLeaf: IssuedLeaf;
let work: string;

test.before(async () => {
  if (!haveTools) return;
  ca = await startExternalCa({ name: 'Hardanger HSM Test CA' });
  token = await createSoftHsmToken();
  work = tempDir('segl-pkcs11-');
  rsaLeaf = await ca.issueLeaf({ name: 'Hardanger RSA Seal', key: 'rsa' });
  ecLeaf = await ca.issueLeaf({ name: 'Hardanger EC Seal', key: 'ec' });
  // RSA: key and certificate on the token; EC: key only, the certificate comes from SEGL_SEAL_CHAIN_FILE
  await token.importKey({ keyPath: rsaLeaf.keyPath, certPath: rsaLeaf.certPath, label: 'seal-rsa', id: '01' });
  await token.importKey({ keyPath: ecLeaf.keyPath, label: 'seal-ec', id: '02' });
  writeFileSync(
    join(work, 'chain.pem'),
    [ca.intermediatePath, ca.rootPath].map((file) => readFileSync(file, 'utf8')).join(''),
  );
  writeFileSync(
    join(work, 'ec-chain.pem'),
    [ecLeaf.certPath, ca.intermediatePath, ca.rootPath].map((file) => readFileSync(file, 'utf8')).join(''),
  );
  writeFileSync(join(work, 'pin'), `${token.pin}\n`);
});
test.after.always(async () => {
  await ca?.close();
});

function env(keyLabel: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SEGL_DATA_DIR: tempDir('segl-pkcs11-data-'),
    SEGL_PKCS11_MODULE: token.modulePath,
    SEGL_PKCS11_TOKEN_LABEL: token.label,
    SEGL_PKCS11_KEY_LABEL: keyLabel,
    SEGL_PKCS11_PIN_FILE: join(work, 'pin'),
    SEGL_SEAL_CHAIN_FILE: join(work, keyLabel === 'seal-ec' ? 'ec-chain.pem' : 'chain.pem'),
    ...extra,
  };
}

maybe('RSA and ECDSA keys in SoftHSM2 seal documents that verify against the external CA', async (t) => {
  const trust = readFileSync(ca.rootPath, 'utf8');
  for (const [label, leaf] of [
    ['seal-rsa', rsaLeaf],
    ['seal-ec', ecLeaf],
  ] as const) {
    const signing = await openSealer({ config: loadConfig({ env: env(label) }) });
    try {
      const identity = await signing.sealIdentity();
      t.is(identity.source, 'pkcs11');
      t.deepEqual(identity.certificate, leaf.certificate);
      t.is(identity.chain.length, 2);
      const sealed = (
        await signing.sealBytes({ input: await createSamplePdf({ pages: 2, title: label }), level: 'B-T' })
      ).output;
      const report = verifyDocument({ bytes: sealed, trustAnchorsPem: trust + signing.rootCertificatePem() });
      t.is(report.status, 'passed', JSON.stringify(report.signatures.map((s) => s.problems)));
      t.regex(
        JSON.stringify(report.signatures[0]?.signer),
        label === 'seal-rsa' ? /Hardanger RSA Seal/ : /Hardanger EC Seal/,
      );
    } finally {
      signing.close();
    }
  }
});

maybe('sessions are reused by concurrent seals, and a session the token lost is reopened', async (t) => {
  const signing = await openSealer({ config: loadConfig({ env: env('seal-rsa') }) });
  const trust = readFileSync(ca.rootPath, 'utf8') + signing.rootCertificatePem();
  try {
    const inputs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createSamplePdf({ pages: 1, title: `parallel ${i}` })),
    );
    const sealed = await Promise.all(inputs.map((input) => signing.sealBytes({ input, level: 'B-B' })));
    for (const result of sealed)
      t.is(verifyDocument({ bytes: result.output, trustAnchorsPem: trust }).status, 'passed');

    // Another application handle of the same module closes every session on the slot (as a token reset would).
    const module = new pkcs11js.PKCS11();
    module.load(token.modulePath);
    try {
      module.C_Initialize();
    } catch (error) {
      if ((error as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw error;
    }
    const slot = module
      .C_GetSlotList(true)
      .find((candidate) => module.C_GetTokenInfo(candidate).label.trim() === token.label)!;
    module.C_CloseAllSessions(slot);

    const after = await signing.sealBytes({
      input: await createSamplePdf({ pages: 1, title: 'after the loss' }),
      level: 'B-B',
    });
    t.is(
      verifyDocument({ bytes: after.output, trustAnchorsPem: trust }).status,
      'passed',
      'the seal recovered with new sessions',
    );
  } finally {
    signing.close();
  }
});

maybe('a wrong PIN, an unknown key label or a key without certificate are named', async (t) => {
  const failure = async (environment: Record<string, string>) => {
    const signing = await openSealer({ config: loadConfig({ env: environment }) });
    try {
      await signing.sealIdentity();
    } catch (error) {
      return isSeglError(error) ? error.code : String(error);
    } finally {
      signing.close();
    }
    return 'no error';
  };
  writeFileSync(join(work, 'wrong-pin'), '000000\n');
  t.is(await failure(env('seal-rsa', { SEGL_PKCS11_PIN_FILE: join(work, 'wrong-pin') })), 'pkcs11_pin_incorrect');
  t.is(await failure(env('no-such-key')), 'pkcs11_key_not_found');
  t.is(
    await failure(env('seal-ec', { SEGL_SEAL_CHAIN_FILE: join(work, 'chain.pem') })),
    'pkcs11_certificate_not_found',
  );
  t.is(await failure({ ...env('seal-rsa'), SEGL_PKCS11_TOKEN_LABEL: 'absent' }), 'pkcs11_token_not_found');
});

maybe('segl seal-key show names the token key', async (t) => {
  const environment = { ...env('seal-ec'), SOFTHSM2_CONF: token.conf };
  const shown = await runSegl(['seal-key', 'show', '--json'], { env: environment });
  t.is(shown.code, 0, shown.stderr);
  const description = JSON.parse(shown.stdout);
  t.is(description.source, 'pkcs11');
  t.regex(description.subject, /Hardanger EC Seal/);
  t.is(description.keyType, 'EC prime256v1');
});
