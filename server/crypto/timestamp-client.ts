import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { PkiError } from './pki-error.js';
import { sendOutboundRequest } from '../lib/outbound-fetch.js';
import { parseUrl } from '../lib/parse-url.js';
import {
  TAG,
  childrenOf,
  decodeBitString,
  decodeInteger,
  encodeAlgorithmIdentifier,
  encodeBoolean,
  encodeInteger,
  encodeOctetString,
  encodeSequence,
  readDer,
} from './der-codec.js';
import { OID } from './oids.js';
import type { SigningIdentity } from './signing-identity.js';
import { PKI_FAILURE, createTimestampResponse } from './timestamp-authority.js';
import { verifyTimestampToken } from './timestamp-token.js';
import { tsaDuration, tsaErrors, tsaLabel, tsaRequests } from '../lib/metrics.js';

/** Where time-stamps come from: an RFC 3161 HTTP URL, or an in-process transport (the built-in TSA in the CLI). */
export type TimestampSource = HttpTimestampSource | TransportTimestampSource;
/** An external TSA; loopback and private addresses only with `allowPrivateNetwork` (the operator's opt-in). */
export type HttpTimestampSource = { url: string; allowPrivateNetwork?: boolean };
export type TransportTimestampSource = { name: string; transport: (requestDer: Uint8Array) => Promise<Uint8Array> };

export interface TimestampResult {
  /** DER ContentInfo: the TimeStampToken. */
  token: Uint8Array;
  genTime: Date;
  /** The URL or name of the source that answered. */
  source: string;
  serialNumber: bigint;
  /** The TSA certificate (DER) and every certificate the token carries, for B-LT validation data. */
  tsaCertificate: Uint8Array;
  certificates: Uint8Array[];
}

