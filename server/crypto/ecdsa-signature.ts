import { encodeSequence, encodeTlv, TAG } from './der-codec.js';
import { CryptoError } from './crypto-error.js';

/**
 * ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } from the raw r || s that PKCS#11 (CKM_ECDSA) returns,
 * each half a big-endian unsigned integer of the curve's size.
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new CryptoError({
      code: 'invalid_signature_value',
      message: `An ECDSA signature of ${raw.length} bytes is not r || s`,
    });
  }
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    const trimmed = bytes.subarray(start);
    const padded = (trimmed[0]! & 0x80) !== 0 ? Uint8Array.from([0, ...trimmed]) : trimmed;
    return encodeTlv(TAG.integer, padded);
  };
  return encodeSequence([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
}
