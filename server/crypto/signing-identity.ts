import type { KeyObject } from 'node:crypto';

/** A private key with its certificate and the chain up to (and including) its root. */
export interface SigningIdentity {
  /** DER of the end-entity certificate. */
  certificate: Uint8Array;
  privateKey: KeyObject;
  /** DER of the issuing certificates, nearest first, ending with the self-signed root. */
  chain: Uint8Array[];
}
