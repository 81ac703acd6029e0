/** The verification report (DESIGN.md "Contract"): the same shape for `segl verify --json` and the portal. */
import type { Change, ModificationLevel } from '../pdf/change-report.js';

export type { Change, ModificationLevel };

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
export type ValidationStatus = 'passed' | 'failed' | 'indeterminate';

export interface Problem {
  code: string;
  message: string;
}

export interface CertificateInfo {
  commonName: string | null;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

/** eIDAS qualification from trusted lists (`--trust-list`, SEGL_TRUST_LIST_FILES); absent without them. */
export interface QualificationReport {
  qualifiedForSeal: boolean;
  qualifiedForSignature: boolean;
  /** The key is in a qualified seal/signature creation device. */
  qscd: boolean;
  /** The signature's timestamp (or this document timestamp) is from a qualified TSA. */
  qualifiedTimestamp: boolean;
  provider: string | null;
  territory: string | null;
}

export interface TimestampInfo {
  time: string;
  tsa: string | null;
  valid: boolean;
  trusted: boolean;
}

export interface SignatureReport {
  kind: 'signature' | 'doc-timestamp';
  fieldName: string;
  subFilter: string;
  status: ValidationStatus;
  /** The signed bytes hash to what the signature says. */
  intact: boolean;
  /** The cryptographic signature is correct and the signed attributes are well-formed. */
  valid: boolean;
  /** The signer's (or TSA's) certificate chains to a trust anchor. */
  trusted: boolean;
  signer: CertificateInfo | null;
  /** The claimed signing time (/M or the timestamp's time), ISO 8601. */
  signedAt: string | null;
  timestamp: TimestampInfo | null;
  byteRange: number[];
  coversWholeFile: boolean;
  /**
   * What changed after this signature, judged as a whole: nothing, only validation data and document timestamps,
   * what the document's certification permits (or new signatures), or anything else (the signature fails).
   */
  modifiedAfter: ModificationLevel;
  /** The changes, once per kind, in plain language (the descriptions of `changes`). */
  changesAfter: string[];
  changes: Change[];
  /** How many form fields name this signature (more than one is reported, never counted twice). */
  fieldCount: number;
  level: PadesLevel | null;
  problems: Problem[];
  qualification?: QualificationReport | null;
}

/** What a file's signatures make it: signed (at least one signature or seal), only timestamped, or neither. */
export type DocumentEvidence = 'signed' | 'timestamped' | 'unsigned';

export interface VerificationReport {
  status: ValidationStatus;
  valid: boolean;
  /** Only document timestamps is "timestamped", never "signed". */
  evidence: DocumentEvidence;
  /** The PAdES level of the newest signature; null when there is none or the verdict is failed. */
  level: PadesLevel | null;
  fileSize: number;
  sha256: string;
  revisions: number;
  signatures: SignatureReport[];
  problems: Problem[];
  trustAnchors: CertificateInfo[];
  checkedAt: string;
}
