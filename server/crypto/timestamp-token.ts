import { createHash } from 'node:crypto';
import { PkiError } from './pki-error.js';
import { SeglError } from '../lib/errors.js';
import { readCertificate } from './certificate-info.js';
import { parseSignedData } from './cms-parse.js';
import { verifySignedData, type CmsProblem, type SignedDataReport } from './cms-verify.js';
import {
  DerError,
  TAG,
  bytesEqual,
  childrenOf,
  decodeBoolean,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeTime,
  readDer,
} from './der-codec.js';
import { hashNameOf } from './hash-algorithms.js';
import { OID } from './oids.js';

export interface TimestampAccuracy {
  seconds: number;
  millis: number;
  micros: number;
}

/** The fields of a TSTInfo. */
export interface TstInfo {
  version: bigint;
  policy: string;
  /** OID of the message imprint's hash algorithm. */
  hashAlgorithm: string;
  /** node:crypto name of that hash (sha256, ...), when supported. */
  hashAlgorithmName?: string;
  messageImprint: Uint8Array;
  serialNumber: bigint;
  genTime: Date;
  accuracy?: TimestampAccuracy;
  ordering: boolean;
  nonce?: bigint;
  /** DER of the tsa GeneralName, when present. */
  tsaName?: Uint8Array;
  /** DER of the TSTInfo itself. */
  der: Uint8Array;
}

export interface ParsedTimestampToken extends TstInfo {
  /** Every certificate the token carries (DER). */
  certificates: Uint8Array[];
}

function unreadable(message: string, cause?: unknown): PkiError {
  return new PkiError({ code: 'timestamp_unreadable', message: `timestamp token cannot be read: ${message}`, cause });
}

/*
 * TSTInfo ::= SEQUENCE {
 *   version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint,
 *   serialNumber INTEGER, genTime GeneralizedTime, accuracy Accuracy OPTIONAL,
 *   ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL, tsa [0] GeneralName OPTIONAL,
 *   extensions [1] IMPLICIT Extensions OPTIONAL }
 * MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
 * Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER (1..999) OPTIONAL, micros [1] INTEGER (1..999)
 * OPTIONAL }
 */
/** Decodes a DER TSTInfo. Throws PkiError `timestamp_unreadable`. */
export function parseTstInfo(der: Uint8Array): TstInfo {
  try {
    const parts = childrenOf(readDer(der));
    const [version, policy, imprint, serial, genTime] = parts;
    const [algorithm, hashed] = childrenOf(imprint);
    const hashAlgorithm = decodeOid(childrenOf(algorithm)[0]);
    const info: TstInfo = {
      version: decodeInteger(version),
      policy: decodeOid(policy),
      hashAlgorithm,
      hashAlgorithmName: hashNameOf(hashAlgorithm),
      messageImprint: decodeOctetString(hashed),
      serialNumber: decodeInteger(serial),
      genTime: decodeTime(genTime),
      ordering: false,
      der,
    };
    if (genTime.tag !== TAG.generalizedTime) throw new DerError('genTime is not a GeneralizedTime');
    for (const part of parts.slice(5)) {
      if (part.tag === TAG.sequence) {
        const accuracy: TimestampAccuracy = { seconds: 0, millis: 0, micros: 0 };
        for (const field of childrenOf(part)) {
          if (field.tag === TAG.integer) accuracy.seconds = Number(decodeInteger(field));
          else if (field.tag === 0x80) accuracy.millis = Number(decodeInteger(field));
          else if (field.tag === 0x81) accuracy.micros = Number(decodeInteger(field));
        }
        info.accuracy = accuracy;
      } else if (part.tag === TAG.boolean) info.ordering = decodeBoolean(part);
      else if (part.tag === TAG.integer) info.nonce = decodeInteger(part);
      else if (part.tag === 0xa0) info.tsaName = childrenOf(part)[0]?.raw;
    }
    return info;
  } catch (error) {
    if (error instanceof SeglError) throw error;
    throw unreadable(error instanceof Error ? error.message : String(error), error);
  }
}

/**
 * Reads a TimeStampToken (a CMS ContentInfo holding SignedData over a TSTInfo). Throws PkiError `timestamp_unreadable`.
 */
