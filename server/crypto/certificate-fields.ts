import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import {
  DerError,
  TAG,
  childrenOf,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  readDer,
  type DerElement,
} from './der-codec.js';
import { OID } from './oids.js';

/** The fields of an X.509 certificate that CMS and RFC 3161 need, with their original encodings. */
export interface CertificateFields {
  der: Uint8Array;
  /** DER of the issuer Name. */
  issuer: Uint8Array;
  /** DER of the subject Name. */
  subject: Uint8Array;
  /** DER of the whole serialNumber INTEGER element. */
  serialNumberDer: Uint8Array;
  serialNumber: bigint;
  /** DER of SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
  /** The subjectKeyIdentifier extension value, if present. */
  subjectKeyIdentifier?: Uint8Array;
  extensions: Map<string, { critical: boolean; value: Uint8Array }>;
  publicKey(): KeyObject;
}

const cache = new WeakMap<Uint8Array, CertificateFields>();

/*
 * Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 * TBSCertificate ::= SEQUENCE {
 *   version [0] EXPLICIT Version DEFAULT v1, serialNumber CertificateSerialNumber, signature AlgorithmIdentifier,
 *   issuer Name, validity Validity, subject Name, subjectPublicKeyInfo SubjectPublicKeyInfo,
 *   issuerUniqueID [1] IMPLICIT UniqueIdentifier OPTIONAL, subjectUniqueID [2] IMPLICIT UniqueIdentifier OPTIONAL,
 *   extensions [3] EXPLICIT Extensions OPTIONAL }
 * Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 */
/** Reads a DER certificate (cached per buffer). Throws DerError when it is not a certificate. */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  const cached = cache.get(der);
  if (cached) return cached;
  const certificate = readDer(der);
  const [tbsElement] = childrenOf(certificate);
  if (!tbsElement || tbsElement.tag !== TAG.sequence) throw new DerError('not a certificate');
  const tbs = childrenOf(tbsElement);
  let index = 0;
  if (tbs[0]?.tag === 0xa0) index = 1;
  const serial = tbs[index];
  const issuer = tbs[index + 2];
  const subject = tbs[index + 4];
  const spki = tbs[index + 5];
  if (!serial || serial.tag !== TAG.integer || !issuer || !subject || !spki) throw new DerError('not a certificate');
  const extensions = new Map<string, { critical: boolean; value: Uint8Array }>();
  const extensionsWrapper = tbs.slice(index + 6).find((element) => element.tag === 0xa3);
  if (extensionsWrapper) {
    const [list] = childrenOf(extensionsWrapper);
    for (const extension of list ? childrenOf(list) : []) {
      const parts = childrenOf(extension);
      const critical = parts.length === 3 ? decodeBoolean(parts[1]) : false;
      extensions.set(decodeOid(parts[0]), { critical, value: decodeOctetString(parts[parts.length - 1]) });
    }
  }
  let subjectKeyIdentifier: Uint8Array | undefined;
  const ski = extensions.get(OID.subjectKeyIdentifier);
  if (ski) {
    try {
      subjectKeyIdentifier = decodeOctetString(readDer(ski.value));
    } catch {
      subjectKeyIdentifier = undefined;
    }
  }
  let publicKey: KeyObject | undefined;
  const fields: CertificateFields = {
    der,
    issuer: issuer.raw,
    subject: subject.raw,
    serialNumberDer: serial.raw,
    serialNumber: decodeInteger(serial),
    subjectPublicKeyInfo: spki.raw,
    subjectKeyIdentifier,
    extensions,
    publicKey() {
      publicKey ??= createPublicKey({ key: Buffer.from(spki.raw), format: 'der', type: 'spki' });
      return publicKey;
    },
  };
  cache.set(der, fields);
  return fields;
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2 method 1), for certificates without the extension. */
export function computeKeyIdentifier(fields: CertificateFields): Uint8Array {
  const [, bits] = childrenOf(readDer(fields.subjectPublicKeyInfo));
  return createHash('sha1').update(decodeBitString(bits).bytes).digest();
}

/*
 * ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
 */
/** The extended key usage purposes and whether the extension is critical; undefined when absent. */
export function readExtendedKeyUsage(fields: CertificateFields): { critical: boolean; purposes: string[] } | undefined {
  const extension = fields.extensions.get(OID.extKeyUsage);
  if (!extension) return undefined;
  const purposes = childrenOf(readDer(extension.value)).map((element: DerElement) => decodeOid(element));
  return { critical: extension.critical, purposes };
}
