import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { PkiError } from './pki-error.js';
import { unwrapSecretWithAny, wrapSecret } from './key-encryption-key.js';
import type { SigningIdentity } from './signing-identity.js';

/**
 * Seal keys imported from PKCS#12 files, under DATA/pki/seal-keys/: per key `<sha256>.key.enc` (PKCS#8 wrapped by
 * the KEK) and `<sha256>.json` (certificate and chain), named by the certificate's SHA-256; `current.json` names
 * the one new seals use. Writing current.json (atomically, last) is the commit of an import: a crash before it
 * leaves the previous seal in force. Earlier keys stay, so that what they sealed can always be related to them.
 */

interface StoredSealKey {
  format: 1;
  certificate: string;
  chain: string[];
  importedAt: string;
}

interface CurrentSealKey {
  format: 1;
  /** SHA-256 of the certificate in use, or null after a reset to the appliance's own CA. */
  sha256: string | null;
  changedAt: string;
}

export const sealKeysDir = (dataDir: string) => path.join(dataDir, 'pki', 'seal-keys');
export const sealKeyLabel = (sha256: string) => `segl/seal-key/${sha256}`;
const currentFile = (dataDir: string) => path.join(sealKeysDir(dataDir), 'current.json');

export function certificateSha256(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Stores an already checked key and certificate and makes it the seal of every new document. */
export function storeImportedSealKey(options: {
  dataDir: string;
  kek: Uint8Array;
  privateKey: KeyObject;
  certificate: Uint8Array;
  chain: Uint8Array[];
  now: Date;
}): { sha256: string } {
  const dir = sealKeysDir(options.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sha256 = certificateSha256(options.certificate);
  const pkcs8 = new Uint8Array(options.privateKey.export({ type: 'pkcs8', format: 'der' }));
  try {
    writeFileAtomic(
      path.join(dir, `${sha256}.key.enc`),
      wrapSecret({ kek: options.kek, plaintext: pkcs8, label: sealKeyLabel(sha256) }),
      { mode: 0o600 },
    );
  } finally {
    pkcs8.fill(0);
  }
  const stored: StoredSealKey = {
    format: 1,
    certificate: Buffer.from(options.certificate).toString('base64'),
    chain: options.chain.map((der) => Buffer.from(der).toString('base64')),
    importedAt: options.now.toISOString(),
  };
  writeFileAtomic(path.join(dir, `${sha256}.json`), JSON.stringify(stored, null, 2), { mode: 0o644 });
  setCurrentSealKey({ dataDir: options.dataDir, sha256, now: options.now });
  return { sha256 };
}

/** Points new seals at an imported key, or (null) back at the appliance's own CA. */
export function setCurrentSealKey(options: { dataDir: string; sha256: string | null; now: Date }): void {
  const dir = sealKeysDir(options.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const current: CurrentSealKey = { format: 1, sha256: options.sha256, changedAt: options.now.toISOString() };
  writeFileAtomic(currentFile(options.dataDir), JSON.stringify(current, null, 2), { mode: 0o644 });
}

/** A version stamp of the current choice, cheap enough to check before every seal (another process may import). */
export function currentSealKeyStamp(dataDir: string): string {
  try {
    const stat = statSync(currentFile(dataDir));
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return 'none';
  }
}

export interface ImportedSealKey extends SigningIdentity {
  sha256: string;
  importedAt: Date;
}

/**
 * The imported key in force, or undefined when seals use the appliance's own CA. Each KEK in `keks` is tried in
 * turn (a key rotation may be half done).
 */
export function loadImportedSealKey(options: { dataDir: string; keks: Uint8Array[] }): ImportedSealKey | undefined {
  if (!existsSync(currentFile(options.dataDir))) return undefined;
  const current = JSON.parse(readFileSync(currentFile(options.dataDir), 'utf8')) as CurrentSealKey;
  if (!current.sha256) return undefined;
  if (!/^[0-9a-f]{64}$/.test(current.sha256)) {
    throw new PkiError({ code: 'seal_key_corrupt', message: 'DATA/pki/seal-keys/current.json names no valid key' });
  }
  const dir = sealKeysDir(options.dataDir);
  const stored = JSON.parse(readFileSync(path.join(dir, `${current.sha256}.json`), 'utf8')) as StoredSealKey;
  const wrapped = new Uint8Array(readFileSync(path.join(dir, `${current.sha256}.key.enc`)));
  const pkcs8 = unwrapSecretWithAny({ keks: options.keks, wrapped, label: sealKeyLabel(current.sha256) });
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  pkcs8.fill(0);
  return {
    sha256: current.sha256,
    importedAt: new Date(stored.importedAt),
    certificate: new Uint8Array(Buffer.from(stored.certificate, 'base64')),
    chain: stored.chain.map((b64) => new Uint8Array(Buffer.from(b64, 'base64'))),
    privateKey,
  };
}
