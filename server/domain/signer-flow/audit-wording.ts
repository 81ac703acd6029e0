import type { SignerIdentity } from './signer-identity.js';

/** The words of the stamp and the appended audit pages, per document language. English is the reference shape. */
const en = {
  auditTitle: (p: { title: string; code: string }) => `Audit trail · ${p.title} · ${p.code}`,
  columns: { seq: '#', time: 'Time', event: 'Event', actor: 'By', ip: 'IP address', details: 'Details' },
  timeNote: (zone: string) =>
    `Times in ${zone}. The attached audit-trail.json has every event in UTC with its machine name and hashes.`,
  stampLabel: 'Verify with the code or the QR code',
  more: (count: number) => `… and ${count} more`,
  signedBy: (p: { name: string; time: string; how: string }) => `Signed by ${p.name} · ${p.time} · ${p.how}`,
  simple: 'e-mail verification (simple)',
  strong: (p: { provider: string; id: string }) => `${p.provider} (strong${p.id ? `, ${p.id}` : ''})`,
  identityProvider: 'identity provider',
  appliance: 'Segl (the appliance)',
  staff: (name: string) => `${name} (staff)`,
  events: {
    'document.created': 'Document uploaded',
    'document.sent': 'Sent for signing',
    'document.cancelled': 'Withdrawn by the sender',
    'document.expired': 'Expired before everyone signed',
    'document.completed': 'Everyone has signed',
    'document.sealed': 'Sealed by the appliance',
    'document.failed': 'Sealing failed',
    'document.downloaded': 'Downloaded',
    'document.deleted': 'Deleted',
    'document.held': 'Legal hold placed',
    'document.released': 'Legal hold released',
    'document.renewed': 'Long-term evidence renewed (validation data and a new document timestamp)',
    'signer.added': 'Signer added',
    'signer.updated': 'Signer changed',
    'signer.removed': 'Signer removed',
    'signer.reordered': 'Signing order changed',
    'signer.invited': 'Invitation sent',
    'signer.delivered': 'E-mail delivered to the mail server',
    'signer.reminded': 'Reminder sent',
    'signer.opened': 'Signing link opened',
    'signer.challenged': 'One-time code sent by e-mail',
    'signer.authenticated': 'Identity confirmed',
    'signer.signed': 'Signed',
    'signer.declined': 'Declined to sign',
    'signer.refused': 'Sign-in refused: identity does not match',
  } as Record<string, string>,
  details: {
    pages: (n: number) => `${n} page${n === 1 ? '' : 's'}`,
    order: (order: string): string => (order === 'sequential' ? 'one after another' : 'all at once'),
    signers: (n: number) => `${n} signer${n === 1 ? '' : 's'}`,
    deadline: (time: string) => `deadline ${time}`,
    reason: (text: string) => `reason: ${text}`,
    position: (n: number) => `position ${n}`,
    fingerprint: (hash: string) => `document SHA-256 ${hash}`,
    timestamped: 'time-stamped by a TSA',
    level: (level: string) => `level ${level}`,
    to: (email: string) => `to ${email}`,
    purpose: { invitation: 'invitation', reminder: 'reminder', completed: 'completion notice' } as Record<
      string,
      string
    >,
  },
};

export type AuditWording = typeof en;

const nb: AuditWording = {
  auditTitle: (p) => `Signeringslogg · ${p.title} · ${p.code}`,
  columns: {
    seq: 'Nr.',
    time: 'Tidspunkt',
    event: 'Hendelse',
    actor: 'Utført av',
    ip: 'IP-adresse',
    details: 'Detaljer',
  },
  timeNote: (zone) =>
    `Tider i ${zone}. Vedlagt audit-trail.json har alle hendelser i UTC med maskinnavn og hashverdier.`,
  stampLabel: 'Kontroller med koden eller QR-koden',
  more: (count) => `… og ${count} til`,
  signedBy: (p) => `Signert av ${p.name} · ${p.time} · ${p.how}`,
  simple: 'e-postbekreftelse (enkel)',
  strong: (p) => `${p.provider} (sterk${p.id ? `, ${p.id}` : ''})`,
  identityProvider: 'identitetsleverandør',
  appliance: 'Segl (tjenesten)',
  staff: (name) => `${name} (ansatt)`,
  events: {
    'document.created': 'Dokumentet ble lastet opp',
    'document.sent': 'Sendt til signering',
    'document.cancelled': 'Trukket tilbake av avsenderen',
    'document.expired': 'Utløpt før alle hadde signert',
    'document.completed': 'Alle har signert',
    'document.sealed': 'Forseglet av tjenesten',
    'document.failed': 'Forseglingen mislyktes',
    'document.downloaded': 'Lastet ned',
    'document.deleted': 'Slettet',
    'document.held': 'Juridisk bevaring (legal hold) satt',
    'document.released': 'Juridisk bevaring opphevet',
    'document.renewed': 'Langtidsbevis fornyet (valideringsdata og et nytt dokumenttidsstempel)',
    'signer.added': 'Underskriver lagt til',
    'signer.updated': 'Underskriver endret',
    'signer.removed': 'Underskriver fjernet',
    'signer.reordered': 'Signeringsrekkefølgen endret',
    'signer.invited': 'Invitasjon sendt',
    'signer.delivered': 'E-post levert til e-posttjeneren',
    'signer.reminded': 'Påminnelse sendt',
    'signer.opened': 'Signeringslenken åpnet',
    'signer.challenged': 'Engangskode sendt på e-post',
    'signer.authenticated': 'Identitet bekreftet',
    'signer.signed': 'Signert',
    'signer.declined': 'Avslo å signere',
    'signer.refused': 'Innlogging avvist: identiteten stemmer ikke',
  },
  details: {
    pages: (n) => `${n} ${n === 1 ? 'side' : 'sider'}`,
    order: (order) => (order === 'sequential' ? 'én etter én' : 'alle samtidig'),
    signers: (n) => `${n} ${n === 1 ? 'underskriver' : 'underskrivere'}`,
    deadline: (time) => `frist ${time}`,
    reason: (text) => `begrunnelse: ${text}`,
    position: (n) => `nummer ${n}`,
    fingerprint: (hash) => `dokumentets SHA-256 ${hash}`,
    timestamped: 'tidsstemplet av en TSA',
    level: (level) => `nivå ${level}`,
    to: (email) => `til ${email}`,
    purpose: { invitation: 'invitasjon', reminder: 'påminnelse', completed: 'melding om fullført signering' },
  },
};

export function auditWordingFor(language: string | null | undefined): AuditWording {
  return language === 'en' ? en : nb;
}

/** How a proven identity reads on the stamp and the audit pages (national identity numbers stay masked). */
export function describeIdentityIn(words: AuditWording, identity: SignerIdentity): string {
  if (identity.level === 'simple') return words.simple;
  return words.strong({
    provider: identity.providerLabel ?? words.identityProvider,
    id: identity.nationalIdMasked ?? '',
  });
}

/** An event type in words; a type without words (from a newer version) keeps its machine name. */
export function describeEventType(words: AuditWording, type: string): string {
  return words.events[type] ?? type;
}
