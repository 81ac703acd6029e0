import { promises as fs } from 'node:fs';
import path from 'node:path';
import { unwrapSecret, wrapSecret } from './key-encryption-key.js';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { sealKeyLabel } from './imported-seal-key.js';
import { rewrapUnderNewKek, type KekRotationKeys } from './rewrap-under-new-kek.js';

/**
 * Re-wraps the appliance PKI's private keys (DATA/pki/<role>.key.enc) and the imported seal keys
 * (DATA/pki/seal-keys/<sha256>.key.enc) from one KEK to another, for key rotation.
 * The labels must match appliance-pki.ts (`segl/pki/<role>-key`); the rotation test loads the PKI afterwards.
 * Each file is replaced atomically and accepted when it already opens with the new key, so a rerun resumes.
 */

export const PKI_KEY_ROLES = ['root', 'seal', 'tsa'] as const;
const roleLabel = (role: string) => `segl/pki/${role}-key`;

/** Every wrapped key file of the PKI with its label: the appliance's roles and the imported seal keys. */
async function wrappedKeyFiles(pkiDir: string): Promise<{ file: string; label: string }[]> {
  const files = PKI_KEY_ROLES.map((role) => ({ file: path.join(pkiDir, `${role}.key.enc`), label: roleLabel(role) }));
  const imported = await fs.readdir(path.join(pkiDir, 'seal-keys')).catch(() => [] as string[]);
  for (const name of imported) {
    const match = /^([0-9a-f]{64})\.key\.enc$/.exec(name);
    if (match) files.push({ file: path.join(pkiDir, 'seal-keys', name), label: sealKeyLabel(match[1]!) });
  }
  return files;
}

/** Returns how many key files were re-wrapped now (0 when there is no PKI yet or all were done before). */
export async function rewrapPkiKeys(options: KekRotationKeys & { pkiDir: string }): Promise<number> {
  let rewrapped = 0;
  for (const { file, label } of await wrappedKeyFiles(options.pkiDir)) {
    let wrapped: Uint8Array;
    try {
      wrapped = new Uint8Array(await fs.readFile(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const resealed = rewrapUnderNewKek({
      oldKek: options.oldKek,
      newKek: options.newKek,
      subject: file,
      open: (kek) => unwrapSecret({ kek, wrapped, label }),
      seal: (kek, plaintext) => {
        const rewrappedKey = wrapSecret({ kek, plaintext, label });
        plaintext.fill(0);
        return rewrappedKey;
      },
    });
    if (!resealed) continue;
    writeFileAtomic(file, resealed, { mode: 0o600 });
    rewrapped += 1;
  }
  const dir = await fs.open(options.pkiDir, 'r').catch(() => undefined);
  if (dir) {
    await dir.sync().catch(() => undefined);
    await dir.close();
  }
  return rewrapped;
}
