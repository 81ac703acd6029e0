import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OID } from './oids.js';
import { readCertificate, type CertificateInfo } from './certificate-info.js';
import { algorithmIdentifier, bytesEqual, hexToBytes, octetString, positiveInteger } from './asn1-helpers.js';
import { hashNameOf } from './hash-algorithms.js';

/** How OCSP names a certificate: its issuer's name and key, hashed with `hashAlgorithm` (an OID), and its serial. */
export interface CertId {
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  serial: Uint8Array;
}

/** The certificate an OCSP request or response is about, with its issuer (both DER), and the CertID's hash. */
export interface CertIdSource {
  certificate: Uint8Array;
  issuer: Uint8Array;
  hashAlgorithm?: 'sha1' | 'sha256';
}

/** The CertID of `certificate`, issued by `issuer`; SHA-1 unless asked (what OpenSSL and most validators use). */
export function computeCertId(options: CertIdSource): CertId {
  const certificate = readCertificate(options.certificate);
  const issuer = readCertificate(options.issuer);
  const hash = options.hashAlgorithm ?? 'sha1';
  return {
    hashAlgorithm: hash === 'sha1' ? OID.sha1 : OID.sha256,
    ...issuerHashes(issuer, hash),
    serial: hexToBytes(certificate.serialHex),
  };
}

/** Whether a CertID (from a request) names `issuer` as the issuer; false for a hash algorithm we do not read. */
export function namesIssuer(certId: CertId, issuer: CertificateInfo): boolean {
  const hash = hashNameOf(certId.hashAlgorithm);
  if (hash === undefined) return false;
  const expected = issuerHashes(issuer, hash);
  return (
    bytesEqual(certId.issuerNameHash, expected.issuerNameHash) &&
    bytesEqual(certId.issuerKeyHash, expected.issuerKeyHash)
  );
}

/** The issuer's name and key as a CertID carries them, hashed with `hash` (a node:crypto name). */
function issuerHashes(issuer: CertificateInfo, hash: string): Pick<CertId, 'issuerNameHash' | 'issuerKeyHash'> {
  return {
    issuerNameHash: new Uint8Array(createHash(hash).update(issuer.subjectDer).digest()),
    issuerKeyHash: new Uint8Array(createHash(hash).update(issuer.publicKeyBits).digest()),
  };
}

/**
 * CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING, issuerKeyHash OCTET STRING,
 *                       serialNumber CertificateSerialNumber }
 */
export function encodeCertId(certId: CertId): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      algorithmIdentifier(certId.hashAlgorithm, 'null'),
      octetString(certId.issuerNameHash),
      octetString(certId.issuerKeyHash),
      positiveInteger(certId.serial),
    ],
  });
}
