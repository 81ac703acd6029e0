import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './secret-tokens.js';

/** RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30-second steps, accepted one step either side. */
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function decodeBase32(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** A new 160-bit secret, base32 (what authenticator apps take). */
export function createTotpSecret(): string {
  return encodeBase32(randomBytes(20));
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** The code of one time step (RFC 4226 dynamic truncation). */
export function computeTotp(options: { secret: string; step: number }): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(options.step));
  const mac = createHmac('sha1', decodeBase32(options.secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return binary.toString().padStart(DIGITS, '0');
}

/**
 * The step a code matches (now, one before or one after), or undefined. Steps at or before `lastUsedStep` never
 * match, so each code works once.
 */
export function matchTotp(options: {
  secret: string;
  code: string;
  at: Date;
  lastUsedStep?: number | null;
}): number | undefined {
  if (!/^\d{6}$/.test(options.code)) return undefined;
  const now = totpStep(options.at);
  let matched: number | undefined;
  for (const step of [now - 1, now, now + 1]) {
    // compare all three (no early exit on the first match)
    if (constantTimeEqual(computeTotp({ secret: options.secret, step }), options.code) && matched === undefined)
      matched = step;
  }
  if (matched === undefined) return undefined;
  if (options.lastUsedStep !== undefined && options.lastUsedStep !== null && matched <= options.lastUsedStep)
    return undefined;
  return matched;
}

/** The otpauth:// URI authenticator apps read (as text or QR code). */
export function buildOtpauthUri(options: { secret: string; account: string; issuer: string }): string {
  const label = encodeURIComponent(`${options.issuer}:${options.account}`);
  const params = new URLSearchParams({
    secret: options.secret,
    issuer: options.issuer,
    algorithm: 'SHA1',
    digits: String(DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
