import { randomBytes } from 'node:crypto';
import { encodeBase32 } from './totp.js';
import { hashSecret } from './secret-tokens.js';

export const RECOVERY_CODE_COUNT = 10;

/** Normalises what a person types: case, spaces and hyphens do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Ten codes like `ABCDE-FGHIJ-KLMNO-PQRST` (100 bits each), and their hashes to store (JSON array). */
export function createRecoveryCodes(): { codes: string[]; stored: string } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    encodeBase32(randomBytes(13))
      .slice(0, 20)
      .replace(/(.{5})(?=.)/g, '$1-'),
  );
  return { codes, stored: JSON.stringify(codes.map((code) => hashSecret(normalizeRecoveryCode(code)))) };
}

/** The stored list without the given code, or undefined when it is not (or no longer) one of them. */
export function consumeRecoveryCode(options: { stored: string | null; code: string }): string | undefined {
  if (!options.stored) return undefined;
  const hashes = JSON.parse(options.stored) as string[];
  const hash = hashSecret(normalizeRecoveryCode(options.code));
  const index = hashes.indexOf(hash);
  if (index < 0) return undefined;
  hashes.splice(index, 1);
  return JSON.stringify(hashes);
}
