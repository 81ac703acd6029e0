import { createHash, createPublicKey } from 'node:crypto';
import { certificateSummary, readCertificate } from '../../crypto/certificate-info.js';
import type { CertificateInfo } from '../../pades/verification-report.js';
import type { SealIdentity } from '../../crypto/signing-identity.js';

/** A certificate as the verification report names one, with the SHA-1 fingerprint operators also compare. */
export interface CertificateDescription extends Omit<CertificateInfo, 'commonName'> {
  sha1: string;
}

/** What `segl seal-key show` and `GET /api/v1/seal-key` tell about the seal in force. */
export interface SealKeyDescription extends CertificateDescription {
  source: SealIdentity['source'];
  keyType: string;
  keyUsage: string[];
  /** Issuers, nearest first, ending with the root. */
  chain: CertificateDescription[];
}

export function describeCertificate(der: Uint8Array): CertificateDescription {
  const { subject, issuer, serialHex, notBefore, notAfter, sha256 } = certificateSummary(der);
  const sha1 = createHash('sha1').update(der).digest('hex');
  const validity = { notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString() };
  return { subject, issuer, serialNumber: serialHex, ...validity, sha256, sha1 };
}

export function describeSealKey(identity: SealIdentity): SealKeyDescription {
  const info = readCertificate(identity.certificate);
  const key = createPublicKey({ key: Buffer.from(info.spki), format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails;
  const keyType =
    key.asymmetricKeyType === 'rsa' ? `RSA ${details?.modulusLength ?? '?'}` : `EC ${details?.namedCurve ?? '?'}`;
  return {
    source: identity.source,
    ...describeCertificate(identity.certificate),
    keyType,
    keyUsage: info.keyUsage?.names ?? [],
    chain: identity.chain.map(describeCertificate),
  };
}
