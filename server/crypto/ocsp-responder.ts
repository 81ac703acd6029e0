import { createHash, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Clock } from '../lib/clock.js';
import { OID } from './oids.js';
import { readCertificate, type CertificateInfo } from './certificate-info.js';
import {
  bitString,
  encodeDer,
  explicitTag,
  extension,
  generalizedTime,
  octetString,
  rawDer,
  serialToHex,
  toArrayBuffer,
  toBytes,
  type AsnValue,
} from './asn1-helpers.js';
import { signData } from './signature-algorithm.js';
import { DerError } from './der-codec.js';
import { computeCertId, encodeCertId, namesIssuer, type CertId, type CertIdSource } from './ocsp-cert-id.js';

/** An OCSP responder (RFC 6960) for certificates issued by one CA, signing with the CA key or a delegated key. */

export type CertificateStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason?: number }
  | { status: 'unknown' };

export type StatusLookup = (serialHex: string) => CertificateStatus;

export interface OcspResponder {
  /** The certificate whose key signs responses: the issuing CA itself or a delegated responder it issued. */
  certificate: Uint8Array;
  privateKey: KeyObject;
}

const DEFAULT_VALIDITY_MS = 7 * 24 * 3600 * 1000;

/**
 * OCSPResponseStatus ::= ENUMERATED { successful (0), malformedRequest (1), internalError (2), tryLater (3),
 * sigRequired (5), unauthorized (6) }
 */
export const OCSP_RESPONSE_STATUS = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
} as const;

export type OcspResponseStatusName = keyof typeof OCSP_RESPONSE_STATUS;

interface SingleAnswer extends CertId {
  status: CertificateStatus;
}

/**
 * OCSPResponse ::= SEQUENCE { responseStatus OCSPResponseStatus, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
 * (An unsuccessful answer carries no responseBytes.)
 */
export function createOcspErrorResponse(options: {
  status: Exclude<OcspResponseStatusName, 'successful'>;
}): Uint8Array {
  return encodeDer(
    new asn1js.Sequence({ value: [new asn1js.Enumerated({ value: OCSP_RESPONSE_STATUS[options.status] })] }),
  );
}

/**
 * Answers a DER OCSPRequest. Never throws: unparseable requests get `malformedRequest`, failures `internalError`.
 *
 * OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
 * TBSRequest ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, requestorName [1] EXPLICIT GeneralName OPTIONAL,
 *                           requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
 * Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
 */
export function createOcspResponse(options: {
  request: Uint8Array;
  responder: OcspResponder;
  /** The CA that issued the certificates asked about; defaults to the responder certificate. */
  issuer?: Uint8Array;
  statusOf: StatusLookup;
  clock: Clock;
  validityMs?: number;
}): Uint8Array {
  let parsed: pkijs.OCSPRequest;
  try {
    const asn = asn1js.fromBER(toArrayBuffer(options.request));
    if (asn.offset === -1 || asn.offset !== options.request.byteLength) throw new DerError('bad DER');
    parsed = new pkijs.OCSPRequest({ schema: asn.result });
    if (parsed.tbsRequest.requestList.length === 0) throw new DerError('empty request list');
  } catch {
    return createOcspErrorResponse({ status: 'malformedRequest' });
  }
  try {
    const issuer = readCertificate(options.issuer ?? options.responder.certificate);
    const answers: SingleAnswer[] = [];
    for (const request of parsed.tbsRequest.requestList) {
      const asked = request.reqCert;
      const certId: CertId = {
        hashAlgorithm: asked.hashAlgorithm.algorithmId,
        issuerNameHash: toBytes(asked.issuerNameHash.valueBlock.valueHexView),
        issuerKeyHash: toBytes(asked.issuerKeyHash.valueBlock.valueHexView),
        serial: toBytes(asked.serialNumber.valueBlock.valueHexView),
      };
      const ours = namesIssuer(certId, issuer);
      answers.push({ ...certId, status: ours ? options.statusOf(serialToHex(certId.serial)) : { status: 'unknown' } });
    }
    const nonce = parsed.tbsRequest.requestExtensions?.find((ext) => ext.extnID === OID.ocspNonce);
    return buildSuccessfulResponse({
      answers,
      responder: options.responder,
      clock: options.clock,
      validityMs: options.validityMs,
      nonce: nonce ? toBytes(nonce.extnValue.valueBlock.valueHexView) : undefined,
    });
  } catch {
    return createOcspErrorResponse({ status: 'internalError' });
  }
}

