import { readCertificateFields } from '../crypto/certificate-fields.js';
import type { AppliancePki } from '../crypto/appliance-pki.js';
import { fetchRevocationData } from '../crypto/revocation-data.js';
import type { ValidationMaterial } from '../pdf/document-security-store.js';
import type { OutboundPolicy } from '../lib/outbound-fetch.js';

const bytesEqual = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

function uniqueCertificates(certificates: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const certificate of certificates) if (!out.some((known) => bytesEqual(known, certificate))) out.push(certificate);
  return out;
}

/**
 * Certificates plus OCSP responses and CRLs for every certificate that is not self-signed. Our own CA answers
 * in-process (no server needed); certificates of other CAs (an external TSA's) are checked over HTTP through the
 * URLs they carry. Missing revocation data for a foreign certificate is an error: B-LT is never claimed without it.
 */
export async function collectValidationMaterial(options: {
  certificates: Uint8Array[];
  pki: AppliancePki;
  timeoutMs?: number;
  /** Whether foreign certificates' OCSP/CRL URLs may point at internal addresses (default: public only). */
  policy?: OutboundPolicy;
}): Promise<ValidationMaterial> {
  const certificates = uniqueCertificates([...options.certificates, options.pki.root.certificate]);
  const ocspResponses: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  let ownCrlAdded = false;
  for (const certificate of certificates) {
    const fields = readCertificateFields(certificate);
    if (bytesEqual(fields.issuer, fields.subject)) continue;
    const issuer = certificates.find((candidate) => bytesEqual(readCertificateFields(candidate).subject, fields.issuer));
    if (issuer && bytesEqual(issuer, options.pki.root.certificate)) {
      ocspResponses.push(options.pki.ocspResponseFor({ certificate }));
      if (!ownCrlAdded) {
        crls.push(options.pki.currentCrl());
        ownCrlAdded = true;
      }
      continue;
    }
    if (!issuer) continue;
    const fetched = await fetchRevocationData({ certificate, issuer, timeoutMs: options.timeoutMs ?? 10_000, policy: options.policy });
    ocspResponses.push(...(fetched.ocsp ?? []));
    crls.push(...(fetched.crls ?? []));
  }
  return { certificates, ocspResponses, crls };
}
