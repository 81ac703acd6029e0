import type { Dictionary } from './dictionary.js';

export const nb: Dictionary = {
  locale: 'nb-NO',
  languageName: 'Norsk',
  languageLabel: 'Språk',
  brandTagline: 'Dokumentkontroll',
  pageTitle: 'Kontroller et signert dokument',
  intro:
    'Dokumenter signert med Segl har en kode nederst på hver side. Skriv den inn for å se ' +
    'status for dokumentet. Har du PDF-filen, kan du deretter kontrollere at den er ekte og se ' +
    'hvem som har signert.',
  codeLabel: 'Dokumentkode',
  codeHint: '16 bokstaver og sifre slik de står på dokumentet, for eksempel 7F3K-9QXM-2B8D-WT4N',
  codeSubmit: 'Kontroller kode',
  codeInvalid: 'Det er ikke en fullstendig kode. En kode har 16 bokstaver og sifre, for eksempel 7F3K-9QXM-2B8D-WT4N.',
  codeUnknown: 'Ingen dokumenter har denne koden. Kontroller at du skrev den nøyaktig slik den står på dokumentet.',
  checking: 'Kontrollerer …',
  networkError: 'Kontrollen kunne ikke fullføres. Sjekk nettforbindelsen og prøv igjen.',
  serverError: 'Noe gikk galt hos oss. Prøv igjen senere.',
  busy: (seconds) =>
    `Mange filer kontrolleres akkurat nå. Prøv igjen om ${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'}.`,
  tooMany: (seconds) => `For mange forsøk. Prøv igjen om ${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'}.`,
  statusHeading: 'Status',
  statusTitle: {
    draft: 'Ikke sendt til signering ennå',
    pending: 'Venter på signaturer',
    completed: 'Signert og forseglet',
    declined: 'Avslått',
    expired: 'Utløpt',
    cancelled: 'Avbrutt',
    deleted: 'Slettet',
  },
  statusText: {
    draft: 'Dokumentet er lastet opp, men ikke sendt til noen for signering ennå.',
    pending: 'Dokumentet er sendt til signering, og ikke alle har signert ennå.',
    completed: 'Alle har signert. Dokumentet er forseglet av utstederen, slik at enhver endring kan oppdages.',
    declined: 'En av signatarene avslo å signere. Dokumentet er ikke signert av alle.',
    expired: 'Fristen for signering gikk ut før alle hadde signert.',
    cancelled: 'Avsenderen avbrøt signeringen.',
    deleted: '',
  },
  signedOf: (signed, total) => `${signed} av ${total} har signert`,
  deletedText: (date) =>
    `Dokumentet ble slettet ${date}, normalt fordi oppbevaringstiden var over. Fingeravtrykket ` +
    `(SHA-256) er tatt vare på, slik at den som har en kopi fortsatt kan kontrollere at den er ` +
    `ekte.`,
  fieldCode: 'Kode',
  fieldStatus: 'Status',
  fieldSignatures: 'Signaturer',
  fieldCreated: 'Opprettet',
  fieldCompleted: 'Fullført',
  fieldLevel: 'Segl',
  signatureLevel: 'Nivå',
  fieldDeleted: 'Slettet',
  fieldFingerprint: 'Fingeravtrykk (SHA-256)',
  levelName: (level) =>
    level === 'B-LTA'
      ? 'Langtidsgyldig, med arkivtidsstempel (PAdES B-LTA)'
      : level === 'B-LT'
        ? 'Langtidsgyldig (PAdES B-LT)'
        : level === 'B-T'
          ? 'Med pålitelig tidsstempel (PAdES B-T)'
          : level === 'B-B'
            ? 'Grunnleggende (PAdES B-B)'
            : 'Ikke forseglet ennå',
  notYet: 'Ikke ennå',
  levelNone: 'Ingen',
  privacyNote: 'Ingen navn eller andre personopplysninger vises ut fra koden alene.',
  proofTitle: 'Er PDF-filen din den ekte?',
  proofIntro:
    'Velg eller slipp PDF-filen her. Nettleseren din beregner filens fingeravtrykk (SHA-256), ' +
    'og bare fingeravtrykket sendes: filen forlater aldri enheten din.',
  proofDeletedIntro:
    'Velg eller slipp kopien din. Nettleseren beregner fingeravtrykket og sammenligner det med ' +
    'det som ble tatt vare på etter slettingen: filen forlater aldri enheten din.',
  dropMain: 'Slipp PDF-filen her',
  dropChoose: 'eller velg en fil',
  dropSelected: (name) => `Valgt: ${name}`,
  notPdf: 'Det ser ikke ut som en PDF-fil. Velg PDF-filen du har mottatt.',
  hashing: 'Beregner fingeravtrykket …',
  matchTitle: 'Dette er det ekte, signerte dokumentet',
  matchText: 'Filen din er identisk, byte for byte, med dokumentet som ble utstedt med denne koden.',
  tombstoneMatchText:
    'Filen din har nøyaktig det fingeravtrykket som ble registrert for dokumentet før det ble slettet.',
  unsignedMatchTitle: 'Dette er det ekte dokumentet',
  unsignedMatchText:
    'Filen din er identisk med dokumentet som ble utstedt med denne koden. Det er ikke signert ' +
    'av alle ennå: se status over.',
  originalMatchTitle: 'Dette er originalen, uten signaturer',
  originalMatchText:
    'Filen din er dokumentet slik det ble lastet opp, før noen signerte. Det signerte ' +
    'dokumentet har signaturene og seglet lagt til: be avsenderen om den versjonen.',
  fieldTitle: 'Tittel',
  signersTitle: 'Signatarer',
  signerIdentifiedBy: 'Identifisert med',
  signerSignedAt: 'Signert',
  signerStatus: { pending: 'Ikke signert ennå', signed: 'Signert', declined: 'Avslått' },
  method: (method, provider) =>
    !method
      ? 'Ikke registrert'
      : method === 'email-otp'
        ? 'Engangskode sendt på e-post (enkel verifisering)'
        : method.startsWith('oidc:')
          ? `Elektronisk ID (${provider ?? method.slice(5)})`
          : method,
  noMatchTitle: 'Denne filen stemmer ikke',
  noMatchText:
    'Filen din er ikke dokumentet som ble utstedt med denne koden. Den kan være endret etter ' +
    'signering, være et tidligere utkast eller et annet dokument. Ikke stol på innholdet: be ' +
    'avsenderen om det signerte originaldokumentet.',
  yourFingerprint: 'Fingeravtrykket til filen din (SHA-256)',
  validateTitle: 'Valider signaturene i en hvilken som helst PDF',
  validateIntro:
    'Kontrollerer alle signaturer og tidsstempler i en PDF, også i dokumenter signert andre ' +
    'steder. Filen sendes til denne tjenesten for kontrollen og lagres ikke.',
  validating: 'Kontrollerer signaturene …',
  verdictTitle: { passed: 'Gyldig', failed: 'Ikke gyldig', indeterminate: 'Kunne ikke bekreftes' },
  verdictText: {
    passed: 'Alle signaturer er intakte og laget med et pålitelig sertifikat, og ingenting er endret etter signering.',
    failed: 'En signatur er brutt, eller dokumentet er endret etter at det ble signert.',
    indeterminate:
      'Signaturene er intakte, men minst ett sertifikat kommer fra en utsteder denne tjenesten ' +
      'ikke kjenner. Det er ikke en feil i dokumentet: kontroller det med utstederens egne ' +
      'verktøy.',
  },
  timestampedTitle: {
    passed: 'Tidsstemplet, ikke signert',
    failed: 'Ikke gyldig',
    indeterminate: 'Tidsstempelet kunne ikke bekreftes',
  },
  timestampedText:
    'Denne PDF-filen har bare dokumenttidsstempler. De beviser at filen fantes i denne formen ' +
    'på det tidspunktet, men ingen signatur eller segl sier hvem som står inne for innholdet.',
  limitText:
    'Filen ble ikke kontrollert helt: den er større eller mer sammensatt enn denne tjenesten ' +
    'kontrollerer. Kontroller den med et validerings­program på maskinen din.',
  noSignatures: 'Denne PDF-filen inneholder ingen signaturer.',
  knownDocument: (code, version) =>
    version === 'final'
      ? `Dette er det forseglede Segl-dokumentet med kode ${code}.`
      : `Dette er originalen til Segl-dokumentet med kode ${code}, slik den ble lastet opp før signering.`,
  knownDocumentLink: 'Se status',
  signatureKind: { signature: 'Signatur', 'doc-timestamp': 'Dokumenttidsstempel' },
  signatureStatus: { passed: 'Gyldig', failed: 'Ikke gyldig', indeterminate: 'Ukjent' },
  signedBy: 'Signert av',
  timestampedBy: 'Tidsstemplet av',
  time: 'Tidspunkt',
  certificate: 'Kontroll',
  trusted: 'Intakt, med et pålitelig sertifikat',
  unknownIssuer: 'Intakt; utstederen er ukjent for denne tjenesten (ukjent, ikke ugyldig)',
  brokenSignature: 'Brutt: signaturen stemmer ikke med innholdet',
  tamperedSignature: 'Brutt: selve signaturdataene er manipulert',
  revoked: 'Sertifikatet er tilbakekalt',
  changedAfter: 'Endret etter signering',
  changes: {
    none: 'Nei',
    'lta-updates': 'Nei: bare valideringsdata og tidsstempler er lagt til, slik langtidssignaturer gjør',
    permitted: 'Bare tillatte endringer: flere signaturer, eller det dokumentets sertifisering tillater',
    other: 'Ja: dokumentet er endret etter denne signaturen',
  },
  changeKind: {
    dss: 'Valideringsdata er lagt til',
    'doc-timestamp': 'Et dokumenttidsstempel er lagt til',
    extensions: 'Erklæringer om filen er oppdatert',
    signature: 'En signatur er lagt til',
    metadata: 'Dokumentinformasjonen (metadata) er endret',
    'form-fill': 'Skjemafelt er fylt ut',
    annotation: 'Merknader er lagt til, endret eller fjernet',
    'signed-bytes': 'Selve det signerte innholdet er endret',
    structure: 'Det er lagt til data som ikke er en ren oppdatering av filen',
    catalog: 'Dokumentets struktur (katalog) er endret',
    form: 'Skjemaet er endret',
    'form-field': 'Skjemafelt er endret',
    pages: 'Sider er lagt til, fjernet eller flyttet',
    page: 'Sider er endret',
    'page-content': 'Innholdet på sider er endret',
    resources: 'Grafikk som brukes på sidene er endret',
    font: 'Skrifter er endret',
    xobject: 'Bilder eller tegninger er endret',
    'optional-content': 'Lag som kan skjule innhold er endret',
    actions: 'Handlinger eller skript er endret',
    object: 'Andre deler av filen er endret',
  },
  onPages: (pages) =>
    pages.length === 1 ? `side ${pages[0]}` : `sidene ${pages.slice(0, 12).join(', ')}${pages.length > 12 ? ' …' : ''}`,
  unknownName: 'Ukjent',
  details: 'Tekniske detaljer',
  fileTooLarge: 'Filen er for stor til å kontrolleres her.',
  fileUnreadable: 'Denne filen kunne ikke leses som PDF.',
  footer:
    'Segl kontrollerer dokumenter utstedt av denne virksomheten. Tjenesten viser bare det koden og filen din beviser.',
};
