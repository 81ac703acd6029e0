import { constants, publicDecrypt, verify, type KeyObject } from 'node:crypto';
import { TAG, bytesEqual, childrenOf, decodeInteger, decodeOctetString, decodeOid, readDer } from './der-codec.js';
import { hashNameOf, signatureHashOf } from './hash-algorithms.js';
import { OID } from './oids.js';

/** Thrown when an algorithm (or combination) cannot be checked; callers report it as a problem. */
export class UnsupportedSignatureError extends Error {}

const ECDSA = new Set<string>([
  OID.ecdsaWithSHA1,
  OID.ecdsaWithSHA224,
  OID.ecdsaWithSHA256,
  OID.ecdsaWithSHA384,
  OID.ecdsaWithSHA512,
  OID.ecPublicKey,
]);

/*
 * RSASSA-PSS-params ::= SEQUENCE {
 *   hashAlgorithm [0] HashAlgorithm DEFAULT sha1, maskGenAlgorithm [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
 *   saltLength [2] INTEGER DEFAULT 20, trailerField [3] TrailerField DEFAULT trailerFieldBC }
 */
function readPssParameters(parameters: Uint8Array | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let mgfHash = 'sha1';
  let saltLength = 20;
  if (parameters && parameters[0] === TAG.sequence) {
    for (const field of childrenOf(readDer(parameters))) {
      const [inner] = childrenOf(field);
      if (field.tag === 0xa0) hash = hashNameOf(decodeOid(childrenOf(inner)[0])) ?? 'unknown';
      else if (field.tag === 0xa1) {
        const [mgf, mgfParameters] = childrenOf(inner);
        if (decodeOid(mgf) !== OID.mgf1)
          throw new UnsupportedSignatureError('RSA-PSS with a mask generation other than MGF1');
        mgfHash = hashNameOf(decodeOid(childrenOf(mgfParameters)[0])) ?? 'unknown';
      } else if (field.tag === 0xa2) saltLength = Number(decodeInteger(inner));
      else if (field.tag === 0xa3 && decodeInteger(inner) !== 1n)
        throw new UnsupportedSignatureError('RSA-PSS trailer field');
    }
  }
  if (hash === 'unknown' || hash !== mgfHash)
    throw new UnsupportedSignatureError(`RSA-PSS with hash ${hash} and MGF1 hash ${mgfHash}`);
  return { hash, saltLength };
}

/**
 * Verifies a signature value. Either `data` (the signed bytes; hashed with the algorithm's hash) or, for a
 * SignerInfo without signed attributes whose content is detached, `digest` (the already-hashed content; RSA PKCS#1
 * v1.5 only). `digestAlgorithmHash` is the SignerInfo's digest algorithm, used when the signature algorithm names none.
 * Returns false for a wrong signature; throws UnsupportedSignatureError when it cannot be checked.
 */
export function verifySignatureValue(options: {
  publicKey: KeyObject;
  signatureAlgorithm: string;
  signatureAlgorithmParameters?: Uint8Array;
  digestAlgorithmHash: string;
  signature: Uint8Array;
  data?: Uint8Array;
  digest?: Uint8Array;
}): boolean {
  const { publicKey, signatureAlgorithm, signature } = options;
  const keyType = publicKey.asymmetricKeyType;
  if (signatureAlgorithm === OID.ed25519) {
    if (keyType !== 'ed25519' || !options.data) throw new UnsupportedSignatureError('Ed25519 needs the signed data');
    return verify(null, options.data, publicKey, signature);
  }
  if (ECDSA.has(signatureAlgorithm)) {
    if (keyType !== 'ec') return false;
    const hash = signatureHashOf(signatureAlgorithm) ?? options.digestAlgorithmHash;
    if (!options.data) throw new UnsupportedSignatureError('ECDSA over a detached digest without signed attributes');
    return verify(hash, options.data, { key: publicKey, dsaEncoding: 'der' }, signature);
  }
  if (signatureAlgorithm === OID.rsassaPss) {
    if (keyType !== 'rsa' && keyType !== 'rsa-pss') return false;
    const { hash, saltLength } = readPssParameters(options.signatureAlgorithmParameters);
    if (!options.data) throw new UnsupportedSignatureError('RSA-PSS over a detached digest without signed attributes');
    return verify(
      hash,
      options.data,
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
      signature,
    );
  }
  if (signatureAlgorithm === OID.rsaEncryption || signatureHashOf(signatureAlgorithm)) {
    if (keyType !== 'rsa') return false;
    const hash = signatureHashOf(signatureAlgorithm) ?? options.digestAlgorithmHash;
    if (options.data)
      return verify(hash, options.data, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    if (!options.digest) throw new UnsupportedSignatureError('nothing to verify the signature against');
    // DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
    let digestInfo: Uint8Array;
    try {
      digestInfo = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    } catch {
      return false;
    }
    try {
      const [algorithm, digest] = childrenOf(readDer(digestInfo));
      return (
        hashNameOf(decodeOid(childrenOf(algorithm)[0])) === hash &&
        bytesEqual(decodeOctetString(digest), options.digest)
      );
    } catch {
      return false;
    }
  }
  throw new UnsupportedSignatureError(`signature algorithm ${signatureAlgorithm}`);
}
