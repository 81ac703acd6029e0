import { createHash } from 'node:crypto';
import { verifyPdf } from '../../pades/verify-pdf.js';
import { hashAuditEvent, type ChainProblem } from './audit-chain.js';
import type { AuditEventView } from './audit-event-view.js';
import type { AuditTrust } from './audit-trust.js';
import { readSealedTrail } from './read-sealed-trail.js';

/** Whether the chain was compared with the trail sealed into the final PDF, and up to which event. */
export type SealedCoverage =
  | { checked: true; seq: number; hash: string }
  | { checked: false; reason: 'not_sealed' | 'deleted' | 'no_attachment' | 'not_requested' };

/**
 * The seal must hold: intact, valid, by a certificate of a trust anchor, followed by nothing but LTA updates. Also
 * says whether others signed the document before the seal: such an input is sealed without a stamp or attachment.
 */
function checkSeal(pdf: Uint8Array, trust: AuditTrust): { fault?: string; signedBefore: boolean } {
  let report;
  try {
    report = verifyPdf({ bytes: pdf, trustAnchors: trust.trustAnchors });
  } catch (error) {
    return { fault: `the final PDF cannot be verified: ${(error as Error).message}`, signedBefore: false };
  }
  const approvals = report.signatures.filter((signature) => signature.kind === 'signature');
  const seal = approvals.at(-1);
  if (!seal) return { fault: 'the final PDF carries no seal', signedBefore: false };
  const signedBefore = report.signatures.indexOf(seal) > 0;
  if (!seal.intact || !seal.valid) return { fault: 'the seal of the final PDF does not verify', signedBefore };
  if (!seal.trusted) return { fault: 'the final PDF was not sealed by this appliance', signedBefore };
  if (seal.modifiedAfter === 'other') return { fault: 'the final PDF was changed after it was sealed', signedBefore };
  return { signedBefore };
}

/**
 * The chain head is covered by the sealed PDF: the trail attached before sealing lists every event up to completion
 * with its hash, and the seal covers the attachment. Each of those events must be in the database unchanged (so
 * rewriting events and recomputing every hash and the head is found), the PDF must be the one the document names, and
 * its seal must hold. `finalSha256` is the document's; `sealedEventSha256` the one its `document.sealed` event states.
 */
export function checkSealedTrail(options: {
  pdf: Uint8Array;
  documentId: string;
  finalSha256: string | null;
  events: AuditEventView[];
  trust: AuditTrust;
}): { problems: ChainProblem[]; sealed: SealedCoverage } {
  const { pdf, documentId } = options;
  const problems: ChainProblem[] = [];
  const mismatch = (seq: number | null, message: string) => problems.push({ seq, code: 'seal_mismatch', message });
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  if (sha256 !== options.finalSha256)
    mismatch(null, 'the stored final PDF is not the one the document names (SHA-256 differs)');
  const sealedEvent = options.events.find((event) => event.type === 'document.sealed');
  if (sealedEvent && sealedEvent.data.finalSha256 !== sha256)
    mismatch(sealedEvent.seq, `event ${sealedEvent.seq} names another final PDF than the stored one`);
  const seal = checkSeal(pdf, options.trust);
  if (seal.fault) mismatch(null, seal.fault);

  const attached = readSealedTrail(pdf);
  if (!attached.found) {
    // PDF/A-1 and -2 allow no attachment; a document others signed first is sealed without touching it
    const noneExpected = attached.reason === 'no_attachment' || (attached.reason === 'missing' && seal.signedBefore);
    if (noneExpected) return { problems, sealed: { checked: false, reason: 'no_attachment' } };
    mismatch(null, attached.message);
    return { problems, sealed: { checked: false, reason: 'not_sealed' } };
  }
  const sealedEvents = attached.trail.events;
  if (attached.trail.documentId !== documentId)
    mismatch(null, 'the audit trail sealed into the final PDF belongs to another document');
  const stored = new Map(options.events.map((event) => [event.seq, event]));
  for (const event of sealedEvents) {
    const ours = stored.get(event.seq);
    if (hashAuditEvent({ ...event, documentId }) !== event.hash)
      mismatch(event.seq, `event ${event.seq} in the sealed trail does not hash to its own hash`);
    if (!ours) mismatch(event.seq, `event ${event.seq}, sealed into the final PDF, is missing from the trail`);
    else if (ours.hash !== event.hash || ours.prevHash !== event.prevHash)
      mismatch(event.seq, `event ${event.seq} differs from the one sealed into the final PDF`);
  }
  const head = sealedEvents.at(-1);
  if (!head) {
    mismatch(null, 'the audit trail sealed into the final PDF is empty');
    return { problems, sealed: { checked: false, reason: 'not_sealed' } };
  }
  return { problems, sealed: { checked: true, seq: head.seq, hash: head.hash } };
}
