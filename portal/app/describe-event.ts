import type { AuditActor, AuditEvent, Signer } from './api.js';
import type { Dictionary } from './i18n/dictionary.js';
import { formatDateTime } from './ui.js';

export interface EventText {
  title: string;
  /** One line of what the event says, in words (never raw JSON). */
  detail: string | null;
  /** A tone for the timeline's dot. */
  tone: 'ok' | 'bad' | 'warn' | 'progress' | 'neutral';
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const capitalize = (text: string, d: Dictionary): string => text.charAt(0).toLocaleUpperCase(d.locale) + text.slice(1);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** How a signer proves who they are, in words: `email-otp` or `oidc:<provider>`. */
export function describeMethod(d: Dictionary, method: string | null | undefined): string {
  if (!method) return '–';
  if (method === 'email-otp') return d.methodEmailOtp;
  if (method.startsWith('oidc:')) return d.methodOidc(method.slice(5));
  if (method === 'oidc') return d.methodOidc('');
  return method;
}

function identityText(d: Dictionary, data: Record<string, unknown>): string {
  const identity = (data.identity && typeof data.identity === 'object' ? data.identity : {}) as Record<string, unknown>;
  const level = str(data.level) ?? str(identity.level);
  const method = str(data.method);
  const provider = str(identity.providerLabel);
  const masked = str(identity.nationalIdMasked);
  const how =
    level === 'simple' || method === 'email-otp'
      ? d.levelSimple
      : d.levelStrong(provider ?? (method?.startsWith('oidc:') ? method.slice(5) : d.identityProvider));
  return masked ? `${how}, ${masked}` : how;
}

/** Who did it: a staff member, a signer or the appliance; `full` adds the address (for the technical details). */
export function describeActor(
  d: Dictionary,
  actor: AuditActor | null | undefined,
): { name: string; role: string; full: string } {
  if (!actor || typeof actor !== 'object') return { name: '–', role: '', full: '–' };
  if (actor.kind === 'signer') {
    const name = actor.name || actor.email || d.actorSigner;
    return { name, role: d.actorSigner, full: actor.email && actor.name ? `${actor.name} <${actor.email}>` : name };
  }
  if (actor.kind === 'staff')
    return { name: actor.name ?? d.actorStaff, role: d.actorStaff, full: actor.name ?? d.actorStaff };
  if (actor.kind === 'system') return { name: 'Segl', role: d.actorSystem, full: 'Segl' };
  const name = actor.name ?? String(actor.kind ?? '–');
  return { name, role: '', full: name };
}

/** Signers' names as the trail recorded them (signers removed since keep theirs), by signer id. */
export function signerNamesOf(events: AuditEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of events) {
    const data = event.data && typeof event.data === 'object' ? event.data : {};
    const id = str(data.signerId);
    const name = str(data.name);
    if (id && name && event.type.startsWith('signer.')) names.set(id, name);
  }
  return names;
}

/**
 * A readable line for each audit event type (DESIGN.md: dotted names whose last part is the verb). Unknown types
 * keep their name, so a newer server's events still show.
 */
