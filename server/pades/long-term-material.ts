import { createHash } from 'node:crypto';
import { parseCrl } from '../crypto/certificate-revocation-list.js';
import { parseOcspResponse } from '../crypto/ocsp-client.js';
import { certificateSummary } from '../crypto/certificate-info.js';
import type { ChainCheck } from './crypto-checks.js';

export interface LongTermMaterial {
  certificates: Uint8Array[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
}

export interface LongTermCheck {
  complete: boolean;
  /** Which certificates lack what. */
  missing: string[];
  revoked: string[];
}

const fingerprint = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

/**
 * B-LT needs, for every certificate of every chain involved (signer and TSA), the certificate itself and, for all
 * but the self-signed anchor, revocation data from its issuer: a good OCSP response or a CRL that does not list it.
 */
export function hasLongTermMaterial(options: {
  chains: ChainCheck[];
  material: LongTermMaterial;
  /**
   * The earliest time a timestamp proves the signature existed: a revocation after it (a certificate retired or
   * superseded later) leaves the signature as good as it was; one before it counts.
   */
  provenAt?: Date;
}): LongTermCheck {
  const { chains, material, provenAt } = options;
  const present = new Set(material.certificates.map(fingerprint));
  const missing: string[] = [];
  const revoked: string[] = [];
  for (const { chain } of chains) {
    chain.forEach((certificate, index) => {
      const summary = certificateSummary(certificate);
      const label = summary.subjectCommonName ?? summary.subject;
      if (!present.has(fingerprint(certificate))) missing.push(`${label} (certificate)`);
      const issuer = chain[index + 1];
      if (!issuer) return;
      const status = revocationStatus({ issuer, serialHex: summary.serialHex, material, provenAt });
      if (status === 'revoked') revoked.push(label);
      if (status === 'none') missing.push(`${label} (revocation data)`);
    });
  }
  return { complete: missing.length === 0 && revoked.length === 0, missing, revoked };
}

/**
 * What the file's own revocation data says of a certificate: revoked when any response or CRL its issuer signed
 * says it was revoked by `provenAt`, whatever the order (an older "good" listed first must not hide it); good when
 * one says good or names a revocation after `provenAt`; none when nothing the issuer signed speaks of it.
 */
function revocationStatus(options: {
  issuer: Uint8Array;
  serialHex: string;
  material: LongTermMaterial;
  provenAt?: Date;
}): 'good' | 'revoked' | 'none' {
  const serial = options.serialHex.toLowerCase().replace(/^0+/, '');
  const sameSerial = (serialHex: string) => serialHex.toLowerCase().replace(/^0+/, '') === serial;
  const before = (revokedAt: Date | undefined) =>
    !options.provenAt || !revokedAt || revokedAt.getTime() <= options.provenAt.getTime();
  let good = false;
  for (const der of options.material.ocspResponses) {
    try {
      const response = parseOcspResponse({ response: der, issuer: options.issuer });
      if (response.signatureValid !== true) continue;
      const single = response.responses.find((r) => sameSerial(r.serialHex));
      if (single?.certStatus === 'revoked' && before(single.revokedAt)) return 'revoked';
      if (single?.certStatus === 'good' || single?.certStatus === 'revoked') good = true;
    } catch {
      // unreadable responses prove nothing
    }
  }
  for (const der of options.material.crls) {
    try {
      const crl = parseCrl({ crl: der, issuer: options.issuer });
      if (crl.signatureValid !== true) continue;
      if (crl.revokedSerials.some((r) => sameSerial(r.serialHex) && before(r.revokedAt))) return 'revoked';
      good = true;
    } catch {
      // unreadable CRLs prove nothing
    }
  }
  return good ? 'good' : 'none';
}
