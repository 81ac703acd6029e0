import { pemToDerList } from '../crypto/pem.js';
import { verifyPdf } from '../pades/verify-pdf.js';
import { VerificationPool, type VerificationPoolOptions } from '../pades/verification-pool.js';
import type { VerificationReport } from '../pades/verification-report.js';
import { SeglError } from '../lib/errors.js';
import type { TrustedList } from '../crypto/trusted-list.js';
import { createTrustListHook } from '../crypto/trusted-list-trust.js';

export type { VerificationReport };

/** PEM trust anchors (one or more certificates) as DER; 400 `invalid_trust_anchors` when there are none. */
export function parseTrustAnchors(pem: string): Uint8Array[] {
  let trustAnchors: Uint8Array[];
  try {
    trustAnchors = pemToDerList(pem);
  } catch (cause) {
    throw new SeglError({
      code: 'invalid_trust_anchors',
      message: 'the trust anchors are not PEM certificates',
      cause,
    });
  }
  if (trustAnchors.length === 0) {
    throw new SeglError({ code: 'invalid_trust_anchors', message: 'no certificate found in the trust anchors' });
  }
  return trustAnchors;
}

/**
 * Verifies a PDF in this thread. For files we made or hold (tests, self-checks); files from outside go through a
 * DocumentVerifier, which bounds what one file may cost.
 */
export function verifyDocument(options: {
  bytes: Uint8Array;
  trustAnchorsPem: string /** checked ETSI trusted lists */;
  trustLists?: TrustedList[];
}): VerificationReport {
  const trustList = options.trustLists?.length ? createTrustListHook(options.trustLists) : undefined;
  return verifyPdf({ bytes: options.bytes, trustAnchors: parseTrustAnchors(options.trustAnchorsPem), trustList });
}

/** Verification of untrusted files, off the event loop, with limits on time, memory and queue length. */
export interface DocumentVerifier {
  /** `trustLists`: checked ETSI trusted lists (plain data, so they cross to the worker threads). */
  verify(options: {
    bytes: Uint8Array;
    trustAnchorsPem: string;
    trustLists?: TrustedList[];
  }): Promise<VerificationReport>;
  close(): Promise<void>;
}

export type DocumentVerifierOptions = VerificationPoolOptions;

export function createDocumentVerifier(options: DocumentVerifierOptions): DocumentVerifier {
  const pool = new VerificationPool(options);
  return {
    verify: ({ bytes, trustAnchorsPem, trustLists }) =>
      pool.verify({ bytes, trustAnchors: parseTrustAnchors(trustAnchorsPem), trustLists }),
    close: () => pool.close(),
  };
}
