import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OID } from './oids.js';
import { readCertificate } from './certificate-info.js';
import { algorithmIdentifier, hexToBytes, octetString, positiveInteger } from './asn1-helpers.js';

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
    issuerNameHash: new Uint8Array(createHash(hash).update(issuer.subjectDer).digest()),
    issuerKeyHash: new Uint8Array(createHash(hash).update(issuer.publicKeyBits).digest()),
    serial: hexToBytes(certificate.serialHex),
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
