import { createHash } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { PkiError } from './pki-error.js';
import { readCertificate } from './certificate-info.js';
import { parseCrl } from './certificate-revocation-list.js';
import { parseOcspResponse } from './ocsp-client.js';
import { normalizeSerialHex } from './asn1-helpers.js';
import { fetchRevocationData, type FetchLike, type RevocationData } from './revocation-data.js';

/**
 * Revocation data for certificates of other CAs, as sealing needs it: fetched from the URLs the certificate names
 * (through the injected fetch, which is where the outbound address guard sits), with a time limit per request, a
 * cache shared by all seals (so a thousand seals or renewals ask the CA once), and requests for the same
 * certificate at the same time merged into one. A certificate the answer says is revoked fails the seal.
 */
export type RevocationFetcher = (options: { certificate: Uint8Array; issuer: Uint8Array }) => Promise<RevocationData>;

const DEFAULT_MAX_AGE_MS = 10 * 60 * 1000;

interface CacheEntry {
  data: RevocationData;
  expiresAt: number;
}

const keyOf = (certificate: Uint8Array, issuer: Uint8Array) =>
  createHash('sha256').update(certificate).update(createHash('sha256').update(issuer).digest()).digest('hex');

/** The earliest nextUpdate of what was fetched (data past it proves nothing), or undefined when none is given. */
function earliestNextUpdate(data: RevocationData, issuer: Uint8Array): number | undefined {
  const times: number[] = [];
  for (const der of data.ocsp ?? []) {
    const next = parseOcspResponse({ response: der, issuer }).nextUpdate;
    if (next) times.push(next.getTime());
  }
  for (const der of data.crls ?? []) {
    const next = parseCrl({ crl: der, issuer }).nextUpdate;
    if (next) times.push(next.getTime());
  }
  return times.length ? Math.min(...times) : undefined;
}

/** Throws `certificate_revoked` when the fetched data says the certificate is revoked. */
export function assertNotRevoked(options: { certificate: Uint8Array; issuer: Uint8Array; data: RevocationData }): void {
  const info = readCertificate(options.certificate);
  const serial = normalizeSerialHex(info.serialHex);
  const label = info.subjectCommonName ?? info.subject;
  const revoked = (at: Date | undefined) =>
    new PkiError({
      code: 'certificate_revoked',
      message: `The certificate "${label}" is revoked${at ? ` since ${at.toISOString()}` : ''}`,
    });
  for (const der of options.data.ocsp ?? []) {
    for (const single of parseOcspResponse({ response: der, issuer: options.issuer }).responses) {
      if (normalizeSerialHex(single.serialHex) !== serial) continue;
      if (single.certStatus === 'revoked') throw revoked(single.revokedAt);
      if (single.certStatus === 'unknown') {
        throw new PkiError({
          code: 'revocation_unavailable',
          message: `The OCSP responder does not know the certificate "${label}"`,
        });
      }
    }
  }
  for (const der of options.data.crls ?? []) {
    const entry = parseCrl({ crl: der, issuer: options.issuer }).revokedSerials.find(
      (item) => normalizeSerialHex(item.serialHex) === serial,
    );
    if (entry) throw revoked(entry.revokedAt);
  }
}

export function createRevocationFetcher(options: {
  clock: Clock;
  fetchImpl?: FetchLike;
  timeoutMs?: number;
  /** How long an answer is reused at most (never past its own nextUpdate). */
  maxAgeMs?: number;
}): RevocationFetcher {
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<RevocationData>>();
  const maxAge = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;

  const load = async (certificate: Uint8Array, issuer: Uint8Array, key: string): Promise<RevocationData> => {
    const data = await fetchRevocationData({
      certificate,
      issuer,
      timeoutMs: options.timeoutMs ?? 10_000,
      fetchImpl: options.fetchImpl,
    });
    assertNotRevoked({ certificate, issuer, data });
    const now = options.clock.now().getTime();
    const expiresAt = Math.min(now + maxAge, earliestNextUpdate(data, issuer) ?? Infinity);
    if (expiresAt > now) cache.set(key, { data, expiresAt });
    return data;
  };

  return async ({ certificate, issuer }) => {
    const key = keyOf(certificate, issuer);
    const cached = cache.get(key);
    if (cached && cached.expiresAt > options.clock.now().getTime()) return cached.data;
    cache.delete(key);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = load(certificate, issuer, key).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}
