import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { CryptoError } from './crypto-error.js';

/**
 * The key-encryption key (KEK): 32 bytes from `SEGL_KEK` (base64 or hex) or from the 0600 file `DATA/kek`
 * (created on first use, atomically, so concurrent first starts agree on one key).
 */

const KEK_LENGTH = 32;
const WRAP_VERSION = 1;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

function invalidKek(message: string): CryptoError {
  return new CryptoError({ code: 'invalid_kek', message });
}

/** Parses 32 bytes given as hex (64 digits) or base64/base64url (padding optional). */
export function parseKeyEncryptionKey(text: string, source = 'SEGL_KEK'): Uint8Array {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return new Uint8Array(Buffer.from(value, 'hex'));
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const normalized = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const bytes = Buffer.from(normalized, 'base64');
    if (bytes.length === KEK_LENGTH && bytes.toString('base64').replace(/=+$/, '') === normalized)
      return new Uint8Array(bytes);
  }
  throw invalidKek(`${source} must be 32 bytes encoded as base64 or 64 hex digits`);
}

/** Loads (or on first use creates) the KEK. `env` is the configuration's environment, not necessarily process.env. */
export async function loadKeyEncryptionKey(options: {
  dataDir: string;
  env?: Record<string, string | undefined>;
}): Promise<Uint8Array> {
  const fromEnv = options.env?.SEGL_KEK;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseKeyEncryptionKey(fromEnv, 'SEGL_KEK');

  const file = path.join(options.dataDir, 'kek');
  const existing = await readKekFile(file);
  if (existing) return existing;

  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const kek = new Uint8Array(randomBytes(KEK_LENGTH));
  const temp = path.join(options.dataDir, `.kek-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await fs.open(temp, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, 0o600);
  try {
    await handle.writeFile(kekFileText(kek));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // link() never overwrites: exactly one concurrent starter wins, the others read the winner's key
    await fs.link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
  await fsyncDirectory(options.dataDir);
  const stored = await readKekFile(file);
  if (!stored) throw invalidKek(`KEK file ${file} vanished after creation`);
  return stored;
}

async function readKekFile(file: string): Promise<Uint8Array | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseKeyEncryptionKey(text, `KEK file ${file}`);
}

/** A KEK as its file holds it: base64 and a newline (what parseKeyEncryptionKey reads). */
export function kekFileText(kek: Uint8Array): string {
  return `${Buffer.from(kek).toString('base64')}\n`;
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // some filesystems refuse fsync on directories
  } finally {
    await handle.close();
  }
}

/**
 * Encrypts a secret under the KEK: AES-256-GCM, random 12-byte IV, `label` as additional authenticated data
 * (so a wrapped key cannot be swapped for another purpose's). Format: version(1) || iv(12) || tag(16) || ciphertext.
 */
export function wrapSecret(options: { kek: Uint8Array; plaintext: Uint8Array; label: string }): Uint8Array {
  assertKek(options.kek);
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', options.kek, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(options.label, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(options.plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return new Uint8Array(Buffer.concat([Buffer.from([WRAP_VERSION]), iv, tag, ciphertext]));
}

/** Reverses wrapSecret; a wrong KEK or label (or any tampering) gives CryptoError `kek_mismatch`. */
export function unwrapSecret(options: { kek: Uint8Array; wrapped: Uint8Array; label: string }): Uint8Array {
  assertKek(options.kek);
  const wrapped = Buffer.from(options.wrapped.buffer, options.wrapped.byteOffset, options.wrapped.byteLength);
  if (wrapped.length < 1 + IV_LENGTH + TAG_LENGTH || wrapped[0] !== WRAP_VERSION) {
    throw new CryptoError({ code: 'kek_mismatch', message: 'Wrapped secret has an unknown format' });
  }
  const iv = wrapped.subarray(1, 1 + IV_LENGTH);
  const tag = wrapped.subarray(1 + IV_LENGTH, 1 + IV_LENGTH + TAG_LENGTH);
  const ciphertext = wrapped.subarray(1 + IV_LENGTH + TAG_LENGTH);
  try {
    const decipher = createDecipheriv('aes-256-gcm', options.kek, iv, { authTagLength: TAG_LENGTH });
    decipher.setAAD(Buffer.from(options.label, 'utf8'));
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch (cause) {
    throw new CryptoError({
      code: 'kek_mismatch',
      message: 'Cannot decrypt a wrapped secret: the key-encryption key does not match this data directory',
      cause,
    });
  }
}

/**
 * unwrapSecret with the first of several KEKs that opens the secret: while a key rotation runs (or after one that
 * was interrupted), a secret stored without a KEK id may be under either key. When none opens it, the last
 * `kek_mismatch`; any other error (`invalid_kek`) at once.
 */
export function unwrapSecretWithAny(options: { keks: Uint8Array[]; wrapped: Uint8Array; label: string }): Uint8Array {
  let failure = new CryptoError({ code: 'kek_mismatch', message: 'No key-encryption key to open a wrapped secret' });
  for (const kek of options.keks) {
    try {
      return unwrapSecret({ kek, wrapped: options.wrapped, label: options.label });
    } catch (error) {
      if (!(error instanceof CryptoError) || error.code !== 'kek_mismatch') throw error;
      failure = error;
    }
  }
  throw failure;
}

function assertKek(kek: Uint8Array): void {
  if (kek.byteLength !== KEK_LENGTH) throw invalidKek('The key-encryption key must be 32 bytes');
}
