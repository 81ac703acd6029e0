import type { MailLanguage } from './mailer.js';

/** English is the reference: its shape is the dictionary type, so a key missing in another language is a type error. */
const en = {
  greeting: (name: string) => `Hello ${name},`,
  footer: 'This message was sent by Segl, a document-signing service.',
  facts: {
    document: 'Document',
    sender: 'From',
    code: 'Document code',
    expires: 'Sign by',
    signer: 'Signer',
    reason: 'Reason',
    progress: 'Signed so far',
  },
  buttonHint: 'If the button does not work, open this address:',
  invitation: {
    subject: (p: { documentTitle: string }) => `You are invited to sign “${p.documentTitle}”`,
    subjectTurn: (p: { documentTitle: string }) => `It is your turn to sign “${p.documentTitle}”`,
    intro: (p: { senderName: string; documentTitle: string }) =>
      `${p.senderName} has invited you to sign the document “${p.documentTitle}”.`,
  },
  reminder: {
    subject: (p: { documentTitle: string }) => `Reminder: “${p.documentTitle}” is waiting for your signature`,
    subjectTurn: (p: { documentTitle: string }) => `Reminder: it is your turn to sign “${p.documentTitle}”`,
    intro: (p: { senderName: string; documentTitle: string }) =>
      `This is a reminder that ${p.senderName} has asked you to sign the document “${p.documentTitle}”. ` +
      'You have not signed it yet.',
  },
  signingRequest: {
    turn: 'Everyone who signs before you has signed. It is now your turn.',
    action: 'Read and sign',
    personal:
      'This link is personal. Do not forward it or this e-mail: whoever has the link can open the ' +
      'document in your name.',
    footer: (p: { senderName: string }) =>
      `Sent by Segl on behalf of ${p.senderName}. If you were not expecting this message, you can ignore it.`,
  },
  otp: {
    subject: (p: { documentTitle: string }) => `Your one-time code for signing “${p.documentTitle}”`,
    intro: (p: { documentTitle: string }) =>
      `Use this one-time code to confirm that it is you and continue signing “${p.documentTitle}”:`,
    validity: (p: { minutes: number }) =>
      `The code is valid for ${p.minutes} ${p.minutes === 1 ? 'minute' : 'minutes'} and can be used only once.`,
    neverShare: 'Never share this code with anyone. Nobody from Segl or from the sender will ever ask you for it.',
    notRequested:
      'If you did not ask for this code, do not use it, and tell the sender of the document: ' +
      'someone else may have your signing link.',
  },
  signingComplete: {
    subject: (p: { documentTitle: string }) => `“${p.documentTitle}” has been signed by everyone`,
    intro: (p: { documentTitle: string; documentCode: string }) =>
      `Everyone has signed the document “${p.documentTitle}”. The signed PDF is sealed: every ` +
      `page carries the document code ${p.documentCode}, and the audit trail is at the end of the ` +
      `document.`,
    download: 'Download the signed document',
    downloadSigner: 'Sign in again with the same e-mail address or identity, for 30 days, to download it.',
    downloadStaff: 'Open the document in Segl to download it.',
    attached: 'The signed PDF is attached to this e-mail.',
    verify: 'Anyone who has the document can check it at any time here:',
    keepCopy:
      'Keep a copy of the signed PDF. The document is deleted from Segl according to the sender’s retention rules.',
  },
  notice: {
    signedSubject: (p: { documentTitle: string; signerName: string }) =>
      `${p.signerName} has signed “${p.documentTitle}”`,
    signedIntro: (p: { documentTitle: string; signerName: string; signed: number; total: number }) =>
      p.signed === p.total
        ? `${p.signerName} has signed “${p.documentTitle}”. Everyone has signed: the sealed document ` +
          `follows in a separate e-mail.`
        : `${p.signerName} has signed “${p.documentTitle}”. ${p.signed} of ${p.total} signers have signed.`,
    declinedSubject: (p: { documentTitle: string; signerName: string }) =>
      `${p.signerName} declined to sign “${p.documentTitle}”`,
    declinedIntro: (p: { documentTitle: string; signerName: string }) =>
      `${p.signerName} declined to sign “${p.documentTitle}”. The document is closed and can no longer be signed.`,
    expiredSubject: (p: { documentTitle: string }) => `“${p.documentTitle}” expired before everyone signed`,
    expiredIntro: (p: { documentTitle: string; signed: number; total: number }) =>
      `The deadline for “${p.documentTitle}” has passed. ${p.signed} of ${p.total} signers had ` +
      `signed; the links no longer work. Upload the document again to start anew.`,
    failedSubject: (p: { documentTitle: string }) => `“${p.documentTitle}” could not be sealed`,
    failedIntro: (p: { documentTitle: string }) =>
      `Everyone has signed “${p.documentTitle}”, but Segl could not seal the final document. The ` +
      `signatures are recorded; ask your administrator to look at the appliance’s log. You may ` +
      `withdraw the document.`,
    open: 'Open the document in Segl',
    cancelledSubject: (p: { documentTitle: string }) => `“${p.documentTitle}” was withdrawn`,
    cancelledIntro: (p: { documentTitle: string; senderName: string }) =>
      `${p.senderName} has withdrawn the document “${p.documentTitle}”. You no longer need to ` +
      `sign it, and your signing link no longer works.`,
    cancelledReason: 'The sender’s reason:',
    footer: 'This message was sent by Segl, a document-signing service.',
  },
};

export type MailDictionary = typeof en;

