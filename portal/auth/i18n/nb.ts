import type { Dictionary } from './dictionary.js';

const minutter = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

export const nb: Dictionary = {
  locale: 'nb-NO',
  languageName: 'Norsk',
  languageLabel: 'Språk',
  tagline: 'Elektronisk signering',
  loading: 'Laster …',
  titles: { setup: 'Sett opp Segl', enrol: 'Bli med i Segl', login: 'Logg inn i Segl' },
  leads: {
    setup: 'Du oppretter den første administratoren for denne Segl-installasjonen. Det tar tre korte steg.',
    enrol: 'Du er invitert til Segl. Velg et passord og koble til en autentiseringsapp: tre korte steg.',
    login: 'Ansatte logger inn med passord og en kode fra autentiseringsappen.',
  },
  stepOf: (step, total) => `Steg ${step} av ${total}`,
  stepNames: ['Kontoen din', 'Autentiserings\u00adapp', 'Reserve\u00adkoder'],
  progressLabel: 'Fremdrift',
  stepDone: 'fullført',
  stepCurrent: 'nåværende steg',

  linkDeadTitle: 'Denne lenken virker ikke',
  linkDeadSetup:
    'Oppsettslenken er brukt eller erstattet. Hvis ingen har satt opp Segl ennå, start Segl på nytt og åpne den ' +
    'nye lenken som skrives ut. Finnes det allerede en administrator, logg inn i stedet.',
  linkDeadEnrol: 'Invitasjonslenken er ukjent, allerede brukt eller utløpt. Be en administrator om en ny.',
  goToLogin: 'Gå til innlogging',

  accountTitle: 'Kontoen din',
  joiningAs: 'Du blir med som',
  emailLabel: 'E-postadresse',
  nameLabel: 'Navnet ditt',
  passwordNewLabel: 'Velg et passord',
  passwordHint: (min) => `Minst ${min} tegn. En setning på noen få ord er lett å huske og vanskelig å gjette.`,
  passwordAgainLabel: 'Gjenta passordet',
  continue: 'Fortsett',
  working: 'Et øyeblikk …',

  totpTitle: 'Koble til autentiseringsappen',
  totpIntro:
    'Åpne en autentiseringsapp på telefonen (for eksempel Microsoft Authenticator, Google Authenticator, ' +
    '1Password eller FreeOTP) og skann denne QR-koden.',
  qrLabel: (account) => `QR-kode som legger Segl (${account}) til i en autentiseringsapp`,
  cannotScan: 'Får du ikke skannet? Skriv inn denne nøkkelen i appen i stedet:',
  secretLabel: 'Nøkkel til autentiseringsappen',
  copyKey: 'Kopier nøkkelen',
  openInApp: 'På denne telefonen? Åpne i autentiseringsappen',
  codeLabel: 'Den 6-sifrede koden appen viser nå',
  confirm: 'Bekreft',

  codesTitle: 'Ta vare på reservekodene',
  codesIntro:
    'Mister du telefonen, logger hver av disse kodene deg inn én gang i stedet for koden fra appen. Oppbevar dem ' +
    'trygt, ikke på telefonen. De vises bare nå.',
  codesListLabel: 'Reservekodene dine',
  copyCodes: 'Kopier kodene',
  downloadCodes: 'Last ned som tekstfil',
  copied: 'Kopiert',
  copyFailed: 'Kunne ikke kopiere: kodene er merket, trykk Ctrl+C (eller ⌘C)',
  downloaded: 'Lastet ned',
  codesFileHeading: (email, date) => `Reservekoder for Segl, ${email} (${date})`,
  codesFileHint: 'Hver kode logger deg inn én gang i stedet for koden fra autentiseringsappen. Oppbevar filen trygt.',
  savedCheck: 'Jeg har tatt vare på reservekodene',
  savedRequired: 'Kryss av når du har tatt vare på kodene: du får ikke se dem igjen.',
  openSegl: 'Fortsett til Segl',

  passwordLabel: 'Passord',
  signIn: 'Logg inn',
  signingIn: 'Logger inn …',
  or: 'eller',
  ssoButton: (name) => `Logg inn med ${name}`,
  forgotHint:
    'Glemt passordet, eller mistet både telefonen og reservekodene? Be en administrator om en ny ' +
    'registreringslenke.',
  codeTitle: 'Skriv inn koden fra autentiseringsappen',
  codeIntro: 'Åpne autentiseringsappen på telefonen og skriv inn den 6-sifrede koden den viser for Segl.',
  loginCodeLabel: '6-sifret kode',
  recoveryTitle: 'Bruk en reservekode',
  recoveryIntro: 'Skriv inn en av reservekodene du tok vare på da du satte opp kontoen. Hver kode virker én gang.',
  recoveryLabel: 'Reservekode',
  useRecovery: 'Mistet telefonen? Bruk en reservekode',
  useAuthenticator: 'Bruk autentiseringsappen i stedet',
  startAgain: 'Begynn på nytt',
  recoveredTitle: 'Du er logget inn med en reservekode',
  recoveredLeft: (count) => `Du har ${count} ${count === 1 ? 'reservekode' : 'reservekoder'} igjen.`,
  recoveredAdvice:
    'Er telefonen borte for godt, be en administrator om en ny registreringslenke: da setter du opp ' +
    'autentiseringsappen på nytt og får nye reservekoder.',
  recoveredNone: 'Du har ingen reservekoder igjen. Be en administrator om en ny registreringslenke før du logger ut.',

  errors: {
    network: 'Vi fikk ikke kontakt med Segl. Sjekk nettforbindelsen og prøv igjen.',
    server: 'Noe gikk galt hos oss. Prøv igjen om litt.',
    tooManySoon: (seconds) =>
      `For mange forsøk. Vent ${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'} og prøv igjen.`,
    tooManyLocked: (seconds) =>
      `For mange mislykkede forsøk, så innlogging er stengt i omtrent ${minutter(seconds)} ` +
      `${minutter(seconds) === 1 ? 'minutt' : 'minutter'}. ` +
      'Prøv igjen da, eller be en administrator låse opp kontoen din.',
    wrongPassword: 'E-postadressen eller passordet er feil. Sjekk begge og prøv igjen.',
    wrongCode:
      'Koden er feil, eller den er allerede brukt. Vent på neste kode og prøv igjen. Hvis det fortsatt ikke ' +
      'virker, sjekk at telefonen stiller klokken automatisk.',
    wrongRecovery: 'Reservekoden er feil, eller den er allerede brukt.',
    wrongEnrolCode:
      'Koden er feil. Sjekk at du skannet QR-koden på denne siden, og at telefonen stiller klokken automatisk.',
    sessionExpired: 'Innloggingen tok for lang tid. Skriv inn e-postadresse og passord på nytt.',
    startOver: 'Noe endret seg i mellomtiden. Begynn på nytt fra første steg.',
    emailTaken: 'Det finnes allerede en konto med denne e-postadressen.',
    emailInvalid: 'Skriv en e-postadresse, for eksempel navn@eksempel.no.',
    emailRequired: 'Skriv inn e-postadressen din.',
    nameRequired: 'Skriv inn navnet ditt.',
    passwordRequired: 'Skriv inn passordet ditt.',
    passwordShort: (min) => `Passordet må ha minst ${min} tegn.`,
    passwordLong: (max) => `Passordet kan ha høyst ${max} tegn.`,
    passwordsDiffer: 'De to passordene er ikke like.',
    codeFormat: 'Skriv de 6 sifrene appen viser, uten mellomrom.',
    recoveryFormat: 'Skriv inn en reservekode: bokstaver og tall, slik du lagret den.',
    otherSite: 'Forespørselen kom fra et annet nettsted og ble avvist. Åpne denne siden direkte og prøv igjen.',
    checkInput: 'Noe av det du skrev ble ikke godtatt. Sjekk feltene og prøv igjen.',
    accountDisabled: 'Denne kontoen er deaktivert. Spør en administrator.',
    ssoFailed: 'Innloggingen med felles pålogging lyktes ikke. Prøv igjen, eller logg inn med passord.',
    ssoNoAccount:
      'Kontoen din for felles pålogging er ikke koblet til en Segl-konto. Be en administrator invitere deg med ' +
      'denne e-postadressen.',
    ssoUnavailable:
      'Tjenesten for felles pålogging svarer ikke akkurat nå. Prøv igjen senere, eller logg inn med passord.',
    ssoNotConfigured: 'Felles pålogging er ikke satt opp på denne installasjonen. Logg inn med passord.',
    ssoTooMany: 'For mange innloggingsforsøk. Vent noen minutter og prøv igjen.',
  },
  noscript: 'Denne siden trenger JavaScript.',
};
