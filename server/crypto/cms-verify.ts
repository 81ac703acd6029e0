import { createHash } from 'node:crypto';
import { certificateKeyIdentifier, readCertificate, type CertificateInfo } from './certificate-info.js';
import { parseSignedData, type CmsAttribute, type ParsedSignerInfo, type SignerIdentifier } from './cms-parse.js';
import { TAG, bytesEqual, childrenOf, decodeOctetString, decodeOid, decodeTime, readDer } from './der-codec.js';
import { hashLengthOf, hashNameOf } from './hash-algorithms.js';
import { OID } from './oids.js';
import { UnsupportedSignatureError, verifySignatureValue } from './signature-value.js';

export interface CmsProblem {
  code: string;
  message: string;
}

export interface ParsedSignedAttributes {
  /** False when the SignerInfo has no signed attributes (the signature is then over the content itself). */
  present: boolean;
  contentType?: string;
  messageDigest?: Uint8Array;
  signingTime?: Date;
  hasSigningCertificateV2: boolean;
  /**
   * Whether the ESS signing-certificate-v2 names the signer certificate (undefined without one or without the cert).
   */
  signingCertificateV2Matches?: boolean;
  /** ESS signing-certificate (v1, SHA-1), common in RFC 3161 tokens from other TSAs. */
  hasSigningCertificate: boolean;
  signingCertificateMatches?: boolean;
  /** Every signed attribute, values as DER. */
  attributes: CmsAttribute[];
}

export interface SignedDataReport {
  /** The message digest attribute (or, without signed attributes, the signature) matches the content. */
  intact: boolean;
  signatureValid: boolean;
  signerCertificate?: Uint8Array;
  signerIdentifier?: SignerIdentifier;
  certificates: Uint8Array[];
  crls: Uint8Array[];
  signedAttributes: ParsedSignedAttributes;
  unsignedAttributes: CmsAttribute[];
  signatureValue: Uint8Array;
  signatureAlgorithm?: string;
  /** The SignerInfo's digest algorithm OID. */
  digestAlgorithm: string;
  /** The node:crypto name of the digest algorithm, when supported. */
  digestAlgorithmName?: string;
  encapsulatedContent?: Uint8Array;
  eContentType: string;
  problems: CmsProblem[];
}

export interface VerifySignedDataOptions {
  cms: Uint8Array;
  /** For detached SignedData: the content digest computed with the SignerInfo's digest algorithm (SHA-256 usually). */
  contentDigest?: Uint8Array;
  /** For detached SignedData: the content itself (hashed here with the SignerInfo's digest algorithm). */
  content?: Uint8Array;
  /** Certificates to look for the signer in when the CMS does not carry it (e.g. a TSA's, known out of band). */
  extraCertificates?: Uint8Array[];
}

function tryReadCertificate(der: Uint8Array): CertificateInfo | undefined {
  try {
    return readCertificate(der);
  } catch {
    return undefined;
  }
}

function findSigner(sid: SignerIdentifier, candidates: Uint8Array[]): Uint8Array | undefined {
  for (const der of candidates) {
    const info = tryReadCertificate(der);
    if (!info) continue;
    if (sid.kind === 'issuerAndSerialNumber') {
      if (info.serialNumber === sid.serialNumber && bytesEqual(info.issuerDer, sid.issuer)) return der;
    } else if (bytesEqual(certificateKeyIdentifier(info), sid.keyIdentifier)) {
      return der;
    }
  }
  return undefined;
}

/*
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256}, certHash Hash,
 *                            issuerSerial IssuerSerial OPTIONAL }
 * ESSCertID ::= SEQUENCE { certHash Hash (SHA-1), issuerSerial IssuerSerial OPTIONAL }
 * IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
 */
