import { readFileSync } from 'node:fs';
import type { Config } from '../../lib/config.js';
import type { Clock } from '../../lib/clock.js';
import { PkiError } from '../../crypto/pki-error.js';
import type { AppliancePki } from '../../crypto/appliance-pki.js';
import { currentSealKeyStamp, loadImportedSealKey } from '../../crypto/imported-seal-key.js';
import { openPkcs11SealKey, type Pkcs11SealKey } from '../../crypto/pkcs11-seal-key.js';
import { pemToDerList } from '../../crypto/pem.js';
import { sealIdentityFromKey, type SealIdentity } from '../../crypto/signing-identity.js';

/** Decides which key seals: a PKCS#11 token when configured, else an imported PKCS#12 key, else the appliance CA. */
export interface SealIdentitySource {
  current(): Promise<SealIdentity>;
  close(): void;
}

function readChainFile(file: string | undefined): Uint8Array[] {
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PkiError({
      code: 'seal_chain_unreadable',
      message: `Cannot read SEGL_SEAL_CHAIN_FILE ${file}`,
      status: 500,
      cause,
    });
  }
  const certificates = pemToDerList(text, 'CERTIFICATE');
  if (certificates.length === 0) {
    throw new PkiError({ code: 'seal_chain_unreadable', message: `${file} holds no PEM certificate`, status: 500 });
  }
  return certificates;
}

export function readPkcs11Pin(config: NonNullable<Config['pkcs11']>): string {
  if (config.pin) return config.pin;
  try {
    const pin = readFileSync(config.pinFile!, 'utf8').split(/\r?\n/)[0] ?? '';
    if (!pin) throw new Error('empty');
    return pin;
  } catch (cause) {
    throw new PkiError({
      code: 'pkcs11_pin_unreadable',
      message: `Cannot read a PIN from SEGL_PKCS11_PIN_FILE ${config.pinFile}`,
      cause,
    });
  }
}

export function createSealIdentitySource(options: {
  config: Config;
  pki: AppliancePki;
  keks: Uint8Array[];
  clock: Clock;
}): SealIdentitySource {
  const { config, pki, clock } = options;
  const appliance = sealIdentityFromKey(pki.seal, 'appliance');
  let token: Promise<Pkcs11SealKey> | undefined;
  let imported: { stamp: string; identity: SealIdentity } | undefined;

  const fromToken = async (): Promise<SealIdentity> => {
    const pkcs11 = config.pkcs11!;
    token ??= openPkcs11SealKey({
      modulePath: pkcs11.modulePath,
      tokenLabel: pkcs11.tokenLabel,
      keyLabel: pkcs11.keyLabel,
      pin: readPkcs11Pin(pkcs11),
      chain: readChainFile(config.sealChainFile),
      now: clock.now(),
    });
    try {
      return (await token).identity;
    } catch (error) {
      token = undefined; // the next seal tries again (the token may come back)
      throw error;
    }
  };

  return {
    async current() {
      if (config.pkcs11) return fromToken();
      const stamp = currentSealKeyStamp(config.dataDir);
      if (stamp === 'none') return appliance;
      if (imported?.stamp !== stamp) {
        const key = loadImportedSealKey({ dataDir: config.dataDir, keks: options.keks });
        imported = { stamp, identity: key ? sealIdentityFromKey(key, 'pkcs12') : appliance };
      }
      return imported.identity;
    },
    close() {
      void token?.then(
        (key) => key.close(),
        () => undefined,
      );
      token = undefined;
    },
  };
}
