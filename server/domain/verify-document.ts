import { pemToDerList } from '../crypto/pem.js';
import { verifyPdf } from '../pades/verify-pdf.js';
import type { VerificationReport } from '../pades/verification-report.js';
import { SeglError } from '../lib/errors.js';

export type { VerificationReport };

/** Verifies a PDF against the given PEM trust anchors (one or more certificates). */
export function verifyDocument(options: { bytes: Uint8Array; trustAnchorsPem: string }): VerificationReport {
  let trustAnchors: Uint8Array[];
  try {
    trustAnchors = pemToDerList(options.trustAnchorsPem);
  } catch (cause) {
    throw new SeglError({ code: 'invalid_trust_anchors', message: 'the trust anchors are not PEM certificates', status: 400, cause });
  }
  if (trustAnchors.length === 0) throw new SeglError({ code: 'invalid_trust_anchors', message: 'no certificate found in the trust anchors', status: 400 });
  return verifyPdf({ bytes: options.bytes, trustAnchors });
}
