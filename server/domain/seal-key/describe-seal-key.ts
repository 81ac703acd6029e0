import { createHash, createPublicKey } from 'node:crypto';
import { readCertificate } from '../../crypto/certificate-info.js';
import type { SealIdentity } from '../../crypto/signing-identity.js';

export interface CertificateDescription {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
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
  const info = readCertificate(der);
  return {
    subject: info.subject,
    issuer: info.issuer,
    serialNumber: info.serialHex,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
    sha256: createHash('sha256').update(der).digest('hex'),
    sha1: createHash('sha1').update(der).digest('hex'),
  };
}

export function describeSealKey(identity: SealIdentity): SealKeyDescription {
  const info = readCertificate(identity.certificate);
  const key = createPublicKey({ key: Buffer.from(info.spki), format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails;
  const keyType = key.asymmetricKeyType === 'rsa' ? `RSA ${details?.modulusLength ?? '?'}` : `EC ${details?.namedCurve ?? '?'}`;
  return {
    source: identity.source,
    ...describeCertificate(identity.certificate),
    keyType,
    keyUsage: info.keyUsage?.names ?? [],
    chain: identity.chain.map(describeCertificate),
  };
}
