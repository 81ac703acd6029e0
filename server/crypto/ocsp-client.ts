import { createParseCache } from './parse-cache.js';
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './pki-error.js';
import { OID } from './oids.js';
import { nameToString, readCertificate, type CertificateInfo } from './certificate-info.js';
import {
  bytesEqual,
  bytesToHex,
  encodeDer,
  explicitTag,
  extension,
  octetString,
  serialToHex,
  toArrayBuffer,
  toBytes,
  type AsnValue,
  readPkiStructure,
} from './asn1-helpers.js';
import { OCSP_RESPONSE_STATUS, type OcspResponseStatusName } from './ocsp-responder.js';
import { verifySignature } from './signature-algorithm.js';
import { computeCertId, encodeCertId, type CertIdSource } from './ocsp-cert-id.js';

/** The client side of OCSP (RFC 6960): build requests, read and check responses. */

/**
 * OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
 * TBSRequest ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, requestorName [1] EXPLICIT GeneralName OPTIONAL,
 *                           requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
 * Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
 * CertID: see ocsp-cert-id.ts.
 * Nonce (RFC 8954): extnValue is the DER of an OCTET STRING of 1..32 octets.
 */
export function buildOcspRequest(
  options: CertIdSource & {
    /** Nonce octets (1..32); omit for none. */
    nonce?: Uint8Array;
  },
): Uint8Array {
  const certId = encodeCertId(computeCertId(options));
  const tbs: AsnValue[] = [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] })];
  if (options.nonce) {
    tbs.push(
      explicitTag(
        2,
        new asn1js.Sequence({ value: [extension({ oid: OID.ocspNonce, value: octetString(options.nonce) })] }),
      ),
    );
  }
  return encodeDer(new asn1js.Sequence({ value: [new asn1js.Sequence({ value: tbs })] }));
}

/** A fresh 16-byte nonce for buildOcspRequest. */
export function createOcspNonce(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}

export interface OcspSingleStatus {
  serialHex: string;
  certStatus: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: number;
  thisUpdate: Date;
  nextUpdate?: Date;
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
}

export interface ParsedOcspResponse {
  status: OcspResponseStatusName | 'unknownStatus';
  producedAt?: Date;
  responses: OcspSingleStatus[];
  /** thisUpdate / nextUpdate of the first single response (the common one-certificate case). */
  thisUpdate?: Date;
  nextUpdate?: Date;
  responderId?: { keyHashHex?: string; name?: string };
  /** Certificates embedded in the response (DER). */
  certificates: Uint8Array[];
  /** The embedded certificate that signed the response, when one did. */
  responderCert?: Uint8Array;
  /** Nonce octets (the inner OCTET STRING contents, or the raw extnValue when it is not one). */
  nonce?: Uint8Array;
  /**
   * With `issuer`: signed by the issuer's key, or by an embedded responder certificate that the issuer signed and that
   * carries EKU ocspSigning. Without `issuer`: signed by an embedded certificate. Undefined when nothing could be
   * checked.
   */
  signatureValid?: boolean;
}

/** Reads a DER OCSPResponse; throws PkiError `malformed_ocsp_response` only when it cannot be parsed at all. */
const parseOcspResponseCache = createParseCache<ParsedOcspResponse>(256);

export function parseOcspResponse(options: { response: Uint8Array; issuer?: Uint8Array }): ParsedOcspResponse {
  return parseOcspResponseCache([options.response, options.issuer ?? new Uint8Array()], () =>
    parseOcspResponseUncached(options),
  );
}

