import type { MailLanguage } from './mailer.js';

const pad = (value: number) => String(value).padStart(2, '0');

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NB_MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];

/** English is the reference: its shape is the dictionary type, so a key missing in another language is a type error. */
const en = {
  /** `27 November 2026, 10:15 UTC` */
  formatDate: (date: Date) => `${date.getUTCDate()} ${EN_MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`,
  greeting: (name: string) => `Hello ${name},`,
  footer: 'This message was sent by Segl, a document-signing service.',
  facts: { document: 'Document', sender: 'From', code: 'Document code', expires: 'Link expires' },
  invitation: {
    subject: (p: { documentTitle: string }) => `You are invited to sign “${p.documentTitle}”`,
    subjectTurn: (p: { documentTitle: string }) => `It is your turn to sign “${p.documentTitle}”`,
    intro: (p: { senderName: string; documentTitle: string }) => `${p.senderName} has invited you to sign the document “${p.documentTitle}”.`,
  },
  reminder: {
    subject: (p: { documentTitle: string }) => `Reminder: “${p.documentTitle}” is waiting for your signature`,
    subjectTurn: (p: { documentTitle: string }) => `Reminder: it is your turn to sign “${p.documentTitle}”`,
    intro: (p: { senderName: string; documentTitle: string }) =>
      `This is a reminder that ${p.senderName} has asked you to sign the document “${p.documentTitle}”. You have not signed it yet.`,
  },
  signingRequest: {
    turn: 'Everyone who signs before you has signed. It is now your turn.',
    action: 'Open the document to read and sign it:',
    personal: 'This link is personal. Do not forward it or this e-mail: whoever has the link can open the document in your name.',
    footer: (p: { senderName: string }) => `Sent by Segl on behalf of ${p.senderName}. If you were not expecting this message, you can ignore it.`,
  },
  otp: {
    subject: (p: { documentTitle: string }) => `Your one-time code for signing “${p.documentTitle}”`,
    intro: (p: { documentTitle: string }) => `Use this one-time code to confirm that it is you and continue signing “${p.documentTitle}”:`,
    validity: (p: { minutes: number }) => `The code is valid for ${p.minutes} ${p.minutes === 1 ? 'minute' : 'minutes'} and can be used only once.`,
    neverShare: 'Never share this code with anyone. Nobody from Segl or from the sender will ever ask you for it.',
    notRequested: 'If you did not ask for this code, do not use it, and tell the sender of the document: someone else may have your signing link.',
  },
  signingComplete: {
    subject: (p: { documentTitle: string }) => `“${p.documentTitle}” has been signed by everyone`,
    intro: (p: { documentTitle: string; documentCode: string }) =>
      `Everyone has signed the document “${p.documentTitle}”. The signed PDF is sealed: every page carries the document code ${p.documentCode}, and the audit trail is at the end of the document.`,
    download: 'Download the signed document:',
    verify: 'Anyone who has the document can check it at any time here:',
    keepCopy: 'Keep a copy of the signed PDF. The document is deleted from Segl according to the sender’s retention rules.',
  },
};

export type MailDictionary = typeof en;

const nb: MailDictionary = {
  /** `27. november 2026 kl. 10.15 (UTC)` */
  formatDate: (date: Date) => `${date.getUTCDate()}. ${NB_MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} kl. ${pad(date.getUTCHours())}.${pad(date.getUTCMinutes())} (UTC)`,
  greeting: (name: string) => `Hei ${name},`,
  footer: 'Denne e-posten er sendt fra Segl, en tjeneste for elektronisk signering.',
  facts: { document: 'Dokument', sender: 'Avsender', code: 'Dokumentkode', expires: 'Lenken utløper' },
  invitation: {
    subject: (p) => `Du er invitert til å signere «${p.documentTitle}»`,
    subjectTurn: (p) => `Det er din tur til å signere «${p.documentTitle}»`,
    intro: (p) => `${p.senderName} har invitert deg til å signere dokumentet «${p.documentTitle}».`,
  },
  reminder: {
    subject: (p) => `Påminnelse: «${p.documentTitle}» venter på signaturen din`,
    subjectTurn: (p) => `Påminnelse: Det er din tur til å signere «${p.documentTitle}»`,
    intro: (p) => `Dette er en påminnelse om at ${p.senderName} har bedt deg om å signere dokumentet «${p.documentTitle}». Du har ikke signert ennå.`,
  },
  signingRequest: {
    turn: 'Alle som skal signere før deg, har signert. Nå er det din tur.',
    action: 'Åpne dokumentet for å lese og signere det:',
    personal: 'Lenken er personlig. Ikke videresend den eller denne e-posten: Den som har lenken, kan åpne dokumentet i ditt navn.',
    footer: (p) => `Sendt fra Segl på vegne av ${p.senderName}. Hvis du ikke ventet denne e-posten, kan du se bort fra den.`,
  },
  otp: {
    subject: (p) => `Engangskode for signering av «${p.documentTitle}»`,
    intro: (p) => `Bruk denne engangskoden for å bekrefte at det er deg, og fortsette signeringen av «${p.documentTitle}»:`,
    validity: (p) => `Koden er gyldig i ${p.minutes} ${p.minutes === 1 ? 'minutt' : 'minutter'} og kan bare brukes én gang.`,
    neverShare: 'Del aldri koden med noen. Ingen fra Segl eller fra avsenderen vil noen gang be deg om den.',
    notRequested: 'Hvis du ikke har bedt om denne koden, skal du ikke bruke den. Gi beskjed til avsenderen av dokumentet – noen andre kan ha fått tak i signeringslenken din.',
  },
  signingComplete: {
    subject: (p) => `«${p.documentTitle}» er signert av alle`,
    intro: (p) =>
      `Alle har signert dokumentet «${p.documentTitle}». Den signerte PDF-filen er forseglet: Hver side er merket med dokumentkoden ${p.documentCode}, og signeringsloggen ligger til slutt i dokumentet.`,
    download: 'Last ned det signerte dokumentet:',
    verify: 'Alle som har dokumentet, kan når som helst kontrollere det her:',
    keepCopy: 'Ta vare på en kopi av den signerte PDF-filen. Dokumentet slettes fra Segl etter avsenderens regler for oppbevaring.',
  },
};

const DICTIONARIES: Record<MailLanguage, MailDictionary> = { en, nb };

export function dictionaryFor(language: MailLanguage): MailDictionary {
  return DICTIONARIES[language] ?? en;
}