const nb: MailDictionary = {
  greeting: (name: string) => `Hei ${name},`,
  footer: 'Denne e-posten er sendt fra Segl, en tjeneste for elektronisk signering.',
  facts: {
    document: 'Dokument',
    sender: 'Avsender',
    code: 'Dokumentkode',
    expires: 'Signer innen',
    signer: 'Underskriver',
    reason: 'Begrunnelse',
    progress: 'Signert så langt',
  },
  buttonHint: 'Hvis knappen ikke virker, åpne denne adressen:',
  invitation: {
    subject: (p) => `Du er invitert til å signere «${p.documentTitle}»`,
    subjectTurn: (p) => `Det er din tur til å signere «${p.documentTitle}»`,
    intro: (p) => `${p.senderName} har invitert deg til å signere dokumentet «${p.documentTitle}».`,
  },
  reminder: {
    subject: (p) => `Påminnelse: «${p.documentTitle}» venter på signaturen din`,
    subjectTurn: (p) => `Påminnelse: Det er din tur til å signere «${p.documentTitle}»`,
    intro: (p) =>
      `Dette er en påminnelse om at ${p.senderName} har bedt deg om å signere dokumentet «${p.documentTitle}». ` +
      'Du har ikke signert ennå.',
  },
  signingRequest: {
    turn: 'Alle som skal signere før deg, har signert. Nå er det din tur.',
    action: 'Les og signer',
    personal:
      'Lenken er personlig. Ikke videresend den eller denne e-posten: Den som har lenken, kan ' +
      'åpne dokumentet i ditt navn.',
    footer: (p) =>
      `Sendt fra Segl på vegne av ${p.senderName}. Hvis du ikke ventet denne e-posten, kan du se bort fra den.`,
  },
  otp: {
    subject: (p) => `Engangskode for signering av «${p.documentTitle}»`,
    intro: (p) =>
      `Bruk denne engangskoden for å bekrefte at det er deg, og fortsette signeringen av «${p.documentTitle}»:`,
    validity: (p) =>
      `Koden er gyldig i ${p.minutes} ${p.minutes === 1 ? 'minutt' : 'minutter'} og kan bare brukes én gang.`,
    neverShare: 'Del aldri koden med noen. Ingen fra Segl eller fra avsenderen vil noen gang be deg om den.',
    notRequested:
      'Hvis du ikke har bedt om denne koden, skal du ikke bruke den. Gi beskjed til avsenderen av ' +
      'dokumentet – noen andre kan ha fått tak i signeringslenken din.',
  },
  signingComplete: {
    subject: (p) => `«${p.documentTitle}» er signert av alle`,
    intro: (p) =>
      `Alle har signert dokumentet «${p.documentTitle}». Den signerte PDF-filen er forseglet: ` +
      `Hver side er merket med dokumentkoden ${p.documentCode}, og signeringsloggen ligger til ` +
      `slutt i dokumentet.`,
    download: 'Last ned det signerte dokumentet',
    downloadSigner: 'Logg inn igjen med samme e-postadresse eller identitet, innen 30 dager, for å laste det ned.',
    downloadStaff: 'Åpne dokumentet i Segl for å laste det ned.',
    attached: 'Den signerte PDF-filen er vedlagt denne e-posten.',
    verify: 'Alle som har dokumentet, kan når som helst kontrollere det her:',
    keepCopy:
      'Ta vare på en kopi av den signerte PDF-filen. Dokumentet slettes fra Segl etter ' +
      'avsenderens regler for oppbevaring.',
  },
  notice: {
    signedSubject: (p) => `${p.signerName} har signert «${p.documentTitle}»`,
    signedIntro: (p) =>
      p.signed === p.total
        ? `${p.signerName} har signert «${p.documentTitle}». Alle har nå signert: Det forseglede ` +
          `dokumentet kommer i en egen e-post.`
        : `${p.signerName} har signert «${p.documentTitle}». ${p.signed} av ${p.total} har signert.`,
    declinedSubject: (p) => `${p.signerName} avslo å signere «${p.documentTitle}»`,
    declinedIntro: (p) =>
      `${p.signerName} avslo å signere «${p.documentTitle}». Dokumentet er avsluttet og kan ikke lenger signeres.`,
    expiredSubject: (p) => `«${p.documentTitle}» utløp før alle hadde signert`,
    expiredIntro: (p) =>
      `Fristen for «${p.documentTitle}» er ute. ${p.signed} av ${p.total} hadde signert; lenkene ` +
      `virker ikke lenger. Last opp dokumentet på nytt for å begynne igjen.`,
    failedSubject: (p) => `«${p.documentTitle}» kunne ikke forsegles`,
    failedIntro: (p) =>
      `Alle har signert «${p.documentTitle}», men Segl klarte ikke å forsegle det ferdige ` +
      `dokumentet. Signaturene er registrert; be administratoren se i tjenestens logg. Du kan ` +
      `trekke dokumentet tilbake.`,
    open: 'Åpne dokumentet i Segl',
    cancelledSubject: (p) => `«${p.documentTitle}» er trukket tilbake`,
    cancelledIntro: (p) =>
      `${p.senderName} har trukket tilbake dokumentet «${p.documentTitle}». Du trenger ikke ` +
      `lenger å signere det, og signeringslenken din virker ikke lenger.`,
    cancelledReason: 'Avsenderens begrunnelse:',
    footer: 'Denne e-posten er sendt fra Segl, en tjeneste for elektronisk signering.',
  },
};

const DICTIONARIES: Record<MailLanguage, MailDictionary> = { en, nb };

export function dictionaryFor(language: MailLanguage): MailDictionary {
  return DICTIONARIES[language] ?? en;
}