function parseOcspResponseUncached(options: { response: Uint8Array; issuer?: Uint8Array }): ParsedOcspResponse {
  const ocsp = readPkiStructure(() => pkijs.OCSPResponse.fromBER(toArrayBuffer(options.response)), {
    code: 'malformed_ocsp_response',
    message: 'Cannot parse OCSP response',
  });
  const statusNumber = ocsp.responseStatus.valueBlock.valueDec;
  const status =
    (Object.entries(OCSP_RESPONSE_STATUS).find(([, value]) => value === statusNumber)?.[0] as
      | OcspResponseStatusName
      | undefined) ?? 'unknownStatus';
  const result: ParsedOcspResponse = { status, responses: [], certificates: [] };
  if (status !== 'successful' || !ocsp.responseBytes) return result;
  if (ocsp.responseBytes.responseType !== OID.ocspBasic) {
    throw new PkiError({
      code: 'malformed_ocsp_response',
      message: `Unsupported OCSP response type ${ocsp.responseBytes.responseType}`,
    });
  }
  const basicDer = toBytes(ocsp.responseBytes.response.valueBlock.valueHexView);
  const basic = readPkiStructure(() => pkijs.BasicOCSPResponse.fromBER(toArrayBuffer(basicDer)), {
    code: 'malformed_ocsp_response',
    message: 'Cannot parse BasicOCSPResponse',
  });
  const data = basic.tbsResponseData;
  result.producedAt = data.producedAt;
  result.responses = data.responses.map(readSingleResponse);
  result.thisUpdate = result.responses[0]?.thisUpdate;
  result.nextUpdate = result.responses[0]?.nextUpdate;
  if (data.responderID instanceof pkijs.RelativeDistinguishedNames) {
    result.responderId = { name: nameToString(data.responderID) };
  } else if (data.responderID instanceof asn1js.OctetString) {
    result.responderId = { keyHashHex: bytesToHex(toBytes(data.responderID.valueBlock.valueHexView)) };
  }
  const nonceExt = data.responseExtensions?.find((ext) => ext.extnID === OID.ocspNonce);
  if (nonceExt) {
    const raw = toBytes(nonceExt.extnValue.valueBlock.valueHexView);
    const inner = asn1js.fromBER(toArrayBuffer(raw));
    result.nonce =
      inner.offset === raw.byteLength && inner.result instanceof asn1js.OctetString
        ? toBytes(inner.result.valueBlock.valueHexView)
        : raw;
  }
  result.certificates = (basic.certs ?? []).map((cert) => new Uint8Array(cert.toSchema().toBER(false)));

  const tbs = new Uint8Array(data.tbsView);
  const signature = toBytes(basic.signature.valueBlock.valueHexView);
  const signedBy = (info: CertificateInfo) =>
    verifySignature({
      algorithmOid: basic.signatureAlgorithm.algorithmId,
      algorithmParameters: basic.signatureAlgorithm.algorithmParams as AsnValue | undefined,
      publicKey: info.spki,
      data: tbs,
      signature,
    }).valid;
  const embedded = result.certificates.flatMap((der) => {
    try {
      return [readCertificate(der)];
    } catch {
      return [];
    }
  });
  const embeddedSigner = embedded.find(signedBy);
  if (embeddedSigner) result.responderCert = embeddedSigner.der;
  if (options.issuer) {
    const issuer = readCertificate(options.issuer);
    if (signedBy(issuer)) {
      result.signatureValid = true;
    } else {
      result.signatureValid =
        embeddedSigner !== undefined &&
        bytesEqual(embeddedSigner.issuerDer, issuer.subjectDer) &&
        (embeddedSigner.extendedKeyUsage?.oids.includes(OID.ocspSigning) ?? false) &&
        verifySignature({
          algorithmOid: embeddedSigner.signatureAlgorithmOid,
          algorithmParameters: embeddedSigner.signatureAlgorithmParameters,
          publicKey: issuer.spki,
          data: embeddedSigner.tbs,
          signature: embeddedSigner.signature,
        }).valid;
    }
  } else if (embedded.length > 0) {
    result.signatureValid = embeddedSigner !== undefined;
  }
  return result;
}

function readSingleResponse(single: pkijs.SingleResponse): OcspSingleStatus {
  const statusDer = toBytes(new Uint8Array((single.certStatus as AsnValue).toBER(false)));
  const tag = (statusDer[0] ?? 0) & 0x1f;
  const entry: OcspSingleStatus = {
    serialHex: serialToHex(toBytes(single.certID.serialNumber.valueBlock.valueHexView)),
    certStatus: tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown',
    thisUpdate: single.thisUpdate,
    nextUpdate: single.nextUpdate,
    hashAlgorithm: single.certID.hashAlgorithm.algorithmId,
    issuerNameHash: toBytes(single.certID.issuerNameHash.valueBlock.valueHexView),
    issuerKeyHash: toBytes(single.certID.issuerKeyHash.valueBlock.valueHexView),
  };
  if (entry.certStatus === 'revoked') {
    // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
    const asSequence = Uint8Array.from(statusDer);
    asSequence[0] = 0x30;
    const parsed = asn1js.fromBER(toArrayBuffer(asSequence));
    if (parsed.offset !== -1 && parsed.result instanceof asn1js.Sequence) {
      const [time, reason] = parsed.result.valueBlock.value;
      if (time instanceof asn1js.GeneralizedTime) entry.revokedAt = time.toDate();
      const enumerated = (reason as asn1js.Constructed | undefined)?.valueBlock?.value?.[0];
      if (enumerated instanceof asn1js.Enumerated) entry.reason = enumerated.valueBlock.valueDec;
    }
  }
  return entry;
}
