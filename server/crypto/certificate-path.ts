import { readCertificate, type CertificateInfo } from './certificate-info.js';
import { bytesEqual } from './asn1-helpers.js';
import { verifySignature } from './signature-algorithm.js';

export { certificateSummary, type CertificateSummary } from './certificate-info.js';
export { derToPem, pemToDerList } from './pem.js';

/**
 * Builds and checks an X.509 path leaf -> trust anchor (RFC 5280 6.1, the parts a signature validator needs):
 * issuer found by name (and AKI/SKI), every signature verified with node:crypto, validity at `at`, issuers are CAs.
 * Returns a report; never throws for untrusted or broken certificates.
 */

export interface PathProblem {
  code:
    | 'malformed_certificate'
    | 'unknown_root'
    | 'bad_signature'
    | 'unsupported_algorithm'
    | 'expired'
    | 'not_yet_valid'
    | 'not_ca'
    | 'key_usage'
    | 'path_too_long';
  message: string;
}

export interface PathReport {
  trusted: boolean;
  /** DER, leaf first, ending with the trust anchor when one was reached. */
  chain: Uint8Array[];
  problems: PathProblem[];
}

const MAX_DEPTH = 8;

function tryRead(der: Uint8Array): CertificateInfo | undefined {
  try {
    return readCertificate(der);
  } catch {
    return undefined;
  }
}

function label(info: CertificateInfo): string {
  return info.subjectCommonName ?? info.subject;
}

function couldIssue(issuer: CertificateInfo, child: CertificateInfo): boolean {
  if (!bytesEqual(issuer.subjectDer, child.issuerDer)) return false;
  if (child.authorityKeyIdentifier && issuer.subjectKeyIdentifier) {
    return bytesEqual(child.authorityKeyIdentifier, issuer.subjectKeyIdentifier);
  }
  return true;
}

function signatureBy(child: CertificateInfo, issuer: CertificateInfo) {
  return verifySignature({
    algorithmOid: child.signatureAlgorithmOid,
    algorithmParameters: child.signatureAlgorithmParameters,
    publicKey: issuer.spki,
    data: child.tbs,
    signature: child.signature,
  });
}

export function validateCertificatePath(options: {
  certificate: Uint8Array;
  intermediates?: Uint8Array[];
  trustAnchors: Uint8Array[];
  at: Date;
}): PathReport {
  const problems: PathProblem[] = [];
  const leaf = tryRead(options.certificate);
  if (!leaf) {
    return {
      trusted: false,
      chain: [options.certificate],
      problems: [{ code: 'malformed_certificate', message: 'The certificate cannot be parsed' }],
    };
  }
  const anchors = options.trustAnchors.map(tryRead).filter((info): info is CertificateInfo => info !== undefined);
  const intermediates = (options.intermediates ?? [])
    .map(tryRead)
    .filter((info): info is CertificateInfo => info !== undefined);
  const isAnchor = (info: CertificateInfo) => anchors.some((anchor) => bytesEqual(anchor.der, info.der));

  const chain: CertificateInfo[] = [leaf];
  let anchored = isAnchor(leaf);
  let current = leaf;
  while (!anchored) {
    if (chain.length > MAX_DEPTH) {
      problems.push({ code: 'path_too_long', message: `No trust anchor within ${MAX_DEPTH} certificates` });
      break;
    }
    // Prefer an anchor, then intermediates; among candidates prefer one whose signature verifies.
    const candidates = [...anchors, ...intermediates].filter(
      (candidate) => couldIssue(candidate, current) && !chain.some((inChain) => bytesEqual(inChain.der, candidate.der)),
    );
    if (candidates.length === 0) {
      if (current.selfIssued && signatureBy(current, current).valid) {
        problems.push({ code: 'unknown_root', message: `Root "${label(current)}" is not a trust anchor` });
      } else {
        problems.push({
          code: 'unknown_root',
          message: `Issuer "${current.issuer}" of "${label(current)}" is not known or not trusted`,
        });
      }
      break;
    }
    const verified = candidates.find((candidate) => signatureBy(current, candidate).valid);
    const issuer = verified ?? candidates[0]!;
    if (!verified) {
      const result = signatureBy(current, issuer);
      problems.push(
        result.valid === false && result.reason === 'unsupported_algorithm'
          ? {
              code: 'unsupported_algorithm',
              message: `Signature algorithm ${current.signatureAlgorithmOid} of "${label(current)}" is not supported`,
            }
          : {
              code: 'bad_signature',
              message: `The signature on "${label(current)}" does not verify with the key of "${label(issuer)}"`,
            },
      );
    }
    chain.push(issuer);
    current = issuer;
    anchored = isAnchor(issuer);
  }

  // validity and CA constraints over the whole path
  const at = options.at.getTime();
  chain.forEach((info, index) => {
    if (at < info.notBefore.getTime()) {
      problems.push({
        code: 'not_yet_valid',
        message: `"${label(info)}" is valid only from ${info.notBefore.toISOString()}`,
      });
    }
    if (at > info.notAfter.getTime()) {
      problems.push({ code: 'expired', message: `"${label(info)}" expired on ${info.notAfter.toISOString()}` });
    }
    if (index === 0) return;
    const isTrustAnchor = index === chain.length - 1 && anchored;
    if (!info.basicConstraints?.ca && !(isTrustAnchor && info.basicConstraints === undefined && info.selfIssued)) {
      problems.push({ code: 'not_ca', message: `"${label(info)}" issues certificates but is not a CA` });
    }
    if (info.keyUsage && !info.keyUsage.names.includes('keyCertSign')) {
      problems.push({
        code: 'key_usage',
        message: `"${label(info)}" may not sign certificates (keyUsage without keyCertSign)`,
      });
    }
    const pathLength = info.basicConstraints?.pathLength;
    const below = chain.slice(0, index).filter((cert, i) => i > 0 && !cert.selfIssued).length;
    if (pathLength !== undefined && below > pathLength) {
      problems.push({
        code: 'path_too_long',
        message: `"${label(info)}" allows at most ${pathLength} intermediate CA(s) below it`,
      });
    }
  });

  return { trusted: anchored && problems.length === 0, chain: chain.map((info) => info.der), problems };
}