export function parseTimestampToken(token: Uint8Array): ParsedTimestampToken {
  let signedData;
  try {
    signedData = parseSignedData(token);
  } catch (error) {
    throw unreadable('not a CMS SignedData', error);
  }
  if (signedData.eContentType !== OID.tstInfo)
    throw unreadable(`content type ${signedData.eContentType} is not TSTInfo`);
  if (!signedData.eContent) throw unreadable('the TSTInfo is not encapsulated');
  return { ...parseTstInfo(signedData.eContent), certificates: signedData.certificates };
}

export interface TimestampTokenReport extends ParsedTimestampToken {
  tsaCertificate?: Uint8Array;
  /** The message imprint equals the expected digest (and/or the hash of the given data). */
  imprintMatches: boolean;
  /** The CMS signature verifies with the TSA certificate and its message digest matches the TSTInfo. */
  signatureValid: boolean;
  /** The TSA certificate's extended key usage is timeStamping only, and critical (RFC 3161 2.3). */
  tsaEkuOk: boolean;
  /** An ESS signing-certificate(-v2) attribute names the TSA certificate (RFC 3161 / RFC 5816). */
  signingCertificateOk: boolean;
  cms: SignedDataReport;
  problems: CmsProblem[];
}

/** Whether a certificate's EKU extension is critical and holds exactly id-kp-timeStamping. */
export function hasTimestampingEku(certificate: Uint8Array): boolean {
  try {
    const eku = readCertificate(certificate).extendedKeyUsage;
    return eku?.critical === true && eku.oids.length === 1 && eku.oids[0] === OID.timeStamping;
  } catch {
    return false;
  }
}

/**
 * Checks a TimeStampToken: CMS signature, message imprint against `imprint` and/or `data`, the TSA certificate's EKU
 * and the ESS signing certificate attribute. Trust in the TSA certificate's chain is the caller's business.
 * Throws PkiError `timestamp_unreadable` only when the token cannot be parsed.
 */
export function verifyTimestampToken(options: {
  token: Uint8Array;
  imprint?: Uint8Array;
  data?: Uint8Array;
  /** Where to find the TSA certificate when the token does not carry it. */
  trustedCertificates?: Uint8Array[];
}): TimestampTokenReport {
  const parsed = parseTimestampToken(options.token);
  const cms = verifySignedData({ cms: options.token, extraCertificates: options.trustedCertificates });
  const problems: CmsProblem[] = [...cms.problems];

  let imprintMatches = options.imprint !== undefined || options.data !== undefined;
  if (options.imprint !== undefined && !bytesEqual(options.imprint, parsed.messageImprint)) imprintMatches = false;
  if (options.data !== undefined) {
    if (!parsed.hashAlgorithmName) {
      imprintMatches = false;
      problems.push({
        code: 'timestamp_unsupported_hash',
        message: `imprint hash algorithm ${parsed.hashAlgorithm} is not supported`,
      });
    } else if (!bytesEqual(createHash(parsed.hashAlgorithmName).update(options.data).digest(), parsed.messageImprint)) {
      imprintMatches = false;
    }
  }
  if (options.imprint === undefined && options.data === undefined) {
    problems.push({ code: 'timestamp_imprint_unchecked', message: 'no expected imprint or data was given' });
  } else if (!imprintMatches) {
    problems.push({ code: 'timestamp_imprint_mismatch', message: 'the message imprint does not match the data' });
  }

  const tsaCertificate = cms.signerCertificate;
  const tsaEkuOk = tsaCertificate !== undefined && hasTimestampingEku(tsaCertificate);
  if (tsaCertificate && !tsaEkuOk) {
    problems.push({
      code: 'timestamp_tsa_eku',
      message: 'the TSA certificate lacks a critical extended key usage of timeStamping only',
    });
  }
  const attributes = cms.signedAttributes;
  const signingCertificateOk =
    attributes.signingCertificateV2Matches === true ||
    (!attributes.hasSigningCertificateV2 && attributes.signingCertificateMatches === true);
  if (tsaCertificate && !signingCertificateOk) {
    problems.push({
      code: 'timestamp_signing_certificate',
      message: 'no ESS signing certificate attribute names the TSA certificate',
    });
  }
  if (parsed.version !== 1n) problems.push({ code: 'timestamp_version', message: `TSTInfo version ${parsed.version}` });

  return {
    ...parsed,
    tsaCertificate,
    imprintMatches,
    signatureValid: cms.signatureValid && cms.intact,
    tsaEkuOk,
    signingCertificateOk,
    cms,
    problems,
  };
}