export function describeEvent(
  d: Dictionary,
  event: AuditEvent,
  signers: Signer[],
  namesById: ReadonlyMap<string, string> = new Map(),
): EventText {
  const data = event.data && typeof event.data === 'object' ? event.data : {};
  const signer = signers.find((s) => s.id === str(data.signerId));
  const who = signer ? signer.name : (str(data.name) ?? str(data.email) ?? d.aSigner);
  switch (event.type) {
    case 'document.created': {
      const pages = num(data.pageCount);
      return {
        title: d.ev.created,
        detail:
          [str(data.title) ? d.quote(str(data.title)!) : null, pages ? d.pageCount(pages) : null]
            .filter(Boolean)
            .join(', ') || null,
        tone: 'neutral',
      };
    }
    case 'signer.added': {
      const position = num(data.position);
      const method = describeMethod(d, str(data.authMethod));
      const parts = [
        str(data.name) && str(data.email) ? `${str(data.name)} <${str(data.email)}>` : who,
        method.charAt(0).toLocaleLowerCase(d.locale) + method.slice(1),
        position ? d.positionN(position) : null,
      ];
      return { title: d.ev.signerAdded, detail: parts.filter(Boolean).join(', '), tone: 'neutral' };
    }
    case 'signer.updated': {
      const fields = Array.isArray(data.changed) ? data.changed.filter((f): f is string => typeof f === 'string') : [];
      const changed = fields.map((f) => d.signerFieldNames[f] ?? f);
      const person = str(data.name) && str(data.email) ? `${str(data.name)} <${str(data.email)}>` : who;
      const detail = changed.length ? `${person}, ${d.changedFields(changed)}` : person;
      return { title: d.ev.signerUpdated, detail, tone: 'neutral' };
    }
    case 'signer.removed': {
      const detail = str(data.name) && str(data.email) ? `${str(data.name)} <${str(data.email)}>` : who;
      return { title: d.ev.signerRemoved, detail, tone: 'neutral' };
    }
    case 'signer.reordered': {
      const order = Array.isArray(data.order) ? data.order.filter((id): id is string => typeof id === 'string') : [];
      const nameOf = (id: string) => signers.find((s) => s.id === id)?.name ?? namesById.get(id) ?? '–';
      const names = order.map((id, i) => `${i + 1}. ${nameOf(id)}`);
      return { title: d.ev.signersReordered, detail: names.length ? names.join(', ') : null, tone: 'neutral' };
    }
    case 'document.sent': {
      const order = str(data.order);
      const deadline = formatDateTime(str(data.expiresAt), d.locale);
      const count = num(data.signerCount);
      const parts = [
        order === 'sequential' ? d.orderSequentialShort : order === 'parallel' ? d.orderParallelShort : null,
        count ? d.signerCount(count) : null,
        deadline ? d.deadlineOn(deadline) : null,
      ];
      const detail = parts.filter(Boolean).join(', ');
      return { title: d.ev.sent, detail: detail ? capitalize(detail, d) : null, tone: 'progress' };
    }
    case 'signer.invited':
      return {
        title: d.ev.invited,
        detail: d.toWhom(signer ? `${signer.name} <${signer.email}>` : (str(data.email) ?? who)),
        tone: 'progress',
      };
    case 'signer.reminded':
      return {
        title: d.ev.reminded,
        detail: d.toWhom(signer ? `${signer.name} <${signer.email}>` : (str(data.email) ?? who)),
        tone: 'progress',
      };
    case 'signer.delivered': {
      const purpose = str(data.purpose);
      const what =
        purpose === 'invitation'
          ? d.mailInvitation
          : purpose === 'reminder'
            ? d.mailReminder
            : purpose === 'otp'
              ? d.mailOtp
              : purpose === 'completed'
                ? d.mailCompleted
                : d.mailOther;
      return { title: d.ev.delivered, detail: `${what} → ${who}`, tone: 'neutral' };
    }
    // Events a signer caused name the signer in the actor line; the detail says only what else happened.
    case 'signer.opened':
      return { title: d.ev.opened, detail: null, tone: 'neutral' };
    case 'signer.challenged':
      return { title: d.ev.challenged, detail: str(data.email) ? d.toWhom(str(data.email)!) : null, tone: 'neutral' };
    case 'signer.authenticated':
      return { title: d.ev.authenticated, detail: capitalize(identityText(d, data), d), tone: 'progress' };
    case 'signer.refused':
      return { title: d.ev.refused, detail: capitalize(d.identityMismatch, d), tone: 'bad' };
    case 'signer.signed': {
      const parts = [
        capitalize(identityText(d, data), d),
        data.sha256ConfirmedByClient === true ? d.fingerprintConfirmed : null,
      ];
      return { title: d.ev.signed, detail: parts.filter(Boolean).join('. '), tone: 'ok' };
    }
    case 'signer.declined':
      return { title: d.ev.declined, detail: str(data.reason) ? d.quote(str(data.reason)!) : null, tone: 'bad' };
    case 'document.completed':
      return {
        title: d.ev.completed,
        detail: num(data.signerCount) ? d.signerCount(num(data.signerCount)!) : null,
        tone: 'ok',
      };
    case 'document.sealed':
      return { title: d.ev.sealed, detail: str(data.level) ? d.levelName(str(data.level)) : null, tone: 'ok' };
    case 'document.failed':
      return { title: d.ev.failed, detail: str(data.reason) ?? null, tone: 'bad' };
    case 'document.downloaded': {
      const version = str(data.version);
      return {
        title: d.ev.downloaded,
        detail:
          version === 'final'
            ? d.versionFinal
            : version === 'original'
              ? d.versionOriginal
              : version === 'export'
                ? d.versionExport
                : version,
        tone: 'neutral',
      };
    }
    case 'document.cancelled':
      return { title: d.ev.cancelled, detail: str(data.reason) ? d.quote(str(data.reason)!) : null, tone: 'warn' };
    case 'document.expired':
      return { title: d.ev.expired, detail: null, tone: 'warn' };
    case 'document.deleted':
      return {
        title:
          data.reason === 'retention'
            ? d.ev.deletedByRetention
            : data.reason === 'request'
              ? d.ev.erasedOnRequest
              : d.ev.deleted,
        detail: null,
        tone: 'neutral',
      };
    case 'document.held':
      return { title: d.ev.held, detail: str(data.reason) ? d.quote(str(data.reason)!) : null, tone: 'warn' };
    case 'document.released':
      return { title: d.ev.released, detail: str(data.reason) ? d.quote(str(data.reason)!) : null, tone: 'neutral' };
    case 'key.exported':
      return { title: d.ev.keyExported, detail: str(data.by) ?? null, tone: 'warn' };
    default:
      return { title: event.type, detail: null, tone: 'neutral' };
  }
}
