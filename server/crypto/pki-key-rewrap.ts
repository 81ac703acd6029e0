import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CryptoError } from './crypto-error.js';
import { isSeglError } from '../lib/errors.js';
import { unwrapSecret, wrapSecret } from './key-encryption-key.js';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { sealKeyLabel } from './imported-seal-key.js';

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

async function opensWith(kek: Uint8Array, wrapped: Uint8Array, label: string): Promise<Uint8Array | undefined> {
  try {
    return unwrapSecret({ kek, wrapped, label });
  } catch (error) {
    if (isSeglError(error) && error.code === 'kek_mismatch') return undefined;
    throw error;
  }
}

/** Returns how many key files were re-wrapped now (0 when there is no PKI yet or all were done before). */
export async function rewrapPkiKeys(options: {
  pkiDir: string;
  oldKek: Uint8Array;
  newKek: Uint8Array;
}): Promise<number> {
  let rewrapped = 0;
  for (const { file, label } of await wrappedKeyFiles(options.pkiDir)) {
    let wrapped: Uint8Array;
    try {
      wrapped = new Uint8Array(await fs.readFile(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (await opensWith(options.newKek, wrapped, label)) continue;
    const plaintext = await opensWith(options.oldKek, wrapped, label);
    if (!plaintext) {
      throw new CryptoError({
        code: 'kek_mismatch',
        message: `${file} opens with neither the old nor the new key-encryption key`,
      });
    }
    writeFileAtomic(file, wrapSecret({ kek: options.newKek, plaintext, label }), { mode: 0o600 });
    plaintext.fill(0);
    rewrapped += 1;
  }
  const dir = await fs.open(options.pkiDir, 'r').catch(() => undefined);
  if (dir) {
    await dir.sync().catch(() => undefined);
    await dir.close();
  }
  return rewrapped;
}
