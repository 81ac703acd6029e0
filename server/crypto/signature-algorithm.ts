import { constants, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids.js';
import { algorithmIdentifier, decodeDer, type AsnValue } from './asn1-helpers.js';

/** Signing with node:crypto KeyObjects and verifying X.509-style signatures (ECDSA, RSA PKCS#1 v1.5, RSA-PSS). */

const HASH_BY_OID: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

const SIMPLE_ALGORITHMS: Record<string, { hash: string; kind: 'ecdsa' | 'rsa' }> = {
  [OID.ecdsaWithSHA256]: { hash: 'sha256', kind: 'ecdsa' },
  [OID.ecdsaWithSHA384]: { hash: 'sha384', kind: 'ecdsa' },
  [OID.ecdsaWithSHA512]: { hash: 'sha512', kind: 'ecdsa' },
  [OID.sha256WithRSAEncryption]: { hash: 'sha256', kind: 'rsa' },
  [OID.sha384WithRSAEncryption]: { hash: 'sha384', kind: 'rsa' },
  [OID.sha512WithRSAEncryption]: { hash: 'sha512', kind: 'rsa' },
};

/** The signature AlgorithmIdentifier we use for a private key: ECDSA with the curve's hash, RSA with SHA-256. */
export function signatureAlgorithmFor(privateKey: KeyObject): { oid: string; hash: string; identifier: asn1js.Sequence } {
  const type = privateKey.asymmetricKeyType;
  if (type === 'ec') {
    const curve = privateKey.asymmetricKeyDetails?.namedCurve;
    if (curve === 'secp384r1') return { oid: OID.ecdsaWithSHA384, hash: 'sha384', identifier: algorithmIdentifier(OID.ecdsaWithSHA384) };
    if (curve === 'secp521r1') return { oid: OID.ecdsaWithSHA512, hash: 'sha512', identifier: algorithmIdentifier(OID.ecdsaWithSHA512) };
    return { oid: OID.ecdsaWithSHA256, hash: 'sha256', identifier: algorithmIdentifier(OID.ecdsaWithSHA256) };
  }
  if (type === 'rsa') {
    return { oid: OID.sha256WithRSAEncryption, hash: 'sha256', identifier: algorithmIdentifier(OID.sha256WithRSAEncryption, 'null') };
  }
  throw new Error(`Unsupported signing key type ${type}`);
}

/** Signs `data` (DER-encoded ECDSA signatures, as X.509/CMS/OCSP expect). */
export function signData(options: { privateKey: KeyObject; data: Uint8Array }): { algorithm: asn1js.Sequence; signature: Uint8Array } {
  const algorithm = signatureAlgorithmFor(options.privateKey);
  const signature =
    options.privateKey.asymmetricKeyType === 'ec'
      ? sign(algorithm.hash, options.data, { key: options.privateKey, dsaEncoding: 'der' })
      : sign(algorithm.hash, options.data, options.privateKey);
  return { algorithm: algorithm.identifier, signature: new Uint8Array(signature) };
}

export function publicKeyFromSpki(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

export type VerifyResult = { valid: true } | { valid: false; reason: 'bad_signature' | 'unsupported_algorithm' };

/**
 * Verifies an X.509-style signature. `algorithmParameters` is the DER of AlgorithmIdentifier.parameters (needed for RSA-PSS).
 */
export function verifySignature(options: {
  algorithmOid: string;
  algorithmParameters?: AsnValue;
  publicKey: KeyObject | Uint8Array;
  data: Uint8Array;
  signature: Uint8Array;
}): VerifyResult {
  let key: KeyObject;
  try {
    key = options.publicKey instanceof Uint8Array ? publicKeyFromSpki(options.publicKey) : options.publicKey;
  } catch {
    return { valid: false, reason: 'unsupported_algorithm' };
  }
  const simple = SIMPLE_ALGORITHMS[options.algorithmOid];
  try {
    if (simple) {
      if (simple.kind === 'ecdsa' && key.asymmetricKeyType !== 'ec') return { valid: false, reason: 'bad_signature' };
      if (simple.kind === 'rsa' && key.asymmetricKeyType !== 'rsa') return { valid: false, reason: 'bad_signature' };
      const ok =
        simple.kind === 'ecdsa'
          ? verify(simple.hash, options.data, { key, dsaEncoding: 'der' }, options.signature)
          : verify(simple.hash, options.data, key, options.signature);
      return ok ? { valid: true } : { valid: false, reason: 'bad_signature' };
    }
    if (options.algorithmOid === OID.rsassaPss) {
      // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] HashAlgorithm DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1,
      //   saltLength [2] INTEGER DEFAULT 20, trailerField [3] TrailerField DEFAULT trailerFieldBC }
      let hash = 'sha1';
      let saltLength = 20;
      if (options.algorithmParameters && !(options.algorithmParameters instanceof asn1js.Null)) {
        const params = new pkijs.RSASSAPSSParams({ schema: options.algorithmParameters });
        const mapped = HASH_BY_OID[params.hashAlgorithm.algorithmId];
        if (!mapped) return { valid: false, reason: 'unsupported_algorithm' };
        hash = mapped;
        saltLength = params.saltLength;
      }
      if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return { valid: false, reason: 'bad_signature' };
      const ok = verify(hash, options.data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, options.signature);
      return ok ? { valid: true } : { valid: false, reason: 'bad_signature' };
    }
  } catch {
    return { valid: false, reason: 'bad_signature' };
  }
  return { valid: false, reason: 'unsupported_algorithm' };
}

/** Parses the DER parameters of an AlgorithmIdentifier when they are given as raw bytes. */
export function parseAlgorithmParameters(bytes: Uint8Array | undefined): AsnValue | undefined {
  if (!bytes || bytes.byteLength === 0) return undefined;
  return decodeDer(bytes);
}

