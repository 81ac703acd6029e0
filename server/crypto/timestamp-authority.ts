import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { readCertificate } from './certificate-info.js';
import { createSignedData } from './cms-signed-data.js';
import {
  DerError,
  TAG,
  childrenOf,
  decodeBoolean,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  encodeExplicit,
  encodeGeneralizedTime,
  encodeImplicit,
  encodeInteger,
  encodeNamedBits,
  encodeOid,
  encodeSequence,
  encodeUtf8String,
  readDer,
  type DerElement,
} from './der-codec.js';
import { hashLengthOf, hashNameOf } from './hash-algorithms.js';
import { OID } from './oids.js';
import type { SigningIdentity } from './signing-identity.js';

/** PKIFailureInfo bits (RFC 3161 2.4.2). */
export const PKI_FAILURE = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;

export type PkiFailure = keyof typeof PKI_FAILURE;

/** PKIStatus values (RFC 3161 2.4.2). */
export const PKI_STATUS = {
  granted: 0,
  grantedWithMods: 1,
  rejection: 2,
  waiting: 3,
  revocationWarning: 4,
  revocationNotification: 5,
} as const;

/** Imprint hashes we time-stamp. SHA-1 is still accepted from clients (the imprint is theirs to choose). */
const ACCEPTED_HASHES = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

export interface CreateTimestampResponseOptions {
  /** DER TimeStampReq, straight from the client. */
  request: Uint8Array;
  identity: SigningIdentity;
  clock: Clock;
  /** Default OID.seglTimestampPolicy. */
  policy?: string;
  /** Default: a random positive 128-bit integer. */
  serialNumber?: () => bigint | Uint8Array;
  /** Accuracy of genTime in milliseconds; default 1000; 0 leaves accuracy out. */
  accuracyMs?: number;
  /** Put the TSA's subject in TSTInfo.tsa; default true. */
  includeTsaName?: boolean;
}

interface TimestampRequest {
  messageImprint: DerElement;
  reqPolicy?: string;
  nonce?: Uint8Array;
  certReq: boolean;
}

class RequestRejected extends Error {
  constructor(
    readonly failure: PkiFailure,
    message: string,
  ) {
    super(message);
  }
}

/*
 * TimeStampReq ::= SEQUENCE {
 *   version INTEGER { v1(1) }, messageImprint MessageImprint, reqPolicy TSAPolicyId OPTIONAL,
 *   nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE, extensions [0] IMPLICIT Extensions OPTIONAL }
 * MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
 */
