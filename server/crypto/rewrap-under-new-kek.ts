import { isSeglError } from '../lib/errors.js';
import { CryptoError } from './crypto-error.js';

/** The two key-encryption keys of a rotation: the one secrets are wrapped under now, and the one they move to. */
export interface KekRotationKeys {
  oldKek: Uint8Array;
  newKek: Uint8Array;
}

/**
 * One secret of a key rotation (`segl keys rotate`): what `open` reads with the old KEK, sealed again with the new
 * one; undefined when it already opens with the new KEK (re-wrapped before: a rerun after an interruption skips it,
 * since wrapped secrets carry no KEK id).
 *
 * Only `kek_mismatch` (wrong key or label, or a damaged value: unwrapSecret cannot tell them apart) means "not
 * under this key"; any other failure is thrown, never taken as "still under the old key". A secret that opens with
 * neither key is `kek_mismatch` naming `subject`.
 */
export function rewrapUnderNewKek<Opened, Sealed>(
  options: KekRotationKeys & {
    /** What the secret is, for the error (e.g. a file name, `webhook <id>'s secret`). */
    subject: string;
    open: (kek: Uint8Array) => Opened;
    seal: (kek: Uint8Array, opened: Opened) => Sealed;
  },
): Sealed | undefined {
  if (opensWith(options.newKek, options.open)) return undefined;
  const opened = opensWith(options.oldKek, options.open);
  if (!opened) {
    throw new CryptoError({
      code: 'kek_mismatch',
      message: `${options.subject} opens with neither the old nor the new key-encryption key`,
    });
  }
  return options.seal(options.newKek, opened.value);
}

function opensWith<Opened>(kek: Uint8Array, open: (kek: Uint8Array) => Opened): { value: Opened } | undefined {
  try {
    return { value: open(kek) };
  } catch (error) {
    if (isSeglError(error) && error.code === 'kek_mismatch') return undefined;
    throw error;
  }
}
