import type { Dictionary } from './dictionary.js';

export const nb: Dictionary = {
  locale: 'nb-NO',
  languageName: 'Norsk',
  languageLabel: 'Språk',
  brandTagline: 'Elektronisk signering',
  documentTitleFallback: 'Dokument til signering',
  pageTitle: (title) => `Signer: ${title}`,

  stepsLabel: 'Fremdrift',
  stepIdentify: 'Bekreft hvem du er',
  stepReview: 'Les og signer',
  stepDone: 'Ferdig',
  stepCurrent: '(nåværende steg)',
  stepCompleted: '(fullført)',

  loading: 'Åpner signeringslenken …',
  invalidTitle: 'Denne lenken virker ikke',
  invalidText:
    'Signeringslenken er ikke gyldig. Den kan være ufullstendig (sjekk at du åpnet hele lenken ' +
    'fra e-posten), eller avsenderen kan ha erstattet eller trukket den tilbake.',
  invalidAdvice: 'Hvis du fortsatt skal signere, be avsenderen om en ny lenke.',
  linkExpiredTitle: 'Signeringslenken har utløpt',
  linkExpiredText:
    'Lenker til signering gjelder en begrenset tid. Be avsenderen om en ny lenke hvis du fortsatt skal signere.',
  networkTitle: 'Siden kunne ikke lastes',
  networkError: 'Vi fikk ikke kontakt med signeringstjenesten. Sjekk nettforbindelsen og prøv igjen.',
  serverError: 'Noe gikk galt hos oss. Prøv igjen om litt.',
  tooMany: (seconds) => `For mange forsøk. Vent ${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'} og prøv igjen.`,
  retry: 'Prøv igjen',

  summaryLabel: 'Om dokumentet',
  from: 'Fra',
  fieldCode: 'Dokumentkode',
  fieldPages: 'Sider',
  pageCount: (count) => `${count} ${count === 1 ? 'side' : 'sider'}`,
  fieldSignBy: 'Signer innen',
  fieldFingerprint: 'Fingeravtrykk (SHA-256)',
  fingerprintShow: 'Vis hele fingeravtrykket',
  fingerprintHelp:
    'Fingeravtrykket identifiserer nøyaktig den filen du blir bedt om å signere. Hvem som helst ' +
    'kan senere sammenligne det med dokumentkoden på kontrollsiden.',
  fingerprintChecked: 'Kontrollert i nettleseren din: dokumentet som vises her, har nøyaktig dette fingeravtrykket.',
  fingerprintMismatch:
    'Filen som ble mottatt, har ikke fingeravtrykket som er oppgitt for dokumentet. Ikke ' +
    'signer: last inn siden på nytt, og kontakt avsenderen hvis feilen vedvarer.',
  sentBy: (name) => `Sendt av ${name}`,

  notYourTurnTitle: 'Venter på en tidligere signatar',
  notYourTurnText:
    'Dokumentet signeres i en bestemt rekkefølge, og noen før deg har ikke signert ennå. Du får ' +
    'en e-post når det er din tur. Du kan også la siden være åpen; den oppdaterer seg selv.',
  checkAgain: 'Sjekk igjen',
  checking: 'Sjekker …',

  identifyTitle: 'Bekreft hvem du er',
  identifyToDownloadTitle: 'Bekreft hvem du er for å laste ned det signerte dokumentet',
  otpIntroDownload: (hint) =>
    `For å laste ned den signerte kopien må du bekrefte e-postadressen din. Vi sender en sekssifret kode til ${hint}.`,
  oidcIntroDownload: (label) =>
    `For å laste ned den signerte kopien må du bekrefte hvem du er med ${label}. Du kommer tilbake hit etterpå.`,
  otpIntro: (hint) =>
    `For å signere må du først bekrefte e-postadressen din. Vi sender en sekssifret kode til ${hint}.`,
  otpSend: 'Send kode',
  otpSending: 'Sender …',
  otpSent: (hint, minutes) =>
    `Vi har sendt en sekssifret kode til ${hint}. Den gjelder i ${minutes} ${minutes === 1 ? 'minutt' : 'minutter'}. ` +
    'Sjekk søppelpostmappen hvis den ikke kommer.',
  otpLabel: 'Sekssifret kode fra e-posten',
  otpHint: 'Bare sifre, for eksempel 123456',
  otpSubmit: 'Bekreft kode',
  otpChecking: 'Kontrollerer koden …',
  otpIncomplete: 'Skriv inn alle seks sifrene i koden.',
  otpWrong: (attemptsLeft) =>
    attemptsLeft === null
      ? 'Koden er ikke riktig. Sjekk at den er fra den nyeste e-posten, eller send en ny kode.'
      : attemptsLeft <= 0
        ? 'Koden er ikke riktig, og du har ingen forsøk igjen. Send en ny kode.'
        : `Koden er ikke riktig. Du har ${attemptsLeft} forsøk igjen.`,
  otpExpired: 'Koden er utløpt eller brukt opp. Send en ny kode.',
  otpResend: 'Send ny kode',
  otpResendIn: (seconds) => `Send ny kode (mulig om ${seconds} s)`,
  otpLevelNote: 'Bekreftelse av e-postadressen er en enkel verifisering av identiteten din.',
  oidcIntro: (label) => `For å signere må du bekrefte hvem du er med ${label}. Du kommer tilbake hit etterpå.`,
  oidcButton: (label) => `Fortsett med ${label}`,
  oidcFailed: 'Innloggingen lyktes ikke. Prøv igjen.',
  oidcCancelled: 'Innloggingen ble avbrutt. Prøv igjen når du er klar.',
  oidcMismatch:
    'Du logget inn som en annen enn den dokumentet er sendt til. Logg inn med din egen ' +
    'identitet, eller kontakt avsenderen.',
  sessionEnded: 'Bekreftelsen din er utløpt. Bekreft hvem du er på nytt.',

  reviewTitle: 'Les dokumentet',
  reviewIntro: 'Les alle sidene før du signerer. Du kan zoome med fingrene eller i nettleseren.',
  skipToSign: 'Gå til signering',
  documentLoading: 'Laster inn dokumentet …',
  documentPreparing: 'Klargjør sidene …',
  documentFailed: 'Dokumentet kunne ikke vises her.',
  openPdf: 'Åpne PDF-filen',
  openPdfHint: 'Åpner nøyaktig den filen du signerer, i din egen PDF-leser eller skjermleser.',
  pagesLabel: (count) => `Dokumentet, ${count} ${count === 1 ? 'side' : 'sider'}`,
  pageLabel: (page, count) => `Side ${page} av ${count}`,
  signTitle: 'Signer',
  consentLegend: 'Ditt samtykke',
  consentCheckbox: 'Jeg har lest dokumentet og godtar teksten ovenfor',
  consentRequired: 'Kryss av i boksen for å bekrefte at du har lest dokumentet og godtar.',
  notReadyToSign: 'Vent til dokumentet er lastet inn, slik at du signerer det du har sett.',
  signButton: 'Signer dokumentet',
  signing: 'Signerer …',
  signAs: (name) => `Du signerer som ${name}.`,
  documentChanged: 'Dokumentet er endret siden du åpnet det. Det er lastet inn på nytt: les det før du signerer.',
  notPending: 'Dokumentet kan ikke lenger signeres.',
  declineOpen: 'Avslå å signere',
  declineTitle: 'Avslå å signere',
  declineIntro:
    'Avsenderen får beskjed om at du har avslått, med begrunnelsen din. Deretter kan ingen signere dokumentet.',
  declineLabel: 'Begrunnelse',
  declineHint: 'Påkrevd, høyst 500 tegn. Avsenderen ser den.',
  declineCounter: (used, max) => `${used} av ${max} tegn`,
  declineRequired: 'Skriv en kort begrunnelse, slik at avsenderen vet hvorfor.',
  declineTooLong: 'Begrunnelsen er for lang: høyst 500 tegn.',
  declineSubmit: 'Avslå',
  declining: 'Avslår …',
  declineCancel: 'Avbryt',

  signedTitle: 'Du har signert',
  signedAt: (date) => `Signert ${date}.`,
  waitingOthersTitle: 'Venter på de andre signatarene',
  waitingOthersText:
    'Når alle har signert, blir dokumentet forseglet, og du kan laste ned den signerte kopien ' +
    'her. Du får også en e-post. Du kan lukke denne siden.',
  sealingTitle: 'Forsegler dokumentet …',
  sealingText: 'Alle har signert. Den signerte kopien forsegles nå, noe som vanligvis tar noen sekunder.',
  completedTitle: 'Dokumentet er signert av alle',
  completedText:
    'Det er forseglet, slik at enhver endring kan oppdages. Ta vare på den signerte kopien: den ' +
    'har koden du kan kontrollere på kontrollsiden.',
  download: 'Last ned den signerte kopien (PDF)',
  verifyLink: 'Se status for dokumentet',
  declinedTitle: 'Du har avslått å signere',
  declinedText: 'Avsenderen har fått beskjed. Hvis du avslo ved en feil, kontakt avsenderen.',
  closedTitle: {
    declined: 'Noen har avslått å signere',
    expired: 'Fristen for signering har gått ut',
    cancelled: 'Avsenderen har avbrutt signeringen',
    completed: 'Dokumentet er fullført',
  },
  closedText: {
    declined: 'En signatar avslo, så dokumentet kan ikke lenger signeres. Kontakt avsenderen hvis du har spørsmål.',
    expired:
      'Dokumentet ble ikke signert av alle i tide og kan ikke lenger signeres. Spør avsenderen om ' +
      'det skal sendes på nytt.',
    cancelled: 'Dokumentet kan ikke lenger signeres. Kontakt avsenderen hvis du har spørsmål.',
    completed: 'Det er ikke noe mer for deg å signere.',
  },
  closedAfterSigning: 'Signaturen din ble registrert, men dokumentet ble ikke fullført.',

  footer:
    'Signeringslenken er personlig: ikke videresend e-posten. Segl registrerer hvem som ' +
    'signerer, når og hvordan, i dokumentets hendelseslogg.',
};