function readRequest(der: Uint8Array): TimestampRequest {
  let parts: DerElement[];
  let hashOid: string;
  let hashed: Uint8Array;
  let imprint: DerElement;
  try {
    const request = readDer(der);
    if (request.tag !== TAG.sequence) throw new DerError('not a SEQUENCE');
    parts = childrenOf(request);
    if (decodeInteger(parts[0]) !== 1n)
      throw new RequestRejected('badDataFormat', 'only TimeStampReq version 1 is supported');
    imprint = parts[1];
    if (imprint?.tag !== TAG.sequence) throw new DerError('missing messageImprint');
    const [algorithm, hashedMessage] = childrenOf(imprint);
    if (algorithm?.tag !== TAG.sequence) throw new DerError('bad hashAlgorithm');
    hashOid = decodeOid(childrenOf(algorithm)[0]);
    hashed = decodeOctetString(hashedMessage);
  } catch (error) {
    if (error instanceof RequestRejected) throw error;
    throw new RequestRejected(
      'badDataFormat',
      `malformed TimeStampReq: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const hash = hashNameOf(hashOid);
  if (!hash || !ACCEPTED_HASHES.has(hash))
    throw new RequestRejected('badAlg', `hash algorithm ${hashOid} is not accepted`);
  if (hashed.length !== hashLengthOf(hash))
    throw new RequestRejected('badDataFormat', `a ${hash} imprint must be ${hashLengthOf(hash)} bytes`);
  const result: TimestampRequest = { messageImprint: imprint, certReq: false };
  try {
    let index = 2;
    if (parts[index]?.tag === TAG.oid) result.reqPolicy = decodeOid(parts[index++]);
    if (parts[index]?.tag === TAG.integer) {
      if (decodeInteger(parts[index]) < 0n) throw new DerError('negative nonce');
      result.nonce = parts[index++].raw;
    }
    if (parts[index]?.tag === TAG.boolean) result.certReq = decodeBoolean(parts[index++]);
    if (parts[index]?.tag === 0xa0)
      throw new RequestRejected('unacceptedExtension', 'request extensions are not supported');
    if (index !== parts.length) throw new DerError('unexpected fields');
  } catch (error) {
    if (error instanceof RequestRejected) throw error;
    throw new RequestRejected(
      'badDataFormat',
      `malformed TimeStampReq: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return result;
}

/*
 * TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
 * PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }
 * PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String
 */
/** A TimeStampResp with status rejection. */
export function encodeRejection(options: { failure: PkiFailure; message: string }): Uint8Array {
  return encodeSequence([
    encodeSequence([
      encodeInteger(PKI_STATUS.rejection),
      encodeSequence([encodeUtf8String(options.message)]),
      encodeNamedBits([PKI_FAILURE[options.failure]]),
    ]),
  ]);
}

/*
 * Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER (1..999) OPTIONAL, micros [1] INTEGER (1..999)
 * OPTIONAL }
 */
function encodeAccuracy(accuracyMs: number): Uint8Array | undefined {
  if (!(accuracyMs > 0)) return undefined;
  const seconds = Math.floor(accuracyMs / 1000);
  const millis = Math.round(accuracyMs % 1000);
  return encodeSequence([
    seconds > 0 ? encodeInteger(seconds) : undefined,
    millis > 0 ? encodeImplicit(0, encodeInteger(millis)) : undefined,
  ]);
}

function randomSerialNumber(): bigint {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x40; // keep it 16 bytes long
  return BigInt(`0x${bytes.toString('hex')}`);
}

/*
 * TSTInfo ::= SEQUENCE {
 *   version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint,
 *   serialNumber INTEGER, genTime GeneralizedTime, accuracy Accuracy OPTIONAL,
 *   ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL, tsa [0] GeneralName OPTIONAL,
 *   extensions [1] IMPLICIT Extensions OPTIONAL }
 * TimeStampToken ::= ContentInfo  -- contentType id-signedData, eContentType id-ct-TSTInfo
 */
/**
 * The built-in RFC 3161 TSA: turns a DER TimeStampReq into a DER TimeStampResp. A bad request gets a rejection
 * response (badDataFormat, badAlg, unacceptedPolicy, unacceptedExtension); it never throws for client input.
 */
export function createTimestampResponse(options: CreateTimestampResponseOptions): Uint8Array {
  let request: TimestampRequest;
  try {
    request = readRequest(options.request);
  } catch (error) {
    const rejected =
      error instanceof RequestRejected ? error : new RequestRejected('badDataFormat', 'malformed TimeStampReq');
    return encodeRejection({ failure: rejected.failure, message: rejected.message });
  }
  const policy = options.policy ?? OID.seglTimestampPolicy;
  if (request.reqPolicy !== undefined && request.reqPolicy !== policy) {
    return encodeRejection({
      failure: 'unacceptedPolicy',
      message: `policy ${request.reqPolicy} is not offered; use ${policy}`,
    });
  }
  try {
    const serial = options.serialNumber ? options.serialNumber() : randomSerialNumber();
    const tsaName =
      (options.includeTsaName ?? true)
        ? encodeExplicit(0, encodeExplicit(4, readCertificate(options.identity.certificate).subjectDer))
        : undefined;
    const tstInfo = encodeSequence([
      encodeInteger(1),
      encodeOid(policy),
      request.messageImprint.raw,
      encodeInteger(serial),
      encodeGeneralizedTime(options.clock.now()),
      encodeAccuracy(options.accuracyMs ?? 1000),
      request.nonce,
      tsaName,
    ]);
    const token = createSignedData({
      identity: options.identity,
      contentType: OID.tstInfo,
      content: tstInfo,
      includeCertificates: request.certReq,
      includeChain: true,
    });
    return encodeSequence([encodeSequence([encodeInteger(PKI_STATUS.granted)]), token]);
  } catch {
    return encodeRejection({ failure: 'systemFailure', message: 'the time-stamp could not be produced' });
  }
}