export interface RequestTimestampOptions {
  /** SHA-256 digest of the data to time-stamp. */
  digest: Uint8Array;
  sources: TimestampSource[];
  /** Per source, for the whole exchange; default 10 000. */
  timeoutMs?: number;
  /** Accepted for symmetry with the rest of the code; the local clock is never used as a time source. */
  clock?: Clock;
  /** Reply size cap per source; default 1 MiB. */
  maxResponseBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/*
 * TimeStampReq ::= SEQUENCE {
 *   version INTEGER { v1(1) }, messageImprint MessageImprint, reqPolicy TSAPolicyId OPTIONAL,
 *   nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE, extensions [0] IMPLICIT Extensions OPTIONAL }
 * MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
 */
/** A DER TimeStampReq for a SHA-256 digest with a nonce and certReq TRUE. */
export function createTimestampRequest(options: { digest: Uint8Array; nonce: bigint; certReq?: boolean }): Uint8Array {
  return encodeSequence([
    encodeInteger(1),
    encodeSequence([encodeAlgorithmIdentifier(OID.sha256), encodeOctetString(options.digest)]),
    encodeInteger(options.nonce),
    (options.certReq ?? true) ? encodeBoolean(true) : undefined,
  ]);
}

function randomNonce(): bigint {
  const bytes = randomBytes(8);
  bytes[0] &= 0x7f;
  return BigInt(`0x${bytes.toString('hex')}`);
}

/** One TSA gave nothing usable (`check` names what failed); the next one is asked. */
function sourceFailed(check: string, message: string): PkiError {
  return new PkiError({ code: 'timestamp_source_failed', message, details: { check } });
}

function sourceLabel(source: TimestampSource): string {
  return 'url' in source ? source.url : source.name;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(sourceFailed('timeout', `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One RFC 3161 exchange over HTTP through the outbound guard (resolved once, checked, connected as checked). */
async function postOverHttp(
  source: HttpTimestampSource,
  body: Uint8Array,
  timeoutMs: number,
  maxBytes: number,
): Promise<Uint8Array> {
  const response = await sendOutboundRequest(source.url, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
    body,
    policy: { allowPrivateNetwork: source.allowPrivateNetwork === true },
    timeoutMs,
    maxResponseBytes: maxBytes,
  });
  if (response.status !== 200) throw sourceFailed('http', `HTTP ${response.status}`);
  const type = (response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/timestamp-reply' && type !== 'application/timestamp-response') {
    throw sourceFailed('content-type', `unexpected content type "${type}"`);
  }
  return response.body;
}

const FAILURE_NAMES = Object.fromEntries(Object.entries(PKI_FAILURE).map(([name, bit]) => [bit, name]));

/*
 * TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
 * PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }
 */
/** Checks a reply against our request; returns the token or throws PkiError `timestamp_source_failed` saying what. */
export function checkTimestampReply(options: {
  reply: Uint8Array;
  digest: Uint8Array;
  nonce: bigint;
}): Omit<TimestampResult, 'source'> {
  let status: bigint;
  let token: Uint8Array | undefined;
  let detail = '';
  try {
    const [statusInfo, tokenElement] = childrenOf(readDer(options.reply));
    const fields = childrenOf(statusInfo);
    status = decodeInteger(fields[0]);
    for (const field of fields.slice(1)) {
      if (field.tag === TAG.sequence) {
        detail +=
          ' ' +
          childrenOf(field)
            .map((text) => Buffer.from(text.content).toString('utf8'))
            .join(' ');
      } else if (field.tag === TAG.bitString) {
        const { bytes } = decodeBitString(field);
        const names: string[] = [];
        bytes.forEach((byte, index) => {
          for (let bit = 0; bit < 8; bit += 1)
            if (byte & (0x80 >> bit)) names.push(FAILURE_NAMES[index * 8 + bit] ?? `bit ${index * 8 + bit}`);
        });
        detail += ` (${names.join(', ')})`;
      }
    }
    token = tokenElement?.raw;
  } catch (error) {
    throw sourceFailed('reply', `unreadable TimeStampResp: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (status !== 0n && status !== 1n) throw sourceFailed('status', `TSA refused: status ${status}${detail}`);
  if (!token) throw sourceFailed('token', 'granted reply without a time-stamp token');
  const report = verifyTimestampToken({ token: Uint8Array.from(token), imprint: options.digest });
  if (report.hashAlgorithm !== OID.sha256) {
    throw sourceFailed('hash-algorithm', 'the token time-stamps another hash algorithm');
  }
  if (!report.imprintMatches) throw sourceFailed('imprint', 'the message imprint differs from the digest sent');
  if (report.nonce !== options.nonce) throw sourceFailed('nonce', 'the nonce differs from the one sent');
  if (!report.tsaCertificate) throw sourceFailed('certificate', 'the token does not carry the TSA certificate');
  if (!report.tsaEkuOk) {
    throw sourceFailed('certificate', 'the TSA certificate lacks a critical extended key usage of timeStamping only');
  }
  if (!report.signatureValid) throw sourceFailed('signature', 'the token signature does not verify');
  if (!report.signingCertificateOk) {
    throw sourceFailed('certificate', 'the token does not name its TSA certificate (ESS signing certificate)');
  }
  return {
    token: Uint8Array.from(token),
    genTime: report.genTime,
    serialNumber: report.serialNumber,
    tsaCertificate: report.tsaCertificate,
    certificates: report.certificates,
  };
}

/**
 * Gets an RFC 3161 time-stamp token for a SHA-256 digest, trying the sources in order. Every reply is checked (status
 * granted, nonce, message imprint, TSA certificate with critical timeStamping EKU, signature). When no source gives a
 * good token it throws PkiError `timestamp_unavailable` (503) listing each failure; it never falls back to the local
 * clock.
 */
export async function requestTimestamp(options: RequestTimestampOptions): Promise<TimestampResult> {
  if (options.digest.length !== 32) {
    throw new PkiError({ code: 'timestamp_bad_digest', message: 'a 32-byte SHA-256 digest is required' });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const failures: { source: string; error: string }[] = [];
  for (const source of options.sources) {
    const label = sourceLabel(source);
    const nonce = randomNonce();
    const request = createTimestampRequest({ digest: options.digest, nonce, certReq: true });
    const tsa = tsaLabel(source);
    const stopTimer = tsaDuration.startTimer({ tsa });
    try {
      const reply =
        'url' in source
          ? await postOverHttp(source, request, timeoutMs, maxBytes)
          : await withTimeout(source.transport(request), timeoutMs);
      if (reply.length > maxBytes) throw sourceFailed('size', `reply larger than ${maxBytes} bytes`);
      const checked = checkTimestampReply({ reply, digest: options.digest, nonce });
      stopTimer();
      tsaRequests.inc({ tsa, outcome: 'ok' });
      return { ...checked, source: label };
    } catch (error) {
      stopTimer();
      tsaRequests.inc({ tsa, outcome: 'error' });
      tsaErrors.inc({ tsa });
      const cause =
        error instanceof Error
          ? error.name === 'AbortError'
            ? `no answer within ${timeoutMs} ms`
            : error.message
          : String(error);
      failures.push({ source: label, error: cause });
    }
  }
  throw new PkiError({
    code: 'timestamp_unavailable',
    message:
      failures.length === 0
        ? 'no timestamp authority is configured'
        : `no timestamp authority gave a valid token: ${failures
            .map((failure) => `${failure.source}: ${failure.error}`)
            .join('; ')}`,
    details: { failures },
  });
}

/** The built-in TSA as a source that needs no server (the CLI, tests). */
export function createInProcessTimestampSource(options: {
  identity: SigningIdentity;
  clock: Clock;
  name?: string;
  policy?: string;
}): TransportTimestampSource {
  return {
    name: options.name ?? 'built-in',
    transport: async (requestDer) =>
      createTimestampResponse({
        request: requestDer,
        identity: options.identity,
        clock: options.clock,
        policy: options.policy,
      }),
  };
}

/**
 * `SEGL_TSA_URLS` (comma- or whitespace-separated http(s) URLs, tried in order; the word `builtin` stands for the
 * built-in TSA) to sources. Unset or blank: the built-in TSA alone. Throws PkiError `invalid_tsa_url` on a bad entry.
 */
export function parseTimestampSources(options: {
  env: string | undefined;
  builtIn: TimestampSource;
}): TimestampSource[] {
  const entries = (options.env ?? '').split(/[\s,]+/).filter((entry) => entry.length > 0);
  if (entries.length === 0) return [options.builtIn];
  return entries.map((entry) => {
    if (entry.toLowerCase() === 'builtin' || entry.toLowerCase() === 'built-in') return options.builtIn;
    const url = parseUrl(entry);
    if (!url) throw new PkiError({ code: 'invalid_tsa_url', message: `SEGL_TSA_URLS: "${entry}" is not a URL` });
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new PkiError({ code: 'invalid_tsa_url', message: `SEGL_TSA_URLS: "${entry}" is not an http(s) URL` });
    }
    if (url.username || url.password) {
      // Credentials in the URL would end up in logs and error messages.
      throw new PkiError({
        code: 'invalid_tsa_url',
        message: 'SEGL_TSA_URLS: credentials in TSA URLs are not supported',
      });
    }
    return { url: url.toString() };
  });
}
