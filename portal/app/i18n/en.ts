import { adminEn } from './admin-en.js';

/**
 * Every text of the staff app in English. `Dictionary` (dictionary.ts) is derived from this object, so the bokmål
 * dictionary must have exactly these keys with the same shapes.
 */
const list = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

export const en = {
  admin: adminEn,
  locale: 'en-GB',
  languageName: 'English',
  languageLabel: 'Language',
  brandTagline: 'Documents',
  skipToContent: 'Skip to content',
  signOut: 'Sign out',
  roleAdmin: 'administrator',
  roleMember: 'member',
  roleViewer: 'view only',
  footer:
    'Segl keeps every document encrypted on this appliance and records who did what, when, in ' +
    'each document’s audit trail.',
  loading: 'Loading…',
  retry: 'Try again',
  refresh: 'Refresh',
  refreshing: 'Refreshing…',
  close: 'Close',
  cancel: 'Cancel',
  startFailedTitle: 'The archive could not be opened',
  networkError: 'We could not reach Segl. Check your connection and try again.',
  serverError: 'Something went wrong on the server. Please try again in a moment.',
  signedOut: 'Your session has ended. Sign in again to continue.',
  notFound: 'It does not exist, or you do not have access to it.',
  tooMany: (seconds: number) =>
    `Too many requests. Please wait ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and try again.`,
  apiSaid: (message: string) => `Segl answered: ${message}`,
  quote: (text: string) => `“${text}”`,
  opensNewTab: 'opens in a new tab',

  // folders
  foldersLabel: 'Folders',
  allDocuments: 'All documents',
  noFolders: 'No folders yet.',
  topLevel: 'Top level (administrators only)',
  folderUnknown: 'This folder does not exist, or you do not have access to it.',

  // statuses
  status: {
    draft: 'Draft',
    pending: 'Pending',
    completed: 'Completed',
    declined: 'Declined',
    expired: 'Expired',
    cancelled: 'Cancelled',
    deleted: 'Deleted',
  },
  statusSealing: 'Sealing',
  signedOf: (signed: number, total: number) => `${signed} of ${total} signed`,
  statusChanged: (status: string) => `The document’s status is now: ${status}.`,

  // list
  listLeadAll: 'Every document you have access to, newest first.',
  listLeadEditor: 'Documents in this folder, newest first. You can upload here and send documents for signing.',
  listLeadViewer: 'Documents in this folder, newest first. You can view them, but not upload or send.',
  filtersLabel: 'Find documents',
  searchLabel: 'Search',
  searchPlaceholder: 'Title, code, name or e-mail',
  dateFromLabel: 'Uploaded from',
  dateToLabel: 'Uploaded until',
  dateRangeInvalid: 'The “until” day is before the “from” day.',
  searchSubmit: 'Search',
  statusLabel: 'Status',
  allStatuses: 'Any status',
  documentsLabel: 'Documents',
  loadingDocuments: 'Loading documents…',
  showing: (count: number, more: boolean) =>
    `${count} ${count === 1 ? 'document' : 'documents'} shown${more ? ', more below' : ''}`,
  showMore: 'Show more',
  loadingMore: 'Loading more…',
  uploadedOn: (date: string) => `Uploaded ${date}`,
  pageCount: (count: number) => `${count} ${count === 1 ? 'page' : 'pages'}`,
  emptyTitle: 'No documents here yet',
  emptyText: 'Upload a PDF to get it signed. You add the signers before you send it.',
  emptyTextViewer: 'Documents that others upload here will show up in this list.',
  emptyFilteredTitle: 'No documents match',
  emptyFilteredText: 'Try other words, another status or other days.',
  clearFilters: 'Clear the search',

  // upload
  uploadOpen: 'Upload a PDF',
  exportAll: 'Export everything (ZIP)',
  exportFolder: 'Export this folder (ZIP)',
  uploadTitle: 'Upload a PDF',
  uploadFileLabel: 'PDF file',
  uploadFileHint: 'The document exactly as it should be signed. Password-protected PDFs cannot be signed.',
  uploadFileHintLimit: (limit: string) =>
    `The document exactly as it should be signed, at most ${limit}. Password-protected PDFs cannot be signed.`,
  dropMain: 'Drop a PDF here',
  dropChoose: 'or choose a file',
  dropReplace: 'Choose another file',
  uploadTitleLabel: 'Title',
  uploadFolderLabel: 'Folder',
  uploadSubmit: 'Upload',
  uploading: 'Uploading…',
  uploadNeedFile: 'Choose the PDF file to upload.',
  uploadNeedTitle: 'Give the document a title: signers see it in their e-mail.',
  uploadNotPdf: 'That file is not a PDF. Choose a PDF file.',
  uploadNotPdfNamed: (name: string) => `“${name}” is not a PDF. Choose a PDF file.`,
  uploadEmpty: (name: string) => `“${name}” is empty. Choose a PDF file.`,
  uploadTooLargeNamed: (name: string, size: string, limit: string) =>
    `“${name}” is ${size}, but this appliance accepts PDFs of at most ${limit}. ` +
    'Choose a smaller file, or ask an administrator to raise the limit.',
  uploadTooLarge: 'The file is too large for this appliance.',
  uploadUnreadable: (message: string) => `The PDF cannot be used: ${message}.`,
  uploadFolderRequired: 'Choose a folder where you may upload.',
  uploadFolderGone: 'That folder no longer exists, or you no longer have access to it.',
  uploadNoFolder: 'You have no folder to upload into. Ask an administrator for editor access to a folder.',
  uploaded: (title: string, code: string) =>
    `“${title}” is uploaded with code ${code}. Now add the people who should sign.`,

  // document
  backTo: (folder: string) => `Back to ${folder}`,
  backToAll: 'Back to all documents',
  loadingDocument: 'Loading the document…',
  documentUnavailable: 'The document could not be shown',
  documentNotFound: 'There is no such document, or you do not have access to it.',
  verifyLink: 'Public verification page',
  fieldCode: 'Code',
  statusHeading: 'Status',
  draftTitle: 'Draft: not sent yet',
  draftText: 'Add the people who should sign, then send. Nobody hears about the document until you send it.',
  draftTextReady: (count: number) =>
    `${count === 1 ? 'One signer is' : `${count} signers are`} ready. Add more or send it when ` +
    `you are ready. Nobody hears about the document until you send it.`,
  pendingTitle: (signed: number, total: number) => `Waiting for signatures: ${signed} of ${total} signed`,
  pendingWaitingFor: (names: string[], order: 'parallel' | 'sequential') =>
    names.length ? (order === 'sequential' ? `It is ${list(names)}’s turn.` : `Waiting for ${list(names)}.`) : '',
  pendingDeadline: (date: string) => `The links work until ${date}.`,
  sealingTitle: 'Everyone has signed: sealing',
  sealingText: 'The signed PDF is being sealed and timestamped. This usually takes a few seconds.',
  completedTitle: 'Signed and sealed',
  completedText: (date: string, level: string | null) =>
    `Everyone has signed. The final PDF was sealed ${date}` +
    `${level ? ` (PAdES\u00a0${level.replace(/-/g, '\u2011')})` : ''}: any change to it can be detected, ` +
    'and its code can be checked on the verification page.',
  declinedTitle: 'Declined',
  declinedText: (name: string, reason: string | null) =>
    `${name} declined to sign${reason ? `: “${reason}”` : '.'} Nobody else can sign it now.`,
  declinedTextUnknown: 'A signer declined to sign. Nobody else can sign it now.',
  expiredTitle: 'Expired',
  expiredText: (date: string) =>
    `The deadline${date ? `, ${date},` : ''} passed before everyone had signed. The links no longer work.`,
  cancelledTitle: 'Cancelled',
  cancelledText: 'The signing was cancelled. The links no longer work and nobody can sign.',
  deletedTitle: 'Deleted',
  deletedText:
    'The document has been deleted. Its code and fingerprint are kept, so a copy can still be ' +
    'checked on the verification page.',
  deletedByRetentionText:
    'Its title, its signers and the events of its audit trail were erased (by the retention rules or on request).',
  deletedDocumentTitle: 'Deleted document',
  untitledDocument: 'Untitled document',
  downloadSigned: 'Download the signed PDF',
  downloadOriginal: 'Download the PDF',
  remind: 'Send a reminder',
  reminding: 'Sending reminders…',
  remindResult: (reminded: string[], skipped: string[]) =>
    [
      reminded.length ? `Reminder e-mailed to ${list(reminded)}, with a fresh link.` : 'No reminder was sent.',
      skipped.length
        ? `${list(skipped)} ${skipped.length === 1 ? 'was' : 'were'} e-mailed less than an hour ago, ` +
          `so ${skipped.length === 1 ? 'was' : 'were'} not reminded again yet.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
  notPendingAnymore: 'The document is no longer waiting for signatures.',
  notDraftAnymore: 'The document has already been sent, so signers can no longer be added.',
  cancelOpen: 'Cancel the signing',
  cancelTitle: 'Cancel the signing?',
  cancelText:
    'Every signing link stops working at once and nobody can sign any more. Signatures already ' +
    'made stay in the audit trail. This cannot be undone.',
  cancelDraftOpen: 'Cancel this draft',
  cancelDraftTitle: 'Cancel this draft?',
  cancelDraftText:
    'It will never be sent. It stays in the archive as cancelled, with its audit trail. This cannot be undone.',
  cancelDraftConfirm: 'Yes, cancel the draft',
  cancelDraftDone: 'The draft is cancelled.',
  cancelReasonLabel: 'Reason (optional)',
  cancelReasonHint: 'Recorded in the audit trail. At most 500 characters.',
  cancelReasonTooLong: (max: number) => `The reason is too long: at most ${max} characters.`,
  cancelConfirm: 'Yes, cancel the signing',
  cancelling: 'Cancelling…',
  cancelKeep: 'No, keep it',
  cancelDone: 'The signing is cancelled. The links no longer work.',
  cancelSealing: 'Everyone has signed and the document is being sealed, so it can no longer be cancelled.',

  // legal hold
  holdOpen: 'Place a legal hold',
  holdTitle: 'Place a legal hold?',
  holdText:
    'A document on legal hold is never deleted: the retention rules pass it by, and nobody can ' +
    'delete it until the hold is released. The hold and its reason are recorded in the audit ' +
    'trail.',
  holdReasonLabel: 'Reason',
  holdReasonHint: 'For example a case or matter reference. Recorded in the audit trail. At most 500 characters.',
  holdReasonRequired: 'Give the reason for the hold, for example a case or matter reference.',
  holdConfirm: 'Place the hold',
  holding: 'Placing the hold…',
  holdKeep: 'Not now',
  holdNoticeTitle: (reason: string | null) => (reason ? `On legal hold: ${reason}` : 'On legal hold'),
  holdNoticeText: 'It will not be deleted, by the retention rules or by anyone, until the hold is released.',
  holdRelease: 'Release the hold',
  releasing: 'Releasing…',
  holdPlaced: 'The legal hold is placed.',
  holdReleased: 'The legal hold is released. The retention rules apply again.',
  holdForbidden: 'Only the folder’s managers and administrators can place or release a legal hold.',
  holdDeleted: 'The document has been deleted: there is nothing left to hold.',

  // signers
  signersTitle: 'Signers',
  signerCount: (count: number) => `${count} ${count === 1 ? 'signer' : 'signers'}`,
  noSignersYet: 'No signers yet. Add the first one below.',
  noSigners: 'This document has no signers.',
  noSignersErased: 'The signers were erased with the document.',
  positionN: (position: number) => `number ${position}`,
  signerSigned: 'Signed',
  signerDeclined: 'Declined',
  signerNotSent: 'Not sent yet',
  signerDidNotSign: 'Did not sign',
  signerTheirTurn: 'Their turn',
  signerWaiting: 'Waiting for signature',
  signerLater: 'Later in the order',
  declineReasonQuoted: (reason: string) => `Reason: “${reason}”`,
  addSignerTitle: 'Add a signer',
  signerNameLabel: 'Name',
  signerEmailLabel: 'E-mail address',
  signerMethodLabel: 'How they prove who they are',
  methodEmailOtpOption: 'Code by e-mail',
  methodOidcOption: 'Identity provider (e.g. BankID)',
  methodEmailOtpHint: 'A 6-digit code is e-mailed to them: a simple verification, not strong authentication.',
  methodOidcHint: 'They sign in with an identity provider your administrator has set up: strong authentication.',
  signerProviderLabel: 'Identity provider key',
  signerProviderHint: 'The provider’s key in Segl’s settings, lower-case letters and digits, for example bankid.',
  signerLanguageLabel: 'Language of their e-mails and signing page',
  addSigner: 'Add signer',
  adding: 'Adding…',
  signerNameRequired: 'Enter the signer’s name.',
  signerEmailRequired: 'Enter the signer’s e-mail address.',
  signerEmailInvalid: 'That is not a complete e-mail address, for example kari@example.com.',
  signerProviderInvalid: 'Enter the provider’s key: lower-case letters and digits only, for example bankid.',
  signerExists: 'This e-mail address is already a signer of the document.',
  tooManySigners: 'A document can have at most 50 signers.',
  unknownAuthMethod: (message: string) =>
    `Segl does not know this way of signing in. ${message ? `It answered: ${message}` : ''}`.trim(),
  signerAdded: (name: string, position: number) => `${name} was added as signer number ${position}.`,
  methodEmailOtp: 'Code by e-mail (simple)',
  methodOidc: (provider: string) => `Identity provider${provider ? ` “${provider}”` : ''} (strong)`,
  languageNames: { nb: 'Norsk (bokmål)', en: 'English' },
  signerLanguage: (language: 'nb' | 'en') =>
    `E-mails and signing page in ${language === 'nb' ? 'Norwegian (bokmål)' : 'English'}`,
  signerEdit: 'Edit',
  signerEditLabel: (name: string) => `Edit ${name}`,
  signerEditTitle: (name: string) => `Change ${name}`,
  signerSave: 'Save',
  signerSaving: 'Saving…',
  signerEditCancel: 'Cancel',
  signerSaved: (name: string) => `${name} is saved.`,
  signerMoveUp: 'Move up',
  signerMoveDown: 'Move down',
  signerMoveUpLabel: (name: string) => `Move ${name} up`,
  signerMoveDownLabel: (name: string) => `Move ${name} down`,
  signerMoved: (name: string, position: number) => `${name} is now number ${position}.`,
  signerRemove: 'Remove',
  signerRemoveLabel: (name: string) => `Remove ${name}`,
  signerRemoveConfirm: (name: string) => `Remove ${name} from the signers?`,
  signerRemoveYes: 'Yes, remove',
  signerRemoveKeep: 'Keep',
  signerRemoved: (name: string) => `${name} was removed from the signers.`,
  signerGone: 'That signer was removed meanwhile; the list is up to date now.',
  signerPinNeedsOidc:
    'This signer has an expected identity, which only an identity provider can check: keep the identity provider.',

  // send
  sendTitle: 'Send for signing',
  sendIntro: 'Each signer gets a personal link by e-mail. You can remind them or cancel while the document is pending.',
  orderLegend: 'Order',
  orderParallel: 'Everyone at once',
  orderParallelHint: 'All signers get their link now and can sign in any order.',
  orderSequential: 'One after another',
  orderSequentialHint: 'Each signer gets their link when the one before has signed, in the order listed.',
  orderParallelShort: 'everyone at once',
  orderSequentialShort: 'one after another',
  expiresLabel: 'Links work until',
  expiresHint: (max: number) => `Until the end of that day. At most ${max} days ahead.`,
  expiresInvalid: (max: number) => `Choose a day from tomorrow and at most ${max} days ahead.`,
  sendNoSigners: 'Add at least one signer before sending.',
  sendNeedsSigners: 'Add at least one signer before you send the document.',
  sendSummaryParallel: (count: number) =>
    count === 1 ? 'The signer gets a link by e-mail now.' : `All ${count} signers get a link by e-mail now.`,
  sendSummarySequential: (first: string, count: number) =>
    `${first} gets a link by e-mail now; the other ` +
    `${count - 1 === 1 ? 'signer follows' : `${count - 1} signers follow`} in order.`,
  sendSubmit: 'Review and send',
  reviewTitle: 'Check before sending',
  reviewIntro: 'Nothing is sent until you confirm. Check who signs, in which order, until when, and in which language.',
  reviewDocument: 'Document',
  reviewOrder: 'Order',
  reviewDeadline: 'Links work until',
  reviewDeadlineValue: (date: string) => `the end of ${date}`,
  reviewSigners: (count: number) => `${count === 1 ? 'Signer' : `${count} signers`}, in order`,
  reviewConfirm: 'Send now',
  reviewBack: 'Back to editing',
  sending: 'Sending…',

  // links
  linksTitle: 'Personal signing links',
  linksWarningTitle: 'Keep these links private.',
  linksWarning:
    'Whoever holds a link can open the document and sign as that person. Give each link only to ' +
    'its own signer, and never forward or post it.',
  linksOnce:
    'Segl has e-mailed the links to those whose turn it is. You need them only to deliver a ' +
    'link yourself. They are shown here until you reload the page; reminders send fresh links.',
  linkFor: (name: string) => `Signing link for ${name}`,
  linkMailed: 'E-mailed',
  linkMailedLater: 'E-mailed when it is their turn',
  copyLink: 'Copy link',
  copied: 'Copied',
  copiedFor: (name: string) => `The link for ${name} is copied.`,
  copyFailed: 'Select and copy',
  linksHide: 'Hide the links',

  // preview
  previewTitle: 'Preview',
  previewIntroOriginal: 'The pages as uploaded, exactly what the signers will see.',
  previewIntroFinal: 'The signed PDF, with the stamp on every page and the audit pages.',
  previewShow: 'Show the pages',
  previewHide: 'Hide the pages',
  previewLoading: 'Loading the pages…',
  previewFailed: 'The pages could not be shown here. Download the PDF to read it.',
  pagesLabel: (count: number) => `The document, ${count} ${count === 1 ? 'page' : 'pages'}`,
  pageLabel: (page: number, count: number) => `Page ${page} of ${count}`,

  // details
  detailsTitle: 'Details',
  fieldFolder: 'Folder',
  fieldUploaded: 'Uploaded',
  fieldPages: 'Pages',
  fieldSize: 'Size',
  fieldOrder: 'Order',
  fieldSent: 'Sent',
  fieldExpires: 'Links work until',
  fieldAllSigned: 'Everyone signed',
  fieldSealed: 'Sealed',
  fieldLevel: 'Seal',
  fieldDeleted: 'Deleted',
  fieldRetention: 'Retention',
  days: (count: number) => `${count.toLocaleString('en-GB')} ${count === 1 ? 'day' : 'days'}`,
  retentionUntil: (date: string, days: string, source: string) =>
    `Kept until ${date} (${days} after it ended, ${source}).`,
  retentionDue: (date: string, days: string, source: string) =>
    `Due for deletion since ${date} (${days} after it ended, ${source}): it goes at the next retention run.`,
  retentionAfterEnd: (days: string, source: string) => `Kept ${days} after it ends (${source}).`,
  retentionForever: 'Kept until someone deletes it.',
  retentionSourceFolder: (name: string) => `set on the folder “${name}”`,
  retentionSourceParent: 'set on a parent folder',
  retentionSourceDefault: 'the appliance default',
  retentionHeldNote: 'On legal hold: not deleted while the hold lasts.',

  // folder retention (administrators)
  folderRetentionLabel: 'Retention',
  folderRetention: (days: string, source: string) => `Documents here are deleted ${days} after they end (${source}).`,
  folderRetentionNone: 'Documents here are kept until someone deletes them.',
  folderRetentionHere: 'set on this folder',
  folderRetentionLoading: 'Loading the retention period…',
  folderRetentionChange: 'Change the retention',
  folderRetentionTitle: 'Retention period of this folder',
  folderRetentionInherit: 'Inherit',
  folderRetentionInheritHint: 'Use the parent folder’s period, or the appliance default.',
  folderRetentionOwn: 'A period for this folder',
  folderRetentionOwnHint: 'Subfolders without a period of their own inherit it.',
  folderRetentionDaysLabel: 'Days to keep a document after it ends',
  folderRetentionDaysHint: (max: number) =>
    `A whole number from 1 to ${max}. Completed, declined, expired and cancelled documents are ` +
    `deleted that long after they end, unless they are on legal hold.`,
  folderRetentionDaysInvalid: (max: number) => `Enter a whole number of days from 1 to ${max}.`,
  folderRetentionSave: 'Save',
  folderRetentionSaving: 'Saving…',
  folderRetentionSaved: 'The retention period is saved.',
  folderRetentionForbidden: 'Only administrators can set retention periods.',
  levelName: (level: string | null): string =>
    level === 'B-LTA'
      ? 'PAdES B-LTA: long-term, with archive timestamp'
      : level === 'B-LT'
        ? 'PAdES B-LT: long-term'
        : level === 'B-T'
          ? 'PAdES B-T: with trusted timestamp'
          : level === 'B-B'
            ? 'PAdES B-B: basic'
            : 'Not sealed yet',
  fingerprints: 'Fingerprints (SHA-256)',
  fingerprintsHelp: 'They identify the exact files: the one uploaded, and the signed one once it is sealed.',
  fieldOriginalSha: 'Uploaded PDF',
  fieldFinalSha: 'Signed PDF',

  // audit trail
  auditTitle: 'Audit trail',
  auditLoading: 'Loading the audit trail…',
  auditEventsLabel: (count: number) => `${count} ${count === 1 ? 'event' : 'events'}, oldest first`,
  auditNote: 'Times are shown in your time zone; hover over a time to see it in UTC, as recorded.',
  auditErased: (count: number) =>
    `${count} earlier ${count === 1 ? 'event was' : 'events were'} erased with the document. ` +
    `The chain goes on from the last one’s hash, so it can still be checked.`,
  chainIntact: 'Chain intact',
  chainIntactText: (count: number) =>
    count === 1
      ? 'The event is unchanged since it was recorded.'
      : `All ${count} events are linked by their hashes and agree with their time-stamps and, once ` +
        `sealed, with the copy in the final PDF: unchanged since they were recorded.`,
  chainBroken: 'Chain broken',
  chainBrokenText:
    'Some events do not match the hash chain, their time-stamps or the copy sealed into the ' +
    'final PDF: the audit trail may have been altered. Keep this document and contact your ' +
    'administrator.',
  technicalDetails: 'Technical details',
  auditSeq: 'Event',
  auditTimeUtc: 'Time (UTC)',
  auditActor: 'By',
  auditUserAgent: 'Browser',
  auditHash: 'Hash',
  auditPrevHash: 'Previous hash',
  auditTimestamp: 'Timestamp',
  auditTimestampText: 'RFC 3161 timestamp token over this event’s hash',
  timestamped: 'Timestamped',
  ipAddress: (ip: string) => `IP ${ip}`,
  actorStaff: 'staff',
  actorSigner: 'signer',
  actorSystem: 'system',
  aSigner: 'a signer',
  toWhom: (who: string) => `To ${who}`,
  mailInvitation: 'Invitation',
  mailReminder: 'Reminder',
  mailOtp: 'Code',
  mailCompleted: 'Signed copy notice',
  mailOther: 'E-mail',
  levelSimple: 'code by e-mail (simple)',
  levelStrong: (provider: string) => `${provider} (strong)`,
  identityProvider: 'identity provider',
  identityMismatch: 'signed in as someone else than expected; signing was refused',
  fingerprintConfirmed: 'The signer’s browser confirmed the fingerprint of the pages shown',
  deadlineOn: (date: string) => `links work until ${date}`,
  changedFields: (fields: string[]) => `changed: ${list(fields)}`,
  signerFieldNames: {
    name: 'name',
    email: 'e-mail address',
    authMethod: 'how they prove who they are',
    language: 'language',
    expectedName: 'expected name',
    expectedNationalId: 'expected identity number',
  } as Record<string, string>,
  versionFinal: 'the signed PDF',
  versionOriginal: 'the uploaded PDF',
  versionExport: 'in an export of the archive',
  ev: {
    created: 'Uploaded',
    signerAdded: 'Signer added',
    signerUpdated: 'Signer changed',
    signerRemoved: 'Signer removed',
    signersReordered: 'Signers put in a new order',
    sent: 'Sent for signing',
    invited: 'Invitation e-mailed',
    reminded: 'Reminder e-mailed',
    delivered: 'E-mail handed to the mail server',
    opened: 'Signing link opened',
    challenged: 'Code e-mailed to the signer',
    authenticated: 'Identity confirmed',
    refused: 'Identity did not match',
    signed: 'Signed',
    declined: 'Declined',
    completed: 'Everyone has signed',
    sealed: 'Sealed',
    failed: 'Sealing failed (it is retried)',
    downloaded: 'Downloaded',
    cancelled: 'Cancelled',
    expired: 'Expired',
    deleted: 'Deleted',
    deletedByRetention: 'Deleted by the retention rules',
    erasedOnRequest: 'Deleted and erased on request',
    held: 'Legal hold placed',
    released: 'Legal hold released',
    keyExported: 'Document key handed out (recovery without Segl)',
  },
};
