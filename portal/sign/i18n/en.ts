/**
 * Every text of the signer page in English. `Dictionary` (dictionary.ts) is derived from this object, so the
 * bokmål dictionary must have exactly these keys with the same shapes.
 */
export const en = {
  locale: 'en-GB',
  languageName: 'English',
  languageLabel: 'Language',
  brandTagline: 'Electronic signing',
  documentTitleFallback: 'Document to sign',
  pageTitle: (title: string) => `Sign: ${title}`,

  // progress
  stepsLabel: 'Progress',
  stepIdentify: 'Confirm who you are',
  stepReview: 'Read and sign',
  stepDone: 'Done',
  stepCurrent: '(current step)',
  stepCompleted: '(completed)',

  // loading and link problems
  loading: 'Opening your signing link…',
  invalidTitle: 'This link does not work',
  invalidText:
    'The signing link is not valid. It may be incomplete (check that you opened the whole link ' +
    'from the e-mail), or the sender may have replaced or withdrawn it.',
  invalidAdvice: 'If you still need to sign, ask the sender for a new link.',
  linkExpiredTitle: 'This signing link has expired',
  linkExpiredText:
    'Links to sign are valid for a limited time. Ask the sender for a new link if you still need to sign.',
  networkTitle: 'The page could not load',
  networkError: 'We could not reach the signing service. Check your connection and try again.',
  serverError: 'Something went wrong on our side. Please try again in a moment.',
  tooMany: (seconds: number) =>
    `Too many attempts. Please wait ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and try again.`,
  retry: 'Try again',

  // the document summary
  summaryLabel: 'About the document',
  from: 'From',
  fieldCode: 'Document code',
  fieldPages: 'Pages',
  pageCount: (count: number) => `${count} ${count === 1 ? 'page' : 'pages'}`,
  fieldSignBy: 'Sign by',
  fieldFingerprint: 'Fingerprint (SHA-256)',
  fingerprintShow: 'Show the full fingerprint',
  fingerprintHelp:
    'The fingerprint identifies the exact file you are asked to sign. Anyone can later compare ' +
    'it with the document code on the verification page.',
  fingerprintChecked: 'Checked in your browser: the document shown here has exactly this fingerprint.',
  fingerprintMismatch:
    'The file received does not have the fingerprint stated for this document. Do not sign: ' +
    'reload the page, and if this persists contact the sender.',
  sentBy: (name: string) => `Sent by ${name}`,

  // not your turn
  notYourTurnTitle: 'Waiting for an earlier signer',
  notYourTurnText:
    'This document is signed in a set order, and someone before you has not signed yet. You ' +
    'will get an e-mail when it is your turn; you can also keep this page open, it updates by ' +
    'itself.',
  checkAgain: 'Check again',
  checking: 'Checking…',

  // authentication
  identifyTitle: 'Confirm who you are',
  identifyToDownloadTitle: 'Confirm who you are to download the signed copy',
  otpIntroDownload: (hint: string) =>
    `To download the signed copy, confirm your e-mail address. We will send a 6-digit code to ${hint}.`,
  oidcIntroDownload: (label: string) =>
    `To download the signed copy, confirm who you are with ${label}. You will come back here afterwards.`,
  otpIntro: (hint: string) => `To sign, first confirm your e-mail address. We will send a 6-digit code to ${hint}.`,
  otpSend: 'Send code',
  otpSending: 'Sending…',
  otpSent: (hint: string, minutes: number) =>
    `We sent a 6-digit code to ${hint}. It is valid for ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}. ` +
    'Check your spam folder if it does not arrive.',
  otpLabel: '6-digit code from the e-mail',
  otpHint: 'Only digits, for example 123456',
  otpSubmit: 'Confirm code',
  otpChecking: 'Checking the code…',
  otpIncomplete: 'Enter all 6 digits of the code.',
  otpWrong: (attemptsLeft: number | null) =>
    attemptsLeft === null
      ? 'That code is not right. Check that it is from the latest e-mail, or send a new code.'
      : attemptsLeft <= 0
        ? 'That code is not right, and there are no attempts left. Send a new code.'
        : `That code is not right. ${attemptsLeft} ${attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`,
  otpExpired: 'The code has expired or has been used up. Send a new code.',
  otpResend: 'Send a new code',
  otpResendIn: (seconds: number) => `Send a new code (available in ${seconds} s)`,
  otpLevelNote: 'Confirming your e-mail address is a simple verification of your identity.',
  oidcIntro: (label: string) => `To sign, confirm who you are with ${label}. You will come back here afterwards.`,
  oidcButton: (label: string) => `Continue with ${label}`,
  oidcFailed: 'Signing in did not succeed. Please try again.',
  oidcCancelled: 'Signing in was cancelled. Try again when you are ready.',
  oidcMismatch:
    'You signed in as someone other than the person this document is addressed to. Sign in with ' +
    'your own identity, or contact the sender.',
  sessionEnded: 'Your confirmation has expired. Please confirm who you are again.',

  // review and sign
  reviewTitle: 'Read the document',
  reviewIntro: 'Read every page before you sign. You can zoom with your fingers or your browser.',
  skipToSign: 'Go to signing',
  documentLoading: 'Loading the document…',
  documentPreparing: 'Preparing the pages…',
  documentFailed: 'The document could not be shown here.',
  openPdf: 'Open the PDF file',
  openPdfHint: 'Opens the exact file you are signing, for your own PDF reader or screen reader.',
  pagesLabel: (count: number) => `The document, ${count} ${count === 1 ? 'page' : 'pages'}`,
  pageLabel: (page: number, count: number) => `Page ${page} of ${count}`,
  signTitle: 'Sign',
  consentLegend: 'Your consent',
  consentCheckbox: 'I have read the document and agree to the text above',
  consentRequired: 'Tick the box to confirm that you have read the document and agree.',
  notReadyToSign: 'Wait until the document has loaded, so that you sign what you have seen.',
  signButton: 'Sign the document',
  signing: 'Signing…',
  signAs: (name: string) => `You sign as ${name}.`,
  documentChanged:
    'The document has changed since you opened it. It has been loaded again: please read it before you sign.',
  notPending: 'The document can no longer be signed.',
  declineOpen: 'Decline to sign',
  declineTitle: 'Decline to sign',
  declineIntro:
    'The sender is told that you declined, with your reason. The document can then no longer be signed by anyone.',
  declineLabel: 'Reason',
  declineHint: 'Required, at most 500 characters. The sender will see it.',
  declineCounter: (used: number, max: number) => `${used} of ${max} characters`,
  declineRequired: 'Write a short reason so the sender knows why.',
  declineTooLong: 'The reason is too long: at most 500 characters.',
  declineSubmit: 'Decline',
  declining: 'Declining…',
  declineCancel: 'Cancel',

  // after signing
  signedTitle: 'You have signed',
  signedAt: (date: string) => `Signed ${date}.`,
  waitingOthersTitle: 'Waiting for the other signers',
  waitingOthersText:
    'When everyone has signed, the document is sealed and you can download the signed copy ' +
    'here. You will also get an e-mail. You can close this page.',
  sealingTitle: 'Sealing the document…',
  sealingText: 'Everyone has signed. The signed copy is being sealed, which usually takes a few seconds.',
  completedTitle: 'The document is signed by everyone',
  completedText:
    'It is sealed, so any change to it can be detected. Keep the signed copy: it carries the ' +
    'code you can check on the verification page.',
  download: 'Download the signed copy (PDF)',
  verifyLink: 'See the document’s status',
  declinedTitle: 'You declined to sign',
  declinedText: 'The sender has been told. If you declined by mistake, contact the sender.',
  closedTitle: {
    declined: 'Someone declined to sign',
    expired: 'The signing deadline has passed',
    cancelled: 'The sender cancelled the signing',
    completed: 'The document is completed',
  },
  closedText: {
    declined: 'A signer declined, so the document can no longer be signed. Contact the sender if you have questions.',
    expired:
      'The document was not signed by everyone in time and can no longer be signed. Ask the ' +
      'sender if it should be sent again.',
    cancelled: 'The document can no longer be signed. Contact the sender if you have questions.',
    completed: 'There is nothing left for you to sign.',
  },
  closedAfterSigning: 'Your signature was recorded, but the document was not completed.',

  footer:
    'This signing link is personal: do not forward the e-mail. Segl records who signs, when and ' +
    'how, in the document’s audit trail.',
};
