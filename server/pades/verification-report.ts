/** The verification report (DESIGN.md "Contract"): the same shape for `segl verify --json` and the portal. */

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
  modifiedAfter: 'none' | 'lta-updates' | 'other';
  changesAfter: string[];
  level: PadesLevel | null;
  problems: Problem[];
}

export interface VerificationReport {
  status: ValidationStatus;
  valid: boolean;
  level: PadesLevel | null;
  fileSize: number;
  sha256: string;
  revisions: number;
  signatures: SignatureReport[];
  problems: Problem[];
  trustAnchors: CertificateInfo[];
  checkedAt: string;
}
