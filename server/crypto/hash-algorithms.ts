import { OID } from './oids.js';

interface HashAlgorithm {
  name: string;
  oid: string;
  length: number;
  signatures: string[];
}

/**
 * The digest algorithms we read (SHA-1 only to verify what others made): node:crypto's name, the OID, the digest
 * length in bytes, and the ECDSA and RSA PKCS#1 v1.5 signature algorithms that hash with it.
 */
const HASH_ALGORITHMS: HashAlgorithm[] = [
  { name: 'sha1', oid: OID.sha1, length: 20, signatures: [OID.ecdsaWithSHA1, OID.sha1WithRSAEncryption] },
  { name: 'sha224', oid: OID.sha224, length: 28, signatures: [OID.ecdsaWithSHA224, OID.sha224WithRSAEncryption] },
  { name: 'sha256', oid: OID.sha256, length: 32, signatures: [OID.ecdsaWithSHA256, OID.sha256WithRSAEncryption] },
  { name: 'sha384', oid: OID.sha384, length: 48, signatures: [OID.ecdsaWithSHA384, OID.sha384WithRSAEncryption] },
  { name: 'sha512', oid: OID.sha512, length: 64, signatures: [OID.ecdsaWithSHA512, OID.sha512WithRSAEncryption] },
];

/** The node:crypto hash name for a digest algorithm OID, or undefined if unsupported. */
export function hashNameOf(oid: string): string | undefined {
  return HASH_ALGORITHMS.find((algorithm) => algorithm.oid === oid)?.name;
}

/** The OID of a node:crypto hash name (`sha256`, ...). */
export function hashOidOf(name: string): string | undefined {
  return HASH_ALGORITHMS.find((algorithm) => algorithm.name === name)?.oid;
}

/** Digest length in bytes of a node:crypto hash name. */
export function hashLengthOf(name: string): number | undefined {
  return HASH_ALGORITHMS.find((algorithm) => algorithm.name === name)?.length;
}

/** The hash an ECDSA or RSA PKCS#1 v1.5 signature algorithm names (`sha256` for ecdsa-with-SHA256), or undefined. */
export function signatureHashOf(signatureAlgorithm: string): string | undefined {
  return HASH_ALGORITHMS.find((algorithm) => algorithm.signatures.includes(signatureAlgorithm))?.name;
}
