import type { AuditTrail, DocumentView, Signer } from './api.js';
import type { Message } from './ui.js';

export type SignerLanguage = 'nb' | 'en';
export type SignerField = 'name' | 'email' | 'method' | 'provider' | 'form';

/** What the signer fields hold while someone types (adding a signer, or changing one). */
export interface SignerFields {
  name: string;
  email: string;
  method: 'email-otp' | 'oidc';
  provider: string;
  /** null: the document's language (the sender's, chosen at upload), taken afresh for every new signer. */
  language: SignerLanguage | null;
  busy: boolean;
  errors: Partial<Record<SignerField, Message>>;
}

export interface SignerFormState extends SignerFields {
  added: Message | null;
}

/** Changing one signer of a draft, in place of its row. */
export interface SignerEditState extends SignerFields {
  id: string;
}

/** The draft's signer list: the row being changed, the removal to confirm, a move under way, what just happened. */
export interface SignerListState {
  edit: SignerEditState | null;
  removing: { id: string; busy: boolean; error: Message | null } | null;
  moving: string | null;
  note: Message | null;
}

export interface SendFormState {
  order: 'parallel' | 'sequential';
  /** YYYY-MM-DD in the viewer's time zone; the links work until the end of that day. */
  expires: string;
  busy: boolean;
  /** The review step is open: everything is checked, and only "Send now" sends. */
  reviewing: boolean;
  error: { field: 'expires' | 'form'; message: Message } | null;
}

export interface DocumentState {
  doc: DocumentView | null;
  loadError: Message | null;
  audit: AuditTrail | null;
  auditError: Message | null;
  auditLoading: boolean;
  flash: Message | null;
  send: SendFormState;
  remind: { busy: boolean; result: Message | null };
  cancel: { open: boolean; reason: string; busy: boolean; error: Message | null };
  /** The legal hold: the form that places one (with its reason), and releasing one. */
  hold: {
    open: boolean;
    reason: string;
    busy: boolean;
    error: Message | null;
    releasing: boolean;
    releaseError: Message | null;
  };
  /** The signer whose link was just copied (its button says so for a moment). */
  copied: { id: string; ok: boolean } | null;
}

/** The language a signer gets when nobody chose one: the document's (set from the sender's at upload). */
export function defaultLanguage(doc: DocumentView | null, fallback: SignerLanguage): SignerLanguage {
  return doc?.language === 'en' || doc?.language === 'nb' ? doc.language : fallback;
}

/** Signed and all, in position order. */
export function sortedSigners(signers: Signer[] | undefined): Signer[] {
  return [...(signers ?? [])].sort((a, b) => a.position - b.position);
}

/** Whose turn it is in sequential order: the pending signers at the lowest pending position. */
export function turnOf(doc: DocumentView): Set<string> {
  const pending = (doc.signers ?? []).filter((s) => s.status === 'pending');
  if (doc.order !== 'sequential') return new Set(pending.map((s) => s.id));
  const first = Math.min(...pending.map((s) => s.position));
  return new Set(pending.filter((s) => s.position === first).map((s) => s.id));
}

/** Every signer signed and the seal is being made: still `pending` until the final PDF is stored. */
export function isSealing(doc: DocumentView): boolean {
  return doc.status === 'pending' && Boolean(doc.completedAt);
}

export function progressOf(doc: DocumentView): { signed: number; total: number } {
  const signers = doc.signers ?? [];
  return { signed: signers.filter((s) => s.status === 'signed').length, total: signers.length };
}

/** The default deadline: 30 days from today (the API's default too), as YYYY-MM-DD in local time. */
export function dateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(date: Date, days: number): Date {
  const copy = new Date(date.getTime());
  copy.setDate(copy.getDate() + days);
  return copy;
}

/** The end of the chosen day in the viewer's time zone, as the API's ISO time; null when not a date. */
export function endOfDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 0, 0);
  return Number.isNaN(date.getTime()) || date.getDate() !== Number(match[3]) ? null : date;
}
