import type { Config } from '../../lib/config.js';
import type { Clock } from '../../lib/clock.js';
import { PkiError } from '../../crypto/pki-error.js';
import { loadKeyEncryptionKey } from '../../crypto/key-encryption-key.js';
import { readPkcs12 } from '../../crypto/pkcs12-bundle.js';
import { certificateForKey, checkSealCertificate, spkiOf } from '../../crypto/seal-certificate-check.js';
import { storeImportedSealKey, setCurrentSealKey } from '../../crypto/imported-seal-key.js';
import { pemToDerList } from '../../crypto/pem.js';
import { sealIdentityFromKey } from '../../crypto/signing-identity.js';
import { openSealer } from '../sealer.js';
import { describeSealKey, type SealKeyDescription } from './describe-seal-key.js';

/** Largest PEM chain accepted with an import. */
const MAX_CHAIN_BYTES = 256 * 1024;

function refuseWithToken(config: Config): void {
  if (config.pkcs11) {
    throw new PkiError({
      code: 'seal_key_in_hsm',
      message: 'Seals are made with the PKCS#11 key configured by SEGL_PKCS11_*; unset it to use an imported key',
    });
  }
}

/**
 * Checks a PKCS#12 file (passphrase, key matches certificate, valid now, key usage, complete chain from the file
 * and `chainPem`) and makes it the seal of every new document. Nothing is stored unless every check passes.
 */
export async function importSealKey(options: {
  config: Config;
  /** Loaded from SEGL_KEK or the data directory when not given (the CLI). */
  kek?: Uint8Array;
  clock: Clock;
  pkcs12: Uint8Array;
  passphrase: string;
  chainPem?: string;
}): Promise<SealKeyDescription> {
  refuseWithToken(options.config);
  if (options.chainPem !== undefined && Buffer.byteLength(options.chainPem) > MAX_CHAIN_BYTES) {
    throw new PkiError({
      code: 'seal_chain_unreadable',
      message: `The chain file is larger than ${MAX_CHAIN_BYTES} bytes`,
    });
  }
  const extra = options.chainPem ? pemToDerList(options.chainPem, 'CERTIFICATE') : [];
  if (options.chainPem && extra.length === 0) {
    throw new PkiError({ code: 'seal_chain_unreadable', message: 'The chain file holds no PEM certificate' });
  }
  const contents = readPkcs12({ der: options.pkcs12, passphrase: options.passphrase });
  const publicKeySpki = spkiOf(contents.privateKey);
  const certificate = certificateForKey({ certificates: [...contents.certificates, ...extra], publicKeySpki });
  const now = options.clock.now();
  const checked = checkSealCertificate({
    certificate,
    publicKeySpki,
    candidates: [...contents.certificates, ...extra],
    now,
  });
  const kek =
    options.kek ??
    (await loadKeyEncryptionKey({ dataDir: options.config.dataDir, env: { SEGL_KEK: options.config.kek } }));
  // The appliance PKI comes first (a fresh install creates it here): the imported key lives beside it, and a KEK
  // that does not open it must not wrap a new key either.
  await openSealer({ config: options.config, clock: options.clock, kek });
  storeImportedSealKey({
    dataDir: options.config.dataDir,
    kek,
    privateKey: contents.privateKey,
    certificate: checked.certificate,
    chain: checked.chain,
    now,
  });
  return describeSealKey(
    sealIdentityFromKey(
      { certificate: checked.certificate, chain: checked.chain, privateKey: contents.privateKey },
      'pkcs12',
    ),
  );
}

/** Goes back to the appliance's own CA for new seals (the imported keys stay on disk, unused). */
export function resetSealKey(options: { config: Config; clock: Clock }): void {
  refuseWithToken(options.config);
  setCurrentSealKey({ dataDir: options.config.dataDir, sha256: null, now: options.clock.now() });
}