/** Whether the first cert ID of a SigningCertificate(V2) value names `certificate`. */
function essCertIdMatches(value: Uint8Array, certificate: Uint8Array, version: 1 | 2): boolean {
  const [certs] = childrenOf(readDer(value));
  const [first] = childrenOf(certs);
  if (!first) return false;
  const parts = childrenOf(first);
  let index = 0;
  let hash = version === 2 ? 'sha256' : 'sha1';
  if (version === 2 && parts[0]?.tag === TAG.sequence) {
    hash = hashNameOf(decodeOid(childrenOf(parts[0])[0])) ?? 'unknown';
    index = 1;
  }
  if (hash === 'unknown') return false;
  const certHash = decodeOctetString(parts[index++]);
  if (!bytesEqual(certHash, createHash(hash).update(certificate).digest())) return false;
  const issuerSerial = parts[index];
  if (issuerSerial) {
    const info = readCertificate(certificate);
    const [names, serial] = childrenOf(issuerSerial);
    if (!bytesEqual(serial.raw, info.serialNumberDer)) return false;
    const directoryNames = childrenOf(names).filter((name) => name.tag === 0xa4);
    if (!directoryNames.some((name) => bytesEqual(childrenOf(name)[0]?.raw, info.issuerDer))) return false;
  }
  return true;
}

function readSignedAttributes(
  signer: ParsedSignerInfo,
  certificate: Uint8Array | undefined,
  problems: CmsProblem[],
): ParsedSignedAttributes {
  const attributes = signer.signedAttributes ?? [];
  const result: ParsedSignedAttributes = {
    present: signer.signedAttributes !== undefined,
    hasSigningCertificateV2: false,
    hasSigningCertificate: false,
    attributes,
  };
  for (const attribute of attributes) {
    const value = attribute.values[0];
    if (!value) continue;
    try {
      switch (attribute.type) {
        case OID.contentType:
          result.contentType = decodeOid(readDer(value));
          break;
        case OID.messageDigest:
          result.messageDigest = decodeOctetString(readDer(value));
          break;
        case OID.signingTime:
          result.signingTime = decodeTime(readDer(value));
          break;
        case OID.signingCertificateV2:
          result.hasSigningCertificateV2 = true;
          if (certificate) result.signingCertificateV2Matches = essCertIdMatches(value, certificate, 2);
          break;
        case OID.signingCertificate:
          result.hasSigningCertificate = true;
          if (certificate) result.signingCertificateMatches = essCertIdMatches(value, certificate, 1);
          break;
        default:
          break;
      }
    } catch (error) {
      problems.push({
        code: 'cms_bad_attribute',
        message: `signed attribute ${attribute.type} cannot be read: ${String(error)}`,
      });
      if (attribute.type === OID.signingCertificateV2) result.signingCertificateV2Matches = false;
      if (attribute.type === OID.signingCertificate) result.signingCertificateMatches = false;
    }
  }
  return result;
}

/**
 * Checks a CMS SignedData's first signer: message digest against the content (encapsulated, or given for detached),
 * signature against the signer certificate (found by issuerAndSerialNumber or subjectKeyIdentifier), ESS signing
 * certificate. Returns a report for any parseable CMS; throws CryptoError `cms_unreadable` only when it cannot be
 * parsed. It does not check trust: the chain is the caller's business.
 */
