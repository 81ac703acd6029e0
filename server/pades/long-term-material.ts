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
export function hasLongTermMaterial(options: { chains: ChainCheck[]; material: LongTermMaterial }): LongTermCheck {
  const { chains, material } = options;
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
      const status = revocationStatus({ certificate, issuer, serialHex: summary.serialHex, material });
      if (status === 'revoked') revoked.push(label);
      if (status === 'none') missing.push(`${label} (revocation data)`);
    });
  }
  return { complete: missing.length === 0 && revoked.length === 0, missing, revoked };
}

/**
 * What the file's own revocation data says of a certificate: revoked when any response or CRL its issuer signed
 * says so, whatever the order (an older "good" listed first must not hide a later revocation); good when one says
 * good; none when nothing the issuer signed speaks of it.
 */
function revocationStatus(options: {
  certificate: Uint8Array;
  issuer: Uint8Array;
  serialHex: string;
  material: LongTermMaterial;
}): 'good' | 'revoked' | 'none' {
  const serial = options.serialHex.toLowerCase().replace(/^0+/, '');
  const sameSerial = (serialHex: string) => serialHex.toLowerCase().replace(/^0+/, '') === serial;
  let good = false;
  for (const der of options.material.ocspResponses) {
    try {
      const response = parseOcspResponse({ response: der, issuer: options.issuer });
      if (response.signatureValid !== true) continue;
      const single = response.responses.find((r) => sameSerial(r.serialHex));
      if (single?.certStatus === 'revoked') return 'revoked';
      if (single?.certStatus === 'good') good = true;
    } catch {
      // unreadable responses prove nothing
    }
  }
  for (const der of options.material.crls) {
    try {
      const crl = parseCrl({ crl: der, issuer: options.issuer });
      if (crl.signatureValid !== true) continue;
      if (crl.revokedSerials.some((r) => sameSerial(r.serialHex))) return 'revoked';
      good = true;
    } catch {
      // unreadable CRLs prove nothing
    }
  }
  return good ? 'good' : 'none';
}
