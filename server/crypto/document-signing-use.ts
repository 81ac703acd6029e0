import type { CertificateInfo } from './certificate-info.js';
import { OID } from './oids.js';

/** Extended key usages that allow signing documents; an EKU extension with none of them rules the certificate out. */
const DOCUMENT_EKUS: string[] = [
  OID.anyExtendedKeyUsage,
  OID.documentSigning,
  '1.3.6.1.5.5.7.3.4', // emailProtection
  '1.3.6.1.5.5.7.3.2', // clientAuth
  '1.3.6.1.5.5.7.3.3', // codeSigning (Acrobat accepts it for document signatures)
  '1.2.840.113583.1.1.5', // Adobe authenticDocumentsTrust
  '1.3.6.1.4.1.311.10.3.12', // Microsoft document signing
];

/**
 * Why a certificate may not sign documents, or null when it may: a key usage with neither digitalSignature nor
 * nonRepudiation, or an extended key usage for other work only (a TSA's timeStamping, an OCSP responder's
 * OCSPSigning). The seal import refuses such a certificate; the verifier does not trust its signatures.
 */
export function documentSigningRefusal(certificate: CertificateInfo): string | null {
  const usage = certificate.keyUsage?.names ?? [];
  if (certificate.keyUsage && !usage.includes('digitalSignature') && !usage.includes('nonRepudiation'))
    return `its key usage allows neither digitalSignature nor nonRepudiation (it has: ${usage.join(', ') || 'none'})`;
  const eku = certificate.extendedKeyUsage;
  if (eku && !eku.oids.some((oid) => DOCUMENT_EKUS.includes(oid)))
    return `its extended key usage does not allow signing documents (${eku.oids.join(', ')})`;
  return null;
}
