import { wrapSecret, unwrapSecretWithAny } from '../../crypto/key-encryption-key.js';
import { matchTotp } from './totp.js';

/**
 * The stored form of a user's TOTP secret: the secret wrapped under the KEK (label binds it to the user), plus
 * the last time step that was accepted (so a code works once): `base64(wrapped):lastStep`.
 */
export interface StoredTotp {
  secret: string;
  lastUsedStep: number | null;
}

const label = (userId: string) => `segl/totp/${userId}`;

export function sealTotpSecret(options: {
  kek: Uint8Array;
  userId: string;
  secret: string;
  lastUsedStep?: number | null;
}): string {
  const wrapped = wrapSecret({
    kek: options.kek,
    plaintext: new TextEncoder().encode(options.secret),
    label: label(options.userId),
  });
  return `${Buffer.from(wrapped).toString('base64')}:${options.lastUsedStep ?? ''}`;
}

/** Opens the secret with the first of the candidate KEKs that fits (during a key rotation there are two). */
export function openTotpSecret(options: {
  kek: Uint8Array | Uint8Array[];
  userId: string;
  stored: string;
}): StoredTotp {
  const [wrapped, step] = options.stored.split(':');
  const plaintext = unwrapSecretWithAny({
    keks: Array.isArray(options.kek) ? options.kek : [options.kek],
    wrapped: new Uint8Array(Buffer.from(wrapped, 'base64')),
    label: label(options.userId),
  });
  return { secret: new TextDecoder().decode(plaintext), lastUsedStep: step ? Number(step) : null };
}

/** The same wrapped secret with a new last-used step (no re-encryption needed). */
export function withLastUsedStep(stored: string, step: number): string {
  return `${stored.split(':')[0]}:${step}`;
}

/** Checks a code against a user's stored secret: the matching step (not used before) and the secret, or undefined. */
export function matchStoredTotp(options: {
  kek: Uint8Array[];
  userId: string;
  stored: string;
  code: string;
  at: Date;
}): { step: number; secret: string } | undefined {
  const { secret, lastUsedStep } = openTotpSecret({ kek: options.kek, userId: options.userId, stored: options.stored });
  const step = matchTotp({ secret, code: options.code, at: options.at, lastUsedStep });
  return step === undefined ? undefined : { step, secret };
}
