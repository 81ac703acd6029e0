/** Every text of the verification portal; one module per language implements it (en.ts, nb.ts). */
export interface Dictionary {
  locale: string;
  languageName: string;
  languageLabel: string;
  brandTagline: string;
  pageTitle: string;
  intro: string;
  codeLabel: string;
  codeHint: string;
  codeSubmit: string;
  codeInvalid: string;
  codeUnknown: string;
  checking: string;
  networkError: string;
  serverError: string;
  tooMany: (seconds: number) => string;
  /** The verifiers are all busy (503): not the visitor's doing. */
  busy: (seconds: number) => string;
  statusHeading: string;
  statusTitle: Record<DocumentStatus, string>;
  statusText: Record<DocumentStatus, string>;
  signedOf: (signed: number, total: number) => string;
  deletedText: (date: string) => string;
  fieldCode: string;
  fieldStatus: string;
  fieldSignatures: string;
  fieldCreated: string;
  fieldCompleted: string;
  fieldLevel: string;
  signatureLevel: string;
  fieldDeleted: string;
  fieldFingerprint: string;
  levelName: (level: string | null) => string;
  notYet: string;
  levelNone: string;
  privacyNote: string;
  proofTitle: string;
  proofIntro: string;
  proofDeletedIntro: string;
  dropMain: string;
  dropChoose: string;
  dropSelected: (name: string) => string;
  notPdf: string;
  hashing: string;
  matchTitle: string;
  matchText: string;
  tombstoneMatchText: string;
  unsignedMatchTitle: string;
  unsignedMatchText: string;
  originalMatchTitle: string;
  originalMatchText: string;
  fieldTitle: string;
  signersTitle: string;
  signerIdentifiedBy: string;
  signerSignedAt: string;
  signerStatus: Record<'pending' | 'signed' | 'declined', string>;
  method: (method: string | null, provider?: string | null) => string;
  noMatchTitle: string;
  noMatchText: string;
  yourFingerprint: string;
  validateTitle: string;
  validateIntro: string;
  validating: string;
  verdictTitle: Record<'passed' | 'failed' | 'indeterminate', string>;
  verdictText: Record<'passed' | 'failed' | 'indeterminate', string>;
  /** The verdict for a file whose only signatures are document timestamps. */
  timestampedTitle: Record<'passed' | 'failed' | 'indeterminate', string>;
  timestampedText: string;
  /** The file was too costly to check (a limit), not "unknown issuer". */
  limitText: string;
  noSignatures: string;
  /** The document this exact file is: its sealed final, or its original as uploaded (before signing). */
  knownDocument: (code: string, version: 'final' | 'original') => string;
  knownDocumentLink: string;
  signatureKind: Record<'signature' | 'doc-timestamp', string>;
  signatureStatus: Record<'passed' | 'failed' | 'indeterminate', string>;
  signedBy: string;
  timestampedBy: string;
  time: string;
  certificate: string;
  trusted: string;
  unknownIssuer: string;
  brokenSignature: string;
  /** The signature's own data (its byte range, its container) was tampered with. */
  tamperedSignature: string;
  revoked: string;
  changedAfter: string;
  changes: Record<'none' | 'lta-updates' | 'permitted' | 'other', string>;
  /** Each kind of change, for the list under "Changed after signing"; pages are added after it. */
  changeKind: Record<string, string>;
  onPages: (pages: number[]) => string;
  unknownName: string;
  details: string;
  fileTooLarge: string;
  fileUnreadable: string;
  footer: string;
}

export type DocumentStatus = 'draft' | 'pending' | 'completed' | 'declined' | 'expired' | 'cancelled' | 'deleted';
