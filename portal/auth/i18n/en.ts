/**
 * Every text of the sign-in pages (setup, enrolment, login, recovery) in English. `Dictionary` (dictionary.ts) is
 * derived from this object, so the bokmål dictionary must have exactly these keys with the same shapes. Errors are
 * always said in these words, never as the API's codes.
 */
const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

export const en = {
  locale: 'en-GB',
  languageName: 'English',
  languageLabel: 'Language',
  tagline: 'Document signing',
  loading: 'Loading…',
  titles: { setup: 'Set up Segl', enrol: 'Join Segl', login: 'Sign in to Segl' },
  leads: {
    setup: 'You are creating the first administrator of this Segl appliance. It takes three short steps.',
    enrol: 'You have been invited to Segl. Choose a password and connect an authenticator app: three short steps.',
    login: 'Staff sign in with a password and a code from their authenticator app.',
  },
  stepOf: (step: number, total: number) => `Step ${step} of ${total}`,
  stepNames: ['Your account', 'Authenticator app', 'Recovery codes'],
  progressLabel: 'Progress',
  stepDone: 'done',
  stepCurrent: 'current step',

  // link states
  linkDeadTitle: 'This link does not work',
  linkDeadSetup:
    'This setup link has been used or replaced. If nobody has set up Segl yet, restart Segl and open the new link ' +
    'it prints. If an administrator exists already, sign in instead.',
  linkDeadEnrol: 'This invitation link is unknown, has been used or has expired. Ask an administrator for a new one.',
  goToLogin: 'Go to sign-in',

  // step 1: account
  accountTitle: 'Your account',
  joiningAs: 'You are joining as',
  emailLabel: 'E-mail address',
  nameLabel: 'Your name',
  passwordNewLabel: 'Choose a password',
  passwordHint: (min: number) =>
    `At least ${min} characters. A sentence of a few words is easy to remember and hard to guess.`,
  passwordAgainLabel: 'Repeat the password',
  continue: 'Continue',
  working: 'One moment…',

  // step 2: authenticator
  totpTitle: 'Connect your authenticator app',
  totpIntro:
    'Open an authenticator app on your phone (for example Microsoft Authenticator, Google Authenticator, ' +
    '1Password or FreeOTP) and scan this QR code.',
  qrLabel: (account: string) => `QR code that adds Segl (${account}) to an authenticator app`,
  cannotScan: 'Cannot scan? Type this key into the app instead:',
  secretLabel: 'Key for the authenticator app',
  copyKey: 'Copy the key',
  openInApp: 'On this phone? Open it in the authenticator app',
  codeLabel: 'The 6-digit code the app shows now',
  confirm: 'Confirm',

  // step 3: recovery codes
  codesTitle: 'Save your recovery codes',
  codesIntro:
    'If you lose your phone, each of these codes signs you in once instead of the authenticator code. Keep them ' +
    'somewhere safe, away from your phone. They are shown only now.',
  codesListLabel: 'Your recovery codes',
  copyCodes: 'Copy the codes',
  downloadCodes: 'Download as a text file',
  copied: 'Copied',
  copyFailed: 'Could not copy: the codes are selected, press Ctrl+C (or ⌘C)',
  downloaded: 'Downloaded',
  codesFileHeading: (email: string, date: string) => `Segl recovery codes for ${email} (${date})`,
  codesFileHint: 'Each code signs you in once instead of the authenticator code. Keep this file safe.',
  savedCheck: 'I have saved my recovery codes',
  savedRequired: 'Tick the box once you have saved the codes: you will not see them again.',
  openSegl: 'Continue to Segl',

  // login
  passwordLabel: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  or: 'or',
  ssoButton: (name: string) => `Sign in with ${name}`,
  forgotHint:
    'Forgot your password, or lost both your phone and your recovery codes? Ask an administrator for a new ' +
    'enrolment link.',
  codeTitle: 'Enter the code from your authenticator app',
  codeIntro: 'Open the authenticator app on your phone and type the 6-digit code it shows for Segl.',
  loginCodeLabel: '6-digit code',
  recoveryTitle: 'Use a recovery code',
  recoveryIntro: 'Type one of the recovery codes you saved when you set up your account. Each code works once.',
  recoveryLabel: 'Recovery code',
  useRecovery: 'Lost your phone? Use a recovery code',
  useAuthenticator: 'Use the authenticator app instead',
  startAgain: 'Start again',
  recoveredTitle: 'You are signed in with a recovery code',
  recoveredLeft: (count: number) => `You have ${count} recovery ${count === 1 ? 'code' : 'codes'} left.`,
  recoveredAdvice:
    'If your phone is lost for good, ask an administrator for a new enrolment link: you will set up the ' +
    'authenticator again and get new recovery codes.',
  recoveredNone: 'You have no recovery codes left. Ask an administrator for a new enrolment link before you sign out.',

  // what went wrong, in plain words
  errors: {
    network: 'We could not reach Segl. Check your connection and try again.',
    server: 'Something went wrong on our side. Please try again in a moment.',
    tooManySoon: (seconds: number) =>
      `Too many attempts. Wait ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and try again.`,
    tooManyLocked: (seconds: number) =>
      `Too many failed attempts, so signing in is paused for about ${minutes(seconds)} ` +
      `${minutes(seconds) === 1 ? 'minute' : 'minutes'}. ` +
      'Try again then, or ask an administrator to unlock your account.',
    wrongPassword: 'The e-mail address or the password is not right. Check both and try again.',
    wrongCode:
      'That code is not right, or it has been used already. Wait for the next code and try again. If it keeps ' +
      'failing, check that your phone sets its clock automatically.',
    wrongRecovery: 'That recovery code is not right, or it has been used already.',
    wrongEnrolCode:
      'That code is not right. Check that you scanned the QR code on this page, and that your phone sets its ' +
      'clock automatically.',
    sessionExpired: 'Your sign-in took too long. Enter your e-mail address and password again.',
    startOver: 'Something changed in the meantime. Please start again from the first step.',
    emailTaken: 'An account with this e-mail address exists already.',
    emailInvalid: 'Enter an e-mail address such as name@example.org.',
    emailRequired: 'Enter your e-mail address.',
    nameRequired: 'Enter your name.',
    passwordRequired: 'Enter your password.',
    passwordShort: (min: number) => `The password needs at least ${min} characters.`,
    passwordLong: (max: number) => `The password can have at most ${max} characters.`,
    passwordsDiffer: 'The two passwords are not the same.',
    codeFormat: 'Enter the 6 digits the app shows, without spaces.',
    recoveryFormat: 'Enter a recovery code: letters and digits, as you saved it.',
    otherSite: 'The request came from another website, so it was refused. Open this page directly and try again.',
    checkInput: 'Something you entered was not accepted. Check the fields and try again.',
    accountDisabled: 'This account is disabled. Ask an administrator.',
    ssoFailed: 'Single sign-on did not succeed. Try again, or sign in with your password.',
    ssoNoAccount:
      'Your single sign-on account is not linked to a Segl account. Ask an administrator to invite you with this ' +
      'e-mail address.',
    ssoUnavailable:
      'The single sign-on service cannot be reached right now. Try again later, or sign in with your password.',
    ssoNotConfigured: 'Single sign-on is not set up on this appliance. Sign in with your password.',
    ssoTooMany: 'Too many sign-in attempts. Wait a few minutes and try again.',
  },
  noscript: 'This page needs JavaScript.',
};
