import { validateCertificatePath } from '../../crypto/certificate-path.js';
import { verifyTimestampToken } from '../../crypto/timestamp-token.js';
import type { ChainProblem } from './audit-chain.js';
import type { AuditTrust } from './audit-trust.js';

/** How the events' RFC 3161 tokens fared. */
export interface TokenSummary {
  /** Tokens that cover their event's hash, verify, and come from a TSA that chains to a trust anchor. */
  verified: number;
  /** As verified, but from an external TSA whose root the appliance does not know (see AuditTrust). */
  unanchored: number;
  /** Signing events still waiting for their token (a TSA outage; the job queue retries). */
  pending: number;
}

interface TokenEvent {
  seq: number;
  type: string;
  hash: string;
  timestampToken: string | null;
}

/** Why a token does not prove its event, or undefined when it does (`anchored` false: from an unknown TSA root). */
function tokenFault(event: TokenEvent, trust: AuditTrust): { fault?: string; anchored: boolean } {
  const token = Buffer.from(event.timestampToken!, 'base64');
  let report;
  try {
    report = verifyTimestampToken({ token, imprint: Buffer.from(event.hash, 'hex') });
  } catch {
    return { fault: 'is not a readable RFC 3161 token', anchored: false };
  }
  if (report.hashAlgorithmName !== 'sha256' || !report.imprintMatches)
    return {
      fault: 'covers another hash than the event’s: the event was rewritten after it was time-stamped',
      anchored: false,
    };
  if (!report.signatureValid || !report.tsaCertificate)
    return { fault: 'has a signature that does not verify', anchored: false };
  if (!report.tsaEkuOk || !report.signingCertificateOk)
    return { fault: 'was not signed by a time-stamping certificate', anchored: false };
  const path = validateCertificatePath({
    certificate: report.tsaCertificate,
    intermediates: report.certificates,
    trustAnchors: trust.trustAnchors,
    at: report.genTime,
  });
  if (path.trusted) return { anchored: true };
  if (trust.acceptUnanchoredTsa) return { anchored: false };
  return { fault: 'was not issued by the appliance’s time-stamping authority', anchored: false };
}

/**
 * Checks every event's RFC 3161 token against that event's hash and the TSA certificate. `tokenRequired` says which
 * events must carry one by now (the signing events of a sealed document: sealing waits for their tokens); others
 * without one are pending.
 */
export function checkEventTokens(options: {
  events: TokenEvent[];
  trust: AuditTrust;
  tokenRequired: (event: TokenEvent) => boolean;
}): { problems: ChainProblem[]; tokens: TokenSummary } {
  const problems: ChainProblem[] = [];
  const tokens: TokenSummary = { verified: 0, unanchored: 0, pending: 0 };
  for (const event of options.events) {
    if (!event.timestampToken) {
      if (options.tokenRequired(event))
        problems.push({
          seq: event.seq,
          code: 'token_missing',
          message: `event ${event.seq} (${event.type}) should carry an RFC 3161 token and has none`,
        });
      else if (event.type === 'signer.signed') tokens.pending += 1;
      continue;
    }
    const { fault, anchored } = tokenFault(event, options.trust);
    if (fault)
      problems.push({
        seq: event.seq,
        code: 'token_mismatch',
        message: `the RFC 3161 token of event ${event.seq} (${event.type}) ${fault}`,
      });
    else if (anchored) tokens.verified += 1;
    else tokens.unanchored += 1;
  }
  return { problems, tokens };
}