export function verifySignedData(options: VerifySignedDataOptions): SignedDataReport {
  const parsed = parseSignedData(options.cms);
  const problems: CmsProblem[] = [];
  const signer = parsed.signerInfos[0];
  const base = {
    certificates: parsed.certificates,
    crls: parsed.crls,
    encapsulatedContent: parsed.eContent,
    eContentType: parsed.eContentType,
    problems,
  };
  if (!signer) {
    problems.push({ code: 'cms_no_signer', message: 'SignedData has no SignerInfo' });
    return {
      ...base,
      intact: false,
      signatureValid: false,
      signedAttributes: {
        present: false,
        hasSigningCertificateV2: false,
        hasSigningCertificate: false,
        attributes: [],
      },
      unsignedAttributes: [],
      signatureValue: new Uint8Array(0),
      digestAlgorithm: parsed.digestAlgorithms[0] ?? '',
    };
  }
  if (parsed.signerInfos.length > 1) {
    problems.push({
      code: 'cms_multiple_signers',
      message: `SignedData has ${parsed.signerInfos.length} signers; only the first is checked`,
    });
  }

  const signerCertificate = findSigner(signer.sid, [...parsed.certificates, ...(options.extraCertificates ?? [])]);
  if (!signerCertificate)
    problems.push({ code: 'cms_signer_certificate_missing', message: 'the signer certificate is not available' });

  const signedAttributes = readSignedAttributes(signer, signerCertificate, problems);
  const hash = hashNameOf(signer.digestAlgorithm);
  if (!hash)
    problems.push({
      code: 'cms_unsupported_digest',
      message: `digest algorithm ${signer.digestAlgorithm} is not supported`,
    });

  // The content digest, computed with the signer's digest algorithm.
  let digest: Uint8Array | undefined;
  // A caller that gives the content expects a detached signature over it: a SignedData that carries content of its
  // own (a timestamp token's TSTInfo, say) signs that, not the caller's bytes, and so is never intact for them.
  const conflict =
    parsed.eContent !== undefined && (options.content !== undefined || options.contentDigest !== undefined);
  const content = conflict ? undefined : (parsed.eContent ?? options.content);
  if (conflict) {
    problems.push({
      code: 'cms_content_conflict',
      message: 'the signature carries content of its own; it does not sign the content it is checked against',
    });
  }
  if (hash && content) digest = createHash(hash).update(content).digest();
  else if (hash && options.contentDigest && !conflict) {
    if (options.contentDigest.length !== hashLengthOf(hash)) {
      problems.push({
        code: 'cms_digest_algorithm_mismatch',
        message: `the signer used ${hash}; the given content digest does not fit it`,
      });
    } else digest = options.contentDigest;
  }
  if (!digest && hash && !parsed.eContent && !options.content && !options.contentDigest) {
    problems.push({ code: 'cms_content_missing', message: 'detached SignedData: no content or content digest given' });
  }

  let intact = false;
  if (signedAttributes.present) {
    if (!signedAttributes.messageDigest)
      problems.push({ code: 'cms_message_digest_missing', message: 'no message-digest attribute' });
    if (!signedAttributes.contentType)
      problems.push({ code: 'cms_content_type_missing', message: 'no content-type attribute' });
    else if (signedAttributes.contentType !== parsed.eContentType) {
      problems.push({ code: 'cms_content_type_mismatch', message: 'content-type attribute differs from eContentType' });
    }
    const contentTypeSigned = signedAttributes.contentType === parsed.eContentType;
    intact = contentTypeSigned && digest !== undefined && bytesEqual(signedAttributes.messageDigest, digest);
    if (digest && !intact)
      problems.push({ code: 'cms_digest_mismatch', message: 'the message digest does not match the content' });
  }
  if (signedAttributes.signingCertificateV2Matches === false || signedAttributes.signingCertificateMatches === false) {
    problems.push({
      code: 'cms_signing_certificate_mismatch',
      message: 'the ESS signing certificate attribute names another certificate',
    });
  }

  let signatureValid = false;
  if (signerCertificate && hash) {
    try {
      const publicKey = readCertificate(signerCertificate).publicKey();
      let data: Uint8Array | undefined;
      if (signer.signedAttributesRaw) {
        data = Uint8Array.from(signer.signedAttributesRaw);
        data[0] = TAG.set; // the signature covers the SET OF encoding, not the [0] IMPLICIT one
      } else {
        data = content;
      }
      signatureValid = verifySignatureValue({
        publicKey,
        signatureAlgorithm: signer.signatureAlgorithm,
        signatureAlgorithmParameters: signer.signatureAlgorithmParameters,
        digestAlgorithmHash: hash,
        signature: signer.signature,
        data,
        digest,
      });
    } catch (error) {
      if (error instanceof UnsupportedSignatureError) {
        problems.push({ code: 'cms_unsupported_signature', message: `cannot verify: ${error.message}` });
      } else {
        problems.push({
          code: 'cms_signature_error',
          message: `signature check failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    if (
      !signatureValid &&
      !problems.some((problem) => problem.code.startsWith('cms_unsupported') || problem.code === 'cms_signature_error')
    ) {
      problems.push({ code: 'cms_signature_invalid', message: 'the signature value does not verify' });
    }
  }
  // Without signed attributes the signature itself binds the content.
  if (!signedAttributes.present) {
    intact = signatureValid && digest !== undefined;
    if (!intact && digest)
      problems.push({ code: 'cms_digest_mismatch', message: 'the signature does not cover this content' });
  }

  return {
    ...base,
    intact,
    signatureValid,
    signerCertificate,
    signerIdentifier: signer.sid,
    signedAttributes,
    unsignedAttributes: signer.unsignedAttributes,
    signatureValue: signer.signature,
    signatureAlgorithm: signer.signatureAlgorithm,
    digestAlgorithm: signer.digestAlgorithm,
    digestAlgorithmName: hash,
    problems,
  };
}
