/**
 * What one verification may cost. A file beyond a limit is answered as indeterminate with the reason, never by a
 * long computation: verification runs on files anyone can upload.
 */
export interface VerificationLimits {
  /** Distinct signatures and document timestamps. */
  maxSignatures: number;
  /** Form field nodes walked while looking for signatures. */
  maxFields: number;
  /** Cross-reference sections (revisions). */
  maxRevisions: number;
  /** Objects reachable from the catalog, walked by the change analysis. */
  maxObjects: number;
  /** Wall-clock budget for the whole check, in milliseconds. */
  timeBudgetMs: number;
}

export const VERIFICATION_LIMITS: VerificationLimits = {
  maxSignatures: 32,
  maxFields: 5_000,
  maxRevisions: 500,
  maxObjects: 1_000_000,
  timeBudgetMs: 30_000,
};
