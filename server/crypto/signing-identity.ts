import { sign, type KeyObject } from 'node:crypto';
import { CryptoError } from './crypto-error.js';

/** A private key with its certificate and the chain up to (and including) its root. */
export interface SigningIdentity {
  /** DER of the end-entity certificate. */
  certificate: Uint8Array;
  privateKey: KeyObject;
  /** DER of the issuing certificates, nearest first, ending with the self-signed root. */
  chain: Uint8Array[];
}

/** Where a seal key lives: the appliance's own CA, an imported PKCS#12 file, or a PKCS#11 token (HSM). */
export type SealKeySource = 'appliance' | 'pkcs12' | 'pkcs11';

/**
 * Signs with SHA-256: a DER ECDSA-Sig-Value for EC keys, RSASSA-PKCS1-v1_5 for RSA keys. Asynchronous because an
 * HSM signs out of process; the private key itself may never be in this process.
 */
export interface SealSigner {
  keyType: 'ec' | 'rsa';
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** The identity every new seal is made with, whatever holds its key. */
export interface SealIdentity {
  certificate: Uint8Array;
  /** Issuing certificates, nearest first, ending with the root. */
  chain: Uint8Array[];
  signer: SealSigner;
  source: SealKeySource;
}

/** A SealSigner over a private key held in this process. */
export function keyObjectSigner(privateKey: KeyObject): SealSigner {
  const type = privateKey.asymmetricKeyType;
  if (type !== 'ec' && type !== 'rsa') {
    const message = `Unsupported seal key type ${type ?? 'unknown'} (EC and RSA are supported)`;
    throw new CryptoError({ code: 'unsupported_key_type', message, details: { keyType: type } });
  }
  return {
    keyType: type,
    sign: async (data) =>
      new Uint8Array(
        type === 'ec'
          ? sign('sha256', data, { key: privateKey, dsaEncoding: 'der' })
          : sign('sha256', data, privateKey),
      ),
  };
}

export function sealIdentityFromKey(identity: SigningIdentity, source: SealKeySource): SealIdentity {
  return {
    certificate: identity.certificate,
    chain: identity.chain,
    signer: keyObjectSigner(identity.privateKey),
    source,
  };
}
