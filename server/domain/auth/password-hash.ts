import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { SeglError } from '../../lib/errors.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** scrypt cost: N=2^15, r=8, p=1 (~32 MiB, tens of ms); stored with each hash so it can be raised later. */
const DEFAULT_PARAMS = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_MEMORY = 128 * 1024 * 1024;

function deriveKey(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: MAX_MEMORY };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Refuses passwords outside 12..1024 characters with a 422 `weak_password`. */
export function assertPasswordPolicy(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new SeglError({
      code: 'weak_password',
      message: `the password needs at least ${PASSWORD_MIN_LENGTH} characters`,
    });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new SeglError({
      code: 'weak_password',
      message: `the password may have at most ${PASSWORD_MAX_LENGTH} characters`,
    });
  }
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashPassword(options: { password: string }): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveKey(options.password, salt, DEFAULT_PARAMS);
  const { N, r, p } = DEFAULT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Constant-time check of a password against a stored hash; a missing or malformed hash never matches. */
export async function verifyPassword(options: { password: string; hash: string | null }): Promise<boolean> {
  const parts = (options.hash ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt' || options.password.length > PASSWORD_MAX_LENGTH) {
    await burnDummyHash(options.password);
    return false;
  }
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  const actual = await deriveKey(options.password, salt, { N, r, p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Spends the same work as a real check (for unknown accounts: no timing oracle). */
export async function burnDummyHash(password: string): Promise<void> {
  await deriveKey(password.slice(0, PASSWORD_MAX_LENGTH), Buffer.alloc(16), DEFAULT_PARAMS);
}
