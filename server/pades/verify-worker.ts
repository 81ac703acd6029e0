import { parentPort } from 'node:worker_threads';
import { isSeglError, type ErrorCode } from '../lib/errors.js';
import type { VerificationLimits } from './verification-limits.js';
import { verifyPdf } from './verify-pdf.js';
import type { TrustedList } from '../crypto/trusted-list.js';
import { createTrustListHook } from '../crypto/trusted-list-trust.js';

/** A verification job as the pool sends it: the file, the trust anchors (DER) and the limits. */
export interface VerifyJob {
  id: number;
  bytes: ArrayBuffer;
  trustAnchors: Uint8Array[];
  limits: Partial<VerificationLimits>;
  now?: string;
  /** Checked ETSI trusted lists (their signatures were verified before they were sent). */
  trustLists?: TrustedList[];
}

/** A verification that failed, as the worker reports it: the code (its status is the catalogue's) and the message. */
export interface VerifyWorkerError {
  code: ErrorCode;
  message: string;
}

/** Runs verifications for the pool (verification-pool.ts), one at a time, off the main event loop. */
parentPort?.on('message', (job: VerifyJob) => {
  try {
    const clock = job.now ? { now: () => new Date(job.now!) } : undefined;
    const trustList = job.trustLists?.length ? createTrustListHook(job.trustLists) : undefined;
    const report = verifyPdf({
      bytes: new Uint8Array(job.bytes),
      trustAnchors: job.trustAnchors,
      limits: job.limits,
      clock,
      trustList,
    });
    parentPort!.postMessage({ id: job.id, report });
  } catch (error) {
    const known: VerifyWorkerError | undefined = isSeglError(error)
      ? { code: error.code, message: error.message }
      : undefined;
    parentPort!.postMessage({
      id: job.id,
      error: known ?? { code: 'pdf_unverifiable', message: 'the file could not be verified' },
    });
  }
});
