import { verifySignedData } from '../crypto/cms-verify.js';
import { parseSignedData } from '../crypto/cms-parse.js';
import { hashNameOf } from '../crypto/hash-algorithms.js';
import { OID } from '../crypto/oids.js';
import { certificateSummary } from '../crypto/certificate-info.js';
import { validateCertificatePath } from '../crypto/certificate-path.js';
import { parseTimestampToken, verifyTimestampToken } from '../crypto/timestamp-token.js';
import { isSeglError } from '../lib/errors.js';
import { checkSignedDataIntegrity } from '../crypto/cms-integrity.js';
import type { CertificateInfo, Problem } from './verification-report.js';

export interface CmsCheck {
  intact: boolean;
  signatureValid: boolean;
  signerCertificate?: Uint8Array;
  certificates: Uint8Array[];
  signatureValue: Uint8Array;
  signatureTimestamp?: Uint8Array;
  hasSigningCertificateV2: boolean;
  /** Edits to the unsigned parts of the container (embedded certificates, versions): the container is not genuine. */
  containerProblems: Problem[];
  problems: Problem[];
}

export interface ChainCheck {
  trusted: boolean;
  /** Leaf first, anchor last (as far as it could be built). */
  chain: Uint8Array[];
  problems: Problem[];
}

export interface TimestampCheck {
  imprintMatches: boolean;
  signatureValid: boolean;
  trusted: boolean;
  time: string | null;
  tsa: CertificateInfo | null;
  chain?: ChainCheck;
  containerProblems: Problem[];
  problems: Problem[];
}

export function describeCertificate(der: Uint8Array): CertificateInfo {
  const summary = certificateSummary(der);
  return {
    commonName: summary.subjectCommonName ?? null,
    subject: summary.subject,
    issuer: summary.issuer,
    serialNumber: summary.serialHex,
    notBefore: summary.notBefore.toISOString(),
    notAfter: summary.notAfter.toISOString(),
    sha256: summary.sha256,
  };
}

function unreadable(code: string, error: unknown): Problem {
  return { code, message: isSeglError(error) || error instanceof Error ? error.message : String(error) };
}

/** Verifies a detached CMS signature over data whose digest `digestFor` computes with the signer's algorithm. */
export function inspectCms(options: {
  cms: Uint8Array;
  digestFor: (algorithm: string) => Uint8Array;
  knownCertificates: Uint8Array[];
}): CmsCheck {
  const failed: CmsCheck = {
    intact: false,
    signatureValid: false,
    certificates: [],
    signatureValue: new Uint8Array(),
    hasSigningCertificateV2: false,
    containerProblems: [],
    problems: [],
  };
  let algorithm: string | undefined;
  try {
    const parsed = parseSignedData(options.cms);
    algorithm = hashNameOf(parsed.signerInfos[0]?.digestAlgorithm ?? '');
  } catch (error) {
    failed.problems.push(unreadable('cms_unreadable', error));
    return failed;
  }
  if (!algorithm) {
    failed.problems.push({
      code: 'unsupported_digest',
      message: 'the signature uses a digest algorithm that is not supported',
    });
    return failed;
  }
  const report = verifySignedData({ cms: options.cms, contentDigest: options.digestFor(algorithm) });
  // PAdES and PDF 2.0 (12.8.3.3): a detached SignedData of id-data; anything else signs something other than the file
  const ofData = report.eContentType === OID.data;
  if (!ofData) {
    report.problems.push({
      code: 'cms_not_data',
      message: `the signature's content type is ${report.eContentType}, not id-data: it does not sign a PDF's bytes`,
    });
  }
  const timestampAttribute = report.unsignedAttributes.find((a) => a.type === OID.signatureTimeStampToken);
  return {
    intact: report.intact && ofData,
    signatureValid: report.signatureValid,
    signerCertificate: report.signerCertificate,
    certificates: report.certificates,
    signatureValue: report.signatureValue,
    signatureTimestamp: timestampAttribute?.values[0],
    hasSigningCertificateV2:
      report.signedAttributes.hasSigningCertificateV2 && report.signedAttributes.signingCertificateV2Matches !== false,
    containerProblems: checkSignedDataIntegrity({ cms: options.cms, knownCertificates: options.knownCertificates }),
    problems: report.problems,
  };
}

export function inspectChain(options: {
  certificate: Uint8Array;
  intermediates: Uint8Array[];
  trustAnchors: Uint8Array[];
  at: Date;
}): ChainCheck {
  try {
    const result = validateCertificatePath({
      certificate: options.certificate,
      intermediates: options.intermediates,
      trustAnchors: options.trustAnchors,
      at: options.at,
    });
    return { trusted: result.trusted, chain: result.chain, problems: result.problems };
  } catch (error) {
    return { trusted: false, chain: [options.certificate], problems: [unreadable('certificate_unreadable', error)] };
  }
}

/** Verifies an RFC 3161 token over data whose digest `digestFor` computes with the token's hash algorithm. */
export function inspectTimestampToken(options: {
  token: Uint8Array;
  digestFor: (algorithm: string) => Uint8Array;
  trustAnchors: Uint8Array[];
  extraCertificates: Uint8Array[];
}): TimestampCheck {
  const result: TimestampCheck = {
    imprintMatches: false,
    signatureValid: false,
    trusted: false,
    time: null,
    tsa: null,
    containerProblems: [],
    problems: [],
  };
  try {
    const algorithm = parseTimestampToken(options.token).hashAlgorithmName;
    if (!algorithm) {
      result.problems.push({
        code: 'unsupported_digest',
        message: 'the timestamp uses a hash algorithm that is not supported',
      });
      return result;
    }
    const check = verifyTimestampToken({
      token: options.token,
      imprint: options.digestFor(algorithm),
      trustedCertificates: options.extraCertificates,
    });
    result.imprintMatches = check.imprintMatches;
    result.containerProblems = checkSignedDataIntegrity({
      cms: options.token,
      knownCertificates: [...options.extraCertificates, ...options.trustAnchors],
    });
    result.signatureValid = check.signatureValid && check.tsaEkuOk && result.containerProblems.length === 0;
    result.problems.push(...result.containerProblems);
    result.time = check.genTime.toISOString();
    result.problems.push(...check.problems);
    if (check.tsaCertificate) {
      result.tsa = describeCertificate(check.tsaCertificate);
      const chain = inspectChain({
        certificate: check.tsaCertificate,
        intermediates: [...check.certificates, ...options.extraCertificates],
        trustAnchors: options.trustAnchors,
        at: check.genTime,
      });
      result.chain = chain;
      result.trusted = chain.trusted;
      result.problems.push(...chain.problems);
    } else {
      result.problems.push({
        code: 'tsa_certificate_missing',
        message: 'the timestamp does not carry the TSA certificate',
      });
    }
  } catch (error) {
    result.problems.push(unreadable('timestamp_unreadable', error));
  }
  return result;
}
