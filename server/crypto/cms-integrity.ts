import { readCertificate, type CertificateInfo } from './certificate-info.js';
import { bytesEqual } from './asn1-helpers.js';
import { parseSignedData } from './cms-parse.js';
import type { CmsProblem } from './cms-verify.js';
import { OID } from './oids.js';
import { encodeOid } from './der-codec.js';
import { verifySignature } from './signature-algorithm.js';

function tryRead(der: Uint8Array): CertificateInfo | undefined {
  try {
    return readCertificate(der);
  } catch {
    return undefined;
  }
}

/**
 * Checks the parts of a CMS SignedData that its signature does not cover (RFC 5652 §5): a PDF signature's
 * /Contents is left out of what is signed, so an edit there must not go unnoticed. Every embedded certificate must
 * be genuine (its signature verifies with an issuer at hand: the embedded set, `knownCertificates`, or itself when
 * self-issued), the version numbers must be the ones RFC 5652 prescribes, the signer's digest algorithm must be
 * listed, and the content types must agree.
 */
export function checkSignedDataIntegrity(options: { cms: Uint8Array; knownCertificates: Uint8Array[] }): CmsProblem[] {
  const problems: CmsProblem[] = [];
  let parsed;
  try {
    parsed = parseSignedData(options.cms);
  } catch {
    return [{ code: 'cms_unreadable', message: 'the signature container cannot be read' }];
  }
  const embedded = parsed.certificates.map(tryRead);
  const known = options.knownCertificates.map(tryRead).filter((info): info is CertificateInfo => info !== undefined);
  const issuers = [...embedded.filter((info): info is CertificateInfo => info !== undefined), ...known];
  embedded.forEach((info, index) => {
    if (!info) {
      problems.push({
        code: 'embedded_certificate_malformed',
        message: `embedded certificate ${index + 1} cannot be read`,
      });
      return;
    }
    // An altered copy of a certificate known in its genuine form (in the DSS, the trust anchors, the container).
    const twin = issuers.find(
      (other) =>
        other.serialHex === info.serialHex &&
        !bytesEqual(other.der, info.der) &&
        (bytesEqual(other.spki, info.spki) ||
          bytesEqual(other.issuerDer, info.issuerDer) ||
          bytesEqual(other.subjectDer, info.subjectDer)),
    );
    if (twin) {
      problems.push({
        code: 'embedded_certificate_corrupt',
        message: `embedded certificate "${info.subjectCommonName ?? info.subject}" differs from the genuine one`,
      });
      return;
    }
    const candidates = issuers.filter((issuer) => bytesEqual(issuer.subjectDer, info.issuerDer));
    if (candidates.length === 0) return; // its issuer is not at hand: the path check reports that if it matters
    const genuine = candidates.some((issuer) => {
      const result = verifySignature({
        algorithmOid: info.signatureAlgorithmOid,
        algorithmParameters: info.signatureAlgorithmParameters,
        publicKey: issuer.spki,
        data: info.tbs,
        signature: info.signature,
      });
      return result.valid || result.reason === 'unsupported_algorithm';
    });
    if (!genuine)
      problems.push({
        code: 'embedded_certificate_corrupt',
        message:
          `embedded certificate "${info.subjectCommonName ?? info.subject}" is not genuine: its ` +
          `signature does not verify`,
      });
  });

  const signer = parsed.signerInfos[0];
  if (signer) {
    const expectedSignerVersion = signer.sid.kind === 'issuerAndSerialNumber' ? 1n : 3n;
    if (signer.version !== expectedSignerVersion)
      problems.push({
        code: 'cms_bad_version',
        message: `SignerInfo version ${signer.version} does not match its signer identifier`,
      });
    if (!parsed.digestAlgorithms.includes(signer.digestAlgorithm))
      problems.push({
        code: 'cms_bad_structure',
        message: "the signer's digest algorithm is not listed in the SignedData",
      });
    const contentType = signer.signedAttributes?.find((attribute) => attribute.type === OID.contentType);
    if (contentType && !bytesEqual(contentType.values[0] ?? new Uint8Array(), encodeOid(parsed.eContentType))) {
      problems.push({
        code: 'cms_bad_structure',
        message: 'the signed content type differs from the encapsulated content type',
      });
    }
  }
  const v3 = parsed.signerInfos.some((info) => info.version === 3n) || parsed.eContentType !== OID.data;
  const expectedVersion = v3 ? 3n : 1n;
  if (parsed.version !== expectedVersion && parsed.version !== 4n && parsed.version !== 5n) {
    problems.push({
      code: 'cms_bad_version',
      message: `SignedData version ${parsed.version} is not the one RFC 5652 prescribes (${expectedVersion})`,
    });
  }
  return problems;
}
