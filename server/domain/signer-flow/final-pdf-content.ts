import type { DocumentAttributes } from '../../storage/models/document.js';
import type { SignerAttributes } from '../../storage/models/signer.js';
import type { AuditEventView } from '../audit/audit-event-view.js';
import { formatDocumentCode } from '../documents/document-code.js';
import type { SignerIdentity } from './signer-identity.js';

import { formatExactTime } from '../../lib/local-time.js';
import { auditWordingFor, describeEventType, describeIdentityIn, type AuditWording } from './audit-wording.js';
import { isoTimeOrNull } from '../iso-time.js';

/** The document's language and the appliance's time zone, in which the stamp and the audit pages speak. */
export interface FinalPdfLocale {
  language: 'nb' | 'en';
  timeZone: string;
}

function identityOf(signer: SignerAttributes): SignerIdentity | undefined {
  if (!signer.identity) return undefined;
  const { sealedClaims: _sealed, ...identity } = JSON.parse(signer.identity) as SignerIdentity & {
    sealedClaims?: string;
  };
  return identity;
}

/** The stamp's words: the footer's lines (who signed when and how), the hint under the URL, "… and n more". */
export function stampWords(
  signers: SignerAttributes[],
  locale: FinalPdfLocale,
): { lines: string[]; label: string; more: (count: number) => string } {
  const words = auditWordingFor(locale.language);
  const lines = signers
    .filter((s) => s.status === 'signed' && s.signedAt)
    .map((s) => {
      const identity = identityOf(s);
      const name = identity?.name && identity.level === 'strong' ? identity.name : s.name;
      const how = identity ? describeIdentityIn(words, identity) : s.authMethod;
      return words.signedBy({ name, time: formatExactTime(new Date(s.signedAt!), locale), how });
    });
  return { lines, label: words.stampLabel, more: words.more };
}

function describeActor(words: AuditWording, event: AuditEventView): string {
  const actor = event.actor;
  if (actor.kind === 'signer') return `${actor.name} <${actor.email}>`;
  if (actor.kind === 'staff') return words.staff(actor.name ?? actor.id ?? '');
  return words.appliance;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function describeData(
  words: AuditWording,
  event: AuditEventView,
  signers: SignerAttributes[],
  locale: FinalPdfLocale,
): string {
  const data = event.data;
  const d = words.details;
  const parts: string[] = [];
  const signer = signers.find((s) => s.id === text(data.signerId));
  if (signer && event.actor.kind !== 'signer') parts.push(`${signer.name} <${signer.email}>`);
  if (count(data.pageCount)) parts.push(d.pages(count(data.pageCount)!));
  if (text(data.order)) parts.push(d.order(text(data.order)!));
  if (count(data.signerCount)) parts.push(d.signers(count(data.signerCount)!));
  if (text(data.expiresAt) && event.type === 'document.sent')
    parts.push(d.deadline(formatExactTime(new Date(text(data.expiresAt)!), locale)));
  if (count(data.position) && event.type === 'signer.added') parts.push(d.position(count(data.position)!));
  const identity = data.identity as SignerIdentity | undefined;
  if (identity && typeof identity === 'object') parts.push(describeIdentityIn(words, identity));
  else if (text(data.method) === 'email-otp' && event.type === 'signer.challenged' && text(data.email))
    parts.push(d.to(text(data.email)!));
  if (text(data.purpose) && event.type === 'signer.delivered')
    parts.push(d.purpose[text(data.purpose)!] ?? text(data.purpose)!);
  if (text(data.level) && event.type === 'document.sealed') parts.push(d.level(text(data.level)!));
  if (text(data.sha256) && event.type === 'signer.signed') parts.push(d.fingerprint(text(data.sha256)!));
  if (
    text(data.reason) &&
    (event.type === 'signer.declined' || event.type === 'document.cancelled' || event.type === 'document.held')
  )
    parts.push(d.reason(text(data.reason)!));
  if (event.timestampToken) parts.push(d.timestamped);
  return parts.join('; ');
}

/** The appended audit pages, in the document's language: time in the appliance's zone (UTC offset shown), words. */
export function auditTable(options: {
  title: string;
  code: string;
  events: AuditEventView[];
  signers: SignerAttributes[];
  locale: FinalPdfLocale;
}): { title: string; note: string; rows: string[][] } {
  const words = auditWordingFor(options.locale.language);
  const c = words.columns;
  return {
    title: words.auditTitle({ title: options.title, code: options.code }),
    note: words.timeNote(options.locale.timeZone),
    rows: [
      [c.seq, c.time, c.event, c.actor, c.ip, c.details],
      ...options.events.map((e) => [
        String(e.seq),
        formatExactTime(new Date(e.at), options.locale),
        describeEventType(words, e.type),
        describeActor(words, e),
        e.ip ?? '',
        describeData(words, e, options.signers, options.locale),
      ]),
    ],
  };
}

/** The audit trail as attached JSON: the whole chain with hashes and timestamp tokens, identities masked. */
export function auditTrailJson(options: {
  document: DocumentAttributes;
  signers: SignerAttributes[];
  events: AuditEventView[];
  verifyUrl: string;
}): Buffer {
  const { document } = options;
  const body = {
    format: 'segl-audit-trail/1',
    document: {
      id: document.id,
      code: formatDocumentCode(document.code),
      title: document.title,
      originalSha256: document.sha256,
      pageCount: document.pageCount,
      order: document.signingOrder,
      verifyUrl: options.verifyUrl,
    },
    signers: options.signers.map((s) => ({
      id: s.id,
      name: s.name,
      email: s.email,
      position: s.position,
      status: s.status,
      authMethod: s.authMethod,
      signedAt: isoTimeOrNull(s.signedAt),
      identity: identityOf(s) ?? null,
    })),
    chain: {
      algorithm: 'sha-256 over canonical JSON of {documentId, seq, type, at, actor, ip, userAgent, data, prevHash}',
      genesis: '0'.repeat(64),
    },
    events: options.events.map(({ documentId: _id, ...event }) => event),
  };
  return Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8');
}
