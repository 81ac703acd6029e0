import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OID } from './oids.js';
import { algorithmIdentifier, decodeDer, type AsnValue } from './asn1-helpers.js';
import { UnsupportedSignatureError, verifySignatureValue } from './signature-value.js';
import { CryptoError } from './crypto-error.js';

/** Signing with node:crypto KeyObjects and verifying X.509-style signatures (ECDSA, RSA PKCS#1 v1.5, RSA-PSS). */

/** The signature AlgorithmIdentifier we use for a private key: ECDSA with the curve's hash, RSA with SHA-256. */
export function signatureAlgorithmFor(privateKey: KeyObject): {
  oid: string;
  hash: string;
  identifier: asn1js.Sequence;
} {
  const type = privateKey.asymmetricKeyType;
  if (type === 'ec') {
    const curve = privateKey.asymmetricKeyDetails?.namedCurve;
    if (curve === 'secp384r1')
      return { oid: OID.ecdsaWithSHA384, hash: 'sha384', identifier: algorithmIdentifier(OID.ecdsaWithSHA384) };
    if (curve === 'secp521r1')
      return { oid: OID.ecdsaWithSHA512, hash: 'sha512', identifier: algorithmIdentifier(OID.ecdsaWithSHA512) };
    return { oid: OID.ecdsaWithSHA256, hash: 'sha256', identifier: algorithmIdentifier(OID.ecdsaWithSHA256) };
  }
  if (type === 'rsa') {
    return {
      oid: OID.sha256WithRSAEncryption,
      hash: 'sha256',
      identifier: algorithmIdentifier(OID.sha256WithRSAEncryption, 'null'),
    };
  }
  throw new CryptoError({
    code: 'unsupported_key_type',
    message: `Unsupported signing key type ${type}`,
    details: { keyType: type },
  });
}

/** Signs `data` (DER-encoded ECDSA signatures, as X.509/CMS/OCSP expect). */
export function signData(options: { privateKey: KeyObject; data: Uint8Array }): {
  algorithm: asn1js.Sequence;
  signature: Uint8Array;
} {
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
 * Verifies an X.509-style signature (certificates, CRLs, OCSP responses) with the same code that checks CMS
 * signatures. `algorithmParameters` is AlgorithmIdentifier.parameters (needed for RSA-PSS).
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
  const parameters =
    options.algorithmParameters && !(options.algorithmParameters instanceof asn1js.Null)
      ? new Uint8Array(options.algorithmParameters.toBER(false))
      : undefined;
  try {
    const ok = verifySignatureValue({
      publicKey: key,
      signatureAlgorithm: options.algorithmOid,
      signatureAlgorithmParameters: parameters,
      digestAlgorithmHash: 'sha256',
      data: options.data,
      signature: options.signature,
    });
    return ok ? { valid: true } : { valid: false, reason: 'bad_signature' };
  } catch (error) {
    return {
      valid: false,
      reason: error instanceof UnsupportedSignatureError ? 'unsupported_algorithm' : 'bad_signature',
    };
  }
}

/** Parses the DER parameters of an AlgorithmIdentifier when they are given as raw bytes. */
export function parseAlgorithmParameters(bytes: Uint8Array | undefined): AsnValue | undefined {
  if (!bytes || bytes.byteLength === 0) return undefined;
  return decodeDer(bytes);
}