/**
 * The response a client would get for `certificate`, built directly (no request, no nonce): the signer embeds it
 * as revocation data. CertID uses SHA-1 by default (what OpenSSL and most validators ask with).
 */
export function createOcspResponseForCertificate(
  options: CertIdSource & {
    responder: OcspResponder;
    statusOf: StatusLookup;
    clock: Clock;
    validityMs?: number;
  },
): Uint8Array {
  const certId = computeCertId(options);
  return buildSuccessfulResponse({
    answers: [{ ...certId, status: options.statusOf(readCertificate(options.certificate).serialHex) }],
    responder: options.responder,
    clock: options.clock,
    validityMs: options.validityMs,
  });
}

/**
 * ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
 * BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier,
 *                                  signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
 * ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
 *                             producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse,
 *                             responseExtensions [1] EXPLICIT Extensions OPTIONAL }
 * ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }   -- KeyHash ::= OCTET STRING (SHA-1 of the key bits)
 * SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
 * nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL } CertStatus ::=
 * CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo } RevokedInfo ::=
 * SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL } CertID ::= SEQUENCE {
 * hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING, issuerKeyHash OCTET STRING,
 *                       serialNumber CertificateSerialNumber }
 */
function buildSuccessfulResponse(options: {
  answers: SingleAnswer[];
  responder: OcspResponder;
  clock: Clock;
  validityMs?: number;
  nonce?: Uint8Array;
}): Uint8Array {
  const responder: CertificateInfo = readCertificate(options.responder.certificate);
  const now = options.clock.now();
  const nextUpdate = new Date(now.getTime() + (options.validityMs ?? DEFAULT_VALIDITY_MS));
  const responses = options.answers.map((answer) => {
    const certId = encodeCertId(answer);
    let certStatus: AsnValue;
    if (answer.status.status === 'good') {
      certStatus = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: new ArrayBuffer(0) });
    } else if (answer.status.status === 'revoked') {
      const revokedInfo: AsnValue[] = [generalizedTime(answer.status.revokedAt)];
      if (answer.status.reason !== undefined)
        revokedInfo.push(explicitTag(0, new asn1js.Enumerated({ value: answer.status.reason })));
      certStatus = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: revokedInfo });
    } else {
      certStatus = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, valueHex: new ArrayBuffer(0) });
    }
    return new asn1js.Sequence({
      value: [certId, certStatus, generalizedTime(now), explicitTag(0, generalizedTime(nextUpdate))],
    });
  });
  const responseData: AsnValue[] = [
    explicitTag(2, octetString(createHash('sha1').update(responder.publicKeyBits).digest())),
    generalizedTime(now),
    new asn1js.Sequence({ value: responses }),
  ];
  if (options.nonce) {
    responseData.push(
      explicitTag(1, new asn1js.Sequence({ value: [extension({ oid: OID.ocspNonce, value: options.nonce })] })),
    );
  }
  const tbs = encodeDer(new asn1js.Sequence({ value: responseData }));
  const signed = signData({ privateKey: options.responder.privateKey, data: tbs });
  const basic = new asn1js.Sequence({
    value: [
      rawDer(tbs),
      signed.algorithm,
      bitString(signed.signature),
      explicitTag(0, new asn1js.Sequence({ value: [rawDer(options.responder.certificate)] })),
    ],
  });
  return encodeDer(
    new asn1js.Sequence({
      value: [
        new asn1js.Enumerated({ value: OCSP_RESPONSE_STATUS.successful }),
        explicitTag(
          0,
          new asn1js.Sequence({
            value: [new asn1js.ObjectIdentifier({ value: OID.ocspBasic }), octetString(encodeDer(basic))],
          }),
        ),
      ],
    }),
  );
}
