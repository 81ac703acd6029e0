import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;

/** A new document code: 80 random bits as 16 Crockford base32 characters (stored without hyphens). */
export function createDocumentCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = LENGTH - 1; i >= 0; i -= 1) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/** `7F3K9QXM2B8DWT4N` → `7F3K-9QXM-2B8D-WT4N`. */
export function formatDocumentCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/**
 * Reads a code as people type it: any case, spaces and hyphens ignored, O read as 0, I and L as 1. Returns the
 * stored form, or undefined when it is not a code.
 */
export function parseDocumentCode(input: string): string | undefined {
  if (input.length > 64) return undefined;
  const normalized = input
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (normalized.length !== LENGTH) return undefined;
  for (const char of normalized) if (!ALPHABET.includes(char)) return undefined;
  return normalized;
}
