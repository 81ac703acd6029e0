import { readCertificate, type CertificateInfo } from '../crypto/certificate-info.js';
import type { AppliancePki } from '../crypto/appliance-pki.js';
import { assertNotRevoked, type RevocationFetcher } from '../crypto/revocation-fetcher.js';
import type { FetchLike } from '../crypto/revocation-data.js';
import { pemToDerList } from '../crypto/pem.js';
import type { ValidationMaterial } from '../pdf/document-security-store.js';
import { PkiError } from '../crypto/pki-error.js';

const bytesEqual = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

function uniqueCertificates(certificates: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const certificate of certificates)
    if (!out.some((known) => bytesEqual(known, certificate))) out.push(certificate);
  return out;
}

const labelOf = (der: Uint8Array) => {
  const info = readCertificate(der);
  return info.subjectCommonName ?? info.subject;
};

/** The issuer's certificate from the AIA caIssuers URLs of `certificate` (DER or PEM), when it names any. */
async function fetchIssuer(options: {
  certificate: Uint8Array;
  fetchImpl: FetchLike;
  timeoutMs: number;
}): Promise<Uint8Array | undefined> {
  const info = readCertificate(options.certificate);
  for (const url of info.caIssuerUrls.filter((u) => /^https?:\/\//i.test(u))) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await options.fetchImpl(url, {
        method: 'GET',
        headers: { accept: 'application/pkix-cert' },
        signal: controller.signal,
      });
      if (!response.ok) continue;
      const body = new Uint8Array(await response.arrayBuffer());
      const candidates = body[0] === 0x30 ? [body] : pemToDerList(Buffer.from(body).toString('latin1'), 'CERTIFICATE');
      const issuer = candidates.find((candidate) => bytesEqual(readCertificate(candidate).subjectDer, info.issuerDer));
      if (issuer) return issuer;
    } catch {
      // try the next URL; no issuer at all is reported by the caller
    } finally {
      clearTimeout(timer);
    }
  }
  return undefined;
}

/**
 * Certificates plus OCSP responses and CRLs for every certificate that is not self-signed, signer and TSA chains
 * alike. Our own CA answers in-process (no server needed); certificates of other CAs are checked over HTTP through
 * the URLs they carry (`revocation`: cached, time-limited, guarded). A missing issuer, unobtainable revocation data
 * or a revoked certificate fails the seal: B-LT is never claimed without the data, and never silently downgraded.
 */
export async function collectValidationMaterial(options: {
  certificates: Uint8Array[];
  pki: AppliancePki;
  revocation: RevocationFetcher;
  /** For fetching missing issuers (AIA caIssuers); the same guarded fetch the revocation fetcher uses. */
  fetchImpl: FetchLike;
  timeoutMs?: number;
}): Promise<ValidationMaterial> {
  const certificates = uniqueCertificates([...options.certificates, options.pki.root.certificate]);
  const ocspResponses: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  let ownCrlAdded = false;
  const issuerOf = (info: CertificateInfo) =>
    certificates.find((candidate) => bytesEqual(readCertificate(candidate).subjectDer, info.issuerDer));
  for (let index = 0; index < certificates.length; index += 1) {
    const certificate = certificates[index]!;
    const info = readCertificate(certificate);
    if (info.selfIssued) continue;
    let issuer = issuerOf(info);
    if (!issuer) {
      issuer = await fetchIssuer({ certificate, fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs ?? 10_000 });
      if (!issuer) {
        throw new PkiError({
          code: 'revocation_unavailable',
          message: `The issuer of "${labelOf(certificate)}" is not known, so its revocation status cannot be checked`,
        });
      }
      certificates.push(issuer); // its own issuer is looked for in a later round
    }
    if (bytesEqual(issuer, options.pki.root.certificate)) {
      const response = options.pki.ocspResponseFor({ certificate });
      assertNotRevoked({ certificate, issuer, data: { ocsp: [response] } });
      ocspResponses.push(response);
      if (!ownCrlAdded) {
        crls.push(options.pki.currentCrl());
        ownCrlAdded = true;
      }
      continue;
    }
    const fetched = await options.revocation({ certificate, issuer });
    ocspResponses.push(...(fetched.ocsp ?? []));
    crls.push(...(fetched.crls ?? []));
  }
  return { certificates, ocspResponses, crls };
}
