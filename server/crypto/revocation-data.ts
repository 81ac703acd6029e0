import { PkiError } from './pki-error.js';
import { sendOutboundRequest, type OutboundPolicy } from '../lib/outbound-fetch.js';
import { readCertificate } from './certificate-info.js';
import { parseCrl } from './certificate-revocation-list.js';
import { bytesEqual } from './asn1-helpers.js';
import { buildOcspRequest, createOcspNonce, parseOcspResponse } from './ocsp-client.js';
import { pemToDerList } from './pem.js';

/** Fetches revocation data (OCSP responses, CRLs) for a certificate from the URLs it names, for B-LT embedding. */

export interface RevocationData {
  ocsp?: Uint8Array[];
  crls?: Uint8Array[];
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array; signal: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** Revocation data larger than this is refused (a CRL of a very large CA stays well below it). */
const MAX_REVOCATION_BYTES = 20 * 1024 * 1024;

/**
 * The default transport: the URLs come from certificates anyone can make, so every request goes through the
 * outbound guard; loopback and private addresses only where the policy allows them.
 */
function guardedFetch(policy: OutboundPolicy, timeoutMs: number): FetchLike {
  return async (url, init) => {
    const limits = { policy, timeoutMs, maxResponseBytes: MAX_REVOCATION_BYTES };
    const answer = await sendOutboundRequest(url, { ...init, ...limits });
    const bytes = answer.body;
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    };
  };
}

/** One responder or distribution point gave nothing usable (collected; the next one is tried). */
function unavailable(message: string): PkiError {
  return new PkiError({ code: 'revocation_unavailable', message });
}

async function fetchBytes(
  fetchImpl: FetchLike,
  url: string,
  timeoutMs: number,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array },
): Promise<Uint8Array> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(url, { ...init, signal: controller.signal });
    if (!response.ok) throw unavailable(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks the certificate's AIA OCSP responders (POST application/ocsp-request) and, when no valid OCSP answer came
 * (or `strategy: 'both'`), its CRL distribution points. Every answer is checked: OCSP status successful, signature by
 * the issuer (or its delegated responder), a status for this serial, our nonce echoed when a nonce is returned; CRLs
 * signed by the issuer. Throws PkiError `revocation_unavailable` when nothing valid was obtained.
 */
export async function fetchRevocationData(options: {
  certificate: Uint8Array;
  issuer: Uint8Array;
  timeoutMs: number;
  fetchImpl?: FetchLike;
  /** For the default transport: whether the certificate's URLs may point at loopback or private addresses. */
  policy?: OutboundPolicy;
  strategy?: 'ocsp-then-crl' | 'both';
}): Promise<RevocationData> {
  const policy = options.policy ?? { allowPrivateNetwork: false };
  const fetchImpl: FetchLike = options.fetchImpl ?? guardedFetch(policy, options.timeoutMs);
  const certificate = readCertificate(options.certificate);
  const errors: string[] = [];
  const result: RevocationData = {};

  for (const url of certificate.ocspUrls.filter((u) => /^https?:\/\//i.test(u))) {
    try {
      const nonce = createOcspNonce();
      const request = buildOcspRequest({ certificate: options.certificate, issuer: options.issuer, nonce });
      const der = await fetchBytes(fetchImpl, url, options.timeoutMs, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
        body: request,
      });
      const parsed = parseOcspResponse({ response: der, issuer: options.issuer });
      if (parsed.status !== 'successful') throw unavailable(`OCSP status ${parsed.status}`);
      if (!parsed.signatureValid) throw unavailable('OCSP response signature does not verify with the issuer');
      if (!parsed.responses.some((single) => single.serialHex === certificate.serialHex)) {
        throw unavailable('OCSP response does not cover the serial');
      }
      if (parsed.nonce && !bytesEqual(parsed.nonce, nonce)) throw unavailable('OCSP nonce mismatch');
      (result.ocsp ??= []).push(der);
      break;
    } catch (error) {
      errors.push(`${url}: ${(error as Error).message}`);
    }
  }

  if (!result.ocsp || options.strategy === 'both') {
    for (const url of certificate.crlUrls.filter((u) => /^https?:\/\//i.test(u))) {
      try {
        let der = await fetchBytes(fetchImpl, url, options.timeoutMs, {
          method: 'GET',
          headers: { accept: 'application/pkix-crl' },
        });
        if (der[0] !== 0x30) der = pemToDerList(Buffer.from(der).toString('latin1'), 'X509 CRL')[0] ?? der;
        const parsed = parseCrl({ crl: der, issuer: options.issuer });
        if (!parsed.signatureValid) throw unavailable('CRL signature does not verify with the issuer');
        (result.crls ??= []).push(der);
        break;
      } catch (error) {
        errors.push(`${url}: ${(error as Error).message}`);
      }
    }
  }

  if (!result.ocsp && !result.crls) {
    throw new PkiError({
      code: 'revocation_unavailable',
      message: `No revocation data for "${certificate.subjectCommonName ?? certificate.subject}"`,
      details: { errors },
    });
  }
  return result;
}
