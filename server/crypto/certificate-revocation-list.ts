import { createParseCache } from './parse-cache.js';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids.js';
import { nameToString, readCertificate } from './certificate-info.js';
import { keyIdentifierOf } from './certificate-builder.js';
import {
  bitString,
  encodeDer,
  explicitTag,
  extension,
  hexToBytes,
  integerFromNumber,
  normalizeSerialHex,
  positiveInteger,
  rawDer,
  serialToHex,
  toArrayBuffer,
  toBytes,
  x509Time,
  type AsnValue,
  readPkiStructure,
} from './asn1-helpers.js';
import { signData, signatureAlgorithmFor, verifySignature } from './signature-algorithm.js';

/** X.509 v2 CRLs (RFC 5280 section 5): issue and read. */

export interface RevokedEntry {
  /** Serial as hex (any case, colons allowed). */
  serial: string;
  revokedAt: Date;
  /** CRLReason code (RFC 5280 5.3.1), e.g. 1 keyCompromise, 4 superseded, 5 cessationOfOperation. */
  reason?: number;
}

/**
 * CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT
 * STRING }
 *
 * TBSCertList ::= SEQUENCE {
 *   version                 Version OPTIONAL,  -- if present, MUST be v2
 *   signature               AlgorithmIdentifier,
 *   issuer                  Name,
 *   thisUpdate              Time,
 *   nextUpdate              Time OPTIONAL,
 *   revokedCertificates     SEQUENCE OF SEQUENCE {
 *        userCertificate         CertificateSerialNumber,
 *        revocationDate          Time,
 *        crlEntryExtensions      Extensions OPTIONAL } OPTIONAL,
 *   crlExtensions           [0] EXPLICIT Extensions OPTIONAL }
 *
 * CRLNumber ::= INTEGER (0..MAX);  CRLReason ::= ENUMERATED
 */
export function createCrl(options: {
  issuer: { certificate: Uint8Array; privateKey: KeyObject };
  revoked: RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number | bigint;
}): Uint8Array {
  const issuer = readCertificate(options.issuer.certificate);
  const authorityKeyId = issuer.subjectKeyIdentifier ?? keyIdentifierOf(issuer.spki);
  const tbsValue: AsnValue[] = [
    new asn1js.Integer({ value: 1 }),
    signatureAlgorithmFor(options.issuer.privateKey).identifier,
    rawDer(issuer.subjectDer),
    x509Time(options.thisUpdate),
    x509Time(options.nextUpdate),
  ];
  if (options.revoked.length > 0) {
    tbsValue.push(
      new asn1js.Sequence({
        value: options.revoked.map((entry) => {
          const value: AsnValue[] = [
            positiveInteger(hexToBytes(normalizeSerialHex(entry.serial))),
            x509Time(entry.revokedAt),
          ];
          if (entry.reason !== undefined) {
            value.push(
              new asn1js.Sequence({
                value: [extension({ oid: OID.cRLReason, value: new asn1js.Enumerated({ value: entry.reason }) })],
              }),
            );
          }
          return new asn1js.Sequence({ value });
        }),
      }),
    );
  }
  tbsValue.push(
    explicitTag(
      0,
      new asn1js.Sequence({
        value: [
          extension({
            oid: OID.authorityKeyIdentifier,
            value: new asn1js.Sequence({
              value: [
                new asn1js.Primitive({
                  idBlock: { tagClass: 3, tagNumber: 0 },
                  valueHex: toArrayBuffer(authorityKeyId),
                }),
              ],
            }),
          }),
          extension({ oid: OID.cRLNumber, value: integerFromNumber(options.crlNumber) }),
        ],
      }),
    ),
  );
  const tbs = encodeDer(new asn1js.Sequence({ value: tbsValue }));
  const signed = signData({ privateKey: options.issuer.privateKey, data: tbs });
  return encodeDer(new asn1js.Sequence({ value: [rawDer(tbs), signed.algorithm, bitString(signed.signature)] }));
}

export interface ParsedCrl {
  /** RFC 4514-style issuer name. */
  issuer: string;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  revokedSerials: Array<{ serialHex: string; revokedAt: Date; reason?: number }>;
  /**
   * Whether the signature verifies with the given issuer's key and the issuer name matches; undefined without an
   * issuer.
   */
  signatureValid?: boolean;
}

/** Reads a DER CRL; throws PkiError `malformed_crl` only when it cannot be parsed at all. */
const parseCrlCache = createParseCache<ParsedCrl>(256);

export function parseCrl(options: { crl: Uint8Array; issuer?: Uint8Array }): ParsedCrl {
  return parseCrlCache([options.crl, options.issuer ?? new Uint8Array()], () => parseCrlUncached(options));
}

function parseCrlUncached(options: { crl: Uint8Array; issuer?: Uint8Array }): ParsedCrl {
  const crl = readPkiStructure(() => pkijs.CertificateRevocationList.fromBER(toArrayBuffer(options.crl)), {
    code: 'malformed_crl',
    message: 'Cannot parse CRL',
  });
  const issuerDer = new Uint8Array(crl.issuer.valueBeforeDecode);
  const result: ParsedCrl = {
    issuer: nameToString(crl.issuer),
    issuerDer,
    thisUpdate: crl.thisUpdate.value,
    nextUpdate: crl.nextUpdate?.value,
    revokedSerials: (crl.revokedCertificates ?? []).map((entry) => {
      const reasonExt = entry.crlEntryExtensions?.extensions.find((ext) => ext.extnID === OID.cRLReason);
      let reason: number | undefined;
      if (reasonExt) {
        const parsed = asn1js.fromBER(toArrayBuffer(toBytes(reasonExt.extnValue.valueBlock.valueHexView)));
        if (parsed.offset !== -1 && parsed.result instanceof asn1js.Enumerated)
          reason = parsed.result.valueBlock.valueDec;
      }
      return {
        serialHex: serialToHex(toBytes(entry.userCertificate.valueBlock.valueHexView)),
        revokedAt: entry.revocationDate.value,
        reason,
      };
    }),
  };
  const numberExt = crl.crlExtensions?.extensions.find((ext) => ext.extnID === OID.cRLNumber);
  if (numberExt) {
    const parsed = asn1js.fromBER(toArrayBuffer(toBytes(numberExt.extnValue.valueBlock.valueHexView)));
    if (parsed.offset !== -1 && parsed.result instanceof asn1js.Integer) result.crlNumber = parsed.result.toBigInt();
  }
  if (options.issuer) {
    const issuer = readCertificate(options.issuer);
    const nameMatches = Buffer.compare(Buffer.from(issuer.subjectDer), Buffer.from(issuerDer)) === 0;
    const verified = verifySignature({
      algorithmOid: crl.signatureAlgorithm.algorithmId,
      algorithmParameters: crl.signatureAlgorithm.algorithmParams as AsnValue | undefined,
      publicKey: issuer.spki,
      data: new Uint8Array(crl.tbsView),
      signature: toBytes(crl.signatureValue.valueBlock.valueHexView),
    });
    result.signatureValid = nameMatches && verified.valid;
  }
  return result;
}
