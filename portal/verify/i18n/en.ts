import type { Dictionary } from './dictionary.js';

export const en: Dictionary = {
  locale: 'en-GB',
  languageName: 'English',
  languageLabel: 'Language',
  brandTagline: 'Document verification',
  pageTitle: 'Check a signed document',
  intro:
    'Documents signed with Segl carry a code at the bottom of every page. Enter it to see the ' +
    'status of the document. If you have the PDF, you can then check that it is the authentic ' +
    'one and see who signed it.',
  codeLabel: 'Document code',
  codeHint: '16 letters and digits, as printed on the document, for example 7F3K-9QXM-2B8D-WT4N',
  codeSubmit: 'Check code',
  codeInvalid: 'That is not a complete code. A code has 16 letters and digits, for example 7F3K-9QXM-2B8D-WT4N.',
  codeUnknown: 'No document has this code. Check that you typed it exactly as printed on the document.',
  checking: 'Checking…',
  networkError: 'The check could not be completed. Check your connection and try again.',
  serverError: 'Something went wrong on our side. Please try again later.',
  busy: (seconds) =>
    `Many files are being checked right now. Please try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
  tooMany: (seconds) => `Too many attempts. Please try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
  statusHeading: 'Status',
  statusTitle: {
    draft: 'Not sent for signing yet',
    pending: 'Waiting for signatures',
    completed: 'Signed and sealed',
    declined: 'Declined',
    expired: 'Expired',
    cancelled: 'Cancelled',
    deleted: 'Deleted',
  },
  statusText: {
    draft: 'The document has been uploaded but not yet sent to anyone for signing.',
    pending: 'The document has been sent for signing and not everyone has signed yet.',
    completed: 'Everyone has signed. The document is sealed by the issuer, so any change to it can be detected.',
    declined: 'A signer declined to sign. The document has not been signed by everyone.',
    expired: 'The signing deadline passed before everyone had signed.',
    cancelled: 'The sender cancelled the signing.',
    deleted: '',
  },
  signedOf: (signed, total) => `${signed} of ${total} signed`,
  deletedText: (date) =>
    `The document was deleted on ${date}, normally because its retention period had ended. Its ` +
    `fingerprint (SHA-256) is kept, so anyone holding a copy can still check that it is ` +
    `authentic.`,
  fieldCode: 'Code',
  fieldStatus: 'Status',
  fieldSignatures: 'Signatures',
  fieldCreated: 'Created',
  fieldCompleted: 'Completed',
  fieldLevel: 'Seal',
  signatureLevel: 'Level',
  fieldDeleted: 'Deleted',
  fieldFingerprint: 'Fingerprint (SHA-256)',
  levelName: (level) =>
    level === 'B-LTA'
      ? 'Long-term, with archive timestamp (PAdES B-LTA)'
      : level === 'B-LT'
        ? 'Long-term (PAdES B-LT)'
        : level === 'B-T'
          ? 'With trusted timestamp (PAdES B-T)'
          : level === 'B-B'
            ? 'Basic (PAdES B-B)'
            : 'Not sealed yet',
  notYet: 'Not yet',
  levelNone: 'None',
  privacyNote: 'No names or other personal details are shown from the code alone.',
  proofTitle: 'Is your PDF the authentic one?',
  proofIntro:
    'Choose or drop the PDF file. Your browser computes its fingerprint (SHA-256) and only the ' +
    'fingerprint is sent: the file never leaves your device.',
  proofDeletedIntro:
    'Choose or drop your copy. Your browser computes its fingerprint and compares it with the ' +
    'one kept after deletion: the file never leaves your device.',
  dropMain: 'Drop the PDF here',
  dropChoose: 'or choose a file',
  dropSelected: (name) => `Selected: ${name}`,
  notPdf: 'That does not look like a PDF file. Choose the PDF you received.',
  hashing: 'Computing the fingerprint…',
  matchTitle: 'This is the authentic signed document',
  matchText: 'Your file is identical, byte for byte, to the document issued under this code.',
  tombstoneMatchText: 'Your file has exactly the fingerprint recorded for this document before it was deleted.',
  unsignedMatchTitle: 'This is the authentic document',
  unsignedMatchText:
    'Your file is identical to the document issued under this code. It has not been signed by ' +
    'everyone yet: see the status above.',
  originalMatchTitle: 'This is the original, unsigned version',
  originalMatchText:
    'Your file is the document as it was uploaded, before anyone signed it. The signed document ' +
    'has the signatures and the seal added: ask the sender for that version.',
  fieldTitle: 'Title',
  signersTitle: 'Signers',
  signerIdentifiedBy: 'Identified by',
  signerSignedAt: 'Signed',
  signerStatus: { pending: 'Not signed yet', signed: 'Signed', declined: 'Declined' },
  method: (method, provider) =>
    !method
      ? 'Not recorded'
      : method === 'email-otp'
        ? 'One-time code sent by e-mail (simple verification)'
        : method.startsWith('oidc:')
          ? `Electronic ID (${provider ?? method.slice(5)})`
          : method,
  noMatchTitle: 'This file does not match',
  noMatchText:
    'Your file is not the document issued under this code. It may have been altered after ' +
    'signing, be an earlier draft, or be a different document. Do not rely on its contents: ask ' +
    'the sender for the signed original.',
  yourFingerprint: 'Fingerprint of your file (SHA-256)',
  validateTitle: 'Validate the signatures in any PDF',
  validateIntro:
    'Checks every signature and timestamp in a PDF, also in documents signed elsewhere. The ' +
    'file is sent to this service for the check and is not stored.',
  validating: 'Checking the signatures…',
  verdictTitle: { passed: 'Valid', failed: 'Not valid', indeterminate: 'Could not be confirmed' },
  verdictText: {
    passed: 'Every signature is intact and made with a trusted certificate, and nothing was changed after signing.',
    failed: 'A signature is broken, or the document was changed after it was signed.',
    indeterminate:
      'The signatures are intact, but at least one certificate comes from an issuer this service ' +
      'does not know. That is not a fault in the document: check it with the issuer’s own tools.',
  },
  timestampedTitle: {
    passed: 'Timestamped, not signed',
    failed: 'Not valid',
    indeterminate: 'Timestamp could not be confirmed',
  },
  timestampedText:
    'This PDF carries only document timestamps. They prove that the file existed in this form ' +
    'at that time, but no signature or seal says who vouches for its content.',
  limitText:
    'The file was not checked to the end: it is larger or more complex than this service ' +
    'checks. Check it with a desktop validator.',
  noSignatures: 'This PDF contains no signatures.',
  knownDocument: (code, version) =>
    version === 'final'
      ? `This is the sealed Segl document with code ${code}.`
      : `This is the original of the Segl document with code ${code}, as uploaded before signing.`,
  knownDocumentLink: 'See its status',
  signatureKind: { signature: 'Signature', 'doc-timestamp': 'Document timestamp' },
  signatureStatus: { passed: 'Valid', failed: 'Not valid', indeterminate: 'Unknown' },
  signedBy: 'Signed by',
  timestampedBy: 'Timestamped by',
  time: 'Time',
  certificate: 'Check',
  trusted: 'Intact, with a trusted certificate',
  unknownIssuer: 'Intact; the issuer is unknown to this service (unknown, not invalid)',
  brokenSignature: 'Broken: the signature does not match the content',
  tamperedSignature: 'Broken: the signature data itself was tampered with',
  revoked: 'The certificate was revoked',
  changedAfter: 'Changed after signing',
  changes: {
    none: 'No',
    'lta-updates': 'No: only validation data and timestamps were added, as long-term signatures do',
    permitted: 'Only allowed changes: further signatures, or what the document’s certification permits',
    other: 'Yes: the document was changed after this signature',
  },
  changeKind: {
    dss: 'Validation data was added',
    'doc-timestamp': 'A document timestamp was added',
    extensions: 'File declarations were updated',
    signature: 'A signature was added',
    metadata: 'Document information (metadata) changed',
    'form-fill': 'Form fields were filled in',
    annotation: 'Annotations were added, changed or removed',
    'signed-bytes': 'The signed content itself was altered',
    structure: 'Data was added that is not a clean update of the file',
    catalog: 'The document’s structure (catalog) changed',
    form: 'The form changed',
    'form-field': 'Form fields changed',
    pages: 'Pages were added, removed or reordered',
    page: 'Pages changed',
    'page-content': 'The content of pages changed',
    resources: 'Graphics used on the pages changed',
    font: 'Fonts changed',
    xobject: 'Images or drawings changed',
    'optional-content': 'Layers that can hide content changed',
    actions: 'Actions or scripts changed',
    object: 'Other parts of the file changed',
  },
  onPages: (pages) =>
    pages.length === 1 ? `page ${pages[0]}` : `pages ${pages.slice(0, 12).join(', ')}${pages.length > 12 ? ' …' : ''}`,
  unknownName: 'Unknown',
  details: 'Technical details',
  fileTooLarge: 'The file is too large to check here.',
  fileUnreadable: 'This file could not be read as a PDF.',
  footer: 'Segl verifies documents issued by this organisation. It shows only what the code and your file prove.',
};
