import type { ApiFailure, DocumentStatus, DocumentView } from './api.js';
import { h, icon, type IconName } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
export { button, choice, working } from '../shared/controls.js';

/** A message is a function of the dictionary, so that a language switch re-renders it in the new language. */
export interface Message {
  tone: 'bad' | 'warn' | 'ok' | 'info';
  text: (d: Dictionary) => string;
}

type Child = Node | string | null | undefined | false;

/** The words for an API failure: our own text for the codes we know, else the API's message (it names the field). */
export function failureMessage(
  failure: ApiFailure,
  known: Partial<Record<string, (d: Dictionary) => string>> = {},
): Message {
  switch (failure.kind) {
    case 'network':
      return { tone: 'bad', text: (d) => d.networkError };
    case 'signed_out':
      return { tone: 'warn', text: (d) => d.signedOut };
    case 'rate_limited': {
      const seconds = failure.retryAfterSeconds;
      return { tone: 'warn', text: (d) => d.tooMany(seconds) };
    }
    default: {
      const own = known[failure.error];
      if (own) return { tone: failure.status === 409 ? 'warn' : 'bad', text: own };
      const message = failure.message;
      if (failure.status === 404) return { tone: 'bad', text: (d) => d.notFound };
      if (failure.status >= 500 || !message) return { tone: 'bad', text: (d) => d.serverError };
      return { tone: failure.status === 409 ? 'warn' : 'bad', text: (d) => d.apiSaid(message) };
    }
  }
}

const NOTICE_ICON: Record<Message['tone'], IconName> = { bad: 'bad', warn: 'info', ok: 'ok', info: 'info' };

/** A message in a box; errors are alerts (read out at once), the rest status messages. */
export function notice(message: Message, d: Dictionary, id?: string): HTMLElement {
  return h(
    'p',
    { class: `notice tone-${message.tone}`, id, role: message.tone === 'bad' ? 'alert' : 'status', tabindex: '-1' },
    icon(NOTICE_ICON[message.tone]),
    h('span', {}, message.text(d)),
  );
}

export function fieldError(id: string, text: string): HTMLElement {
  return h('p', { id, class: 'field-error', role: 'alert' }, text);
}

/** A labelled field with its hint and error, the input described by both (screen readers read them with it). */
export function field(options: {
  id: string;
  label: string;
  input: HTMLElement;
  hint?: string;
  error?: string | null;
}): HTMLElement {
  const described = [options.hint ? `${options.id}-hint` : '', options.error ? `${options.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  if (described) options.input.setAttribute('aria-describedby', described);
  if (options.error) options.input.setAttribute('aria-invalid', 'true');
  return h(
    'div',
    { class: 'field' },
    h('label', { for: options.id, class: 'field-label' }, options.label),
    options.input,
    options.hint ? h('p', { class: 'hint', id: `${options.id}-hint` }, options.hint) : null,
    options.error ? fieldError(`${options.id}-error`, options.error) : null,
  );
}

export function linkButton(options: {
  id?: string;
  href: string;
  text: string;
  kind: 'primary' | 'secondary';
  icon?: IconName;
  attrs?: Record<string, string | undefined>;
}): HTMLAnchorElement {
  return h(
    'a',
    { id: options.id, href: options.href, class: options.kind, ...options.attrs },
    options.icon ? icon(options.icon) : null,
    h('span', {}, options.text),
  );
}

export function card(attrs: Record<string, string | undefined>, ...children: Child[]): HTMLElement {
  return h('section', { ...attrs, class: `card${attrs.class ? ` ${attrs.class}` : ''}` }, ...children);
}

export function cardHead(options: { icon: IconName; title: string; id: string; extra?: Child }): HTMLElement {
  return h(
    'div',
    { class: 'card-head' },
    h('span', { class: 'card-icon' }, icon(options.icon)),
    h('h2', { id: options.id, tabindex: '-1' }, options.title),
    options.extra ?? null,
  );
}

export function fact(term: string, value: Child, className?: string): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', className ? { class: className } : {}, value));
}

export const STATUS_TONE: Record<DocumentStatus, string> = {
  draft: 'neutral',
  pending: 'progress',
  completed: 'ok',
  declined: 'bad',
  expired: 'warn',
  cancelled: 'warn',
  deleted: 'neutral',
};

export const STATUS_ICON: Record<DocumentStatus, IconName> = {
  draft: 'file',
  pending: 'wait',
  completed: 'seal',
  declined: 'bad',
  expired: 'wait',
  cancelled: 'bad',
  deleted: 'info',
};

/** The status pill: "Pending 1/2" with the full words for screen readers. */
export function statusBadge(
  d: Dictionary,
  status: DocumentStatus,
  progress?: { signed: number; total: number } | null,
  sealing = false,
): HTMLElement {
  const label = sealing ? d.statusSealing : d.status[status];
  const short = status === 'pending' && progress && !sealing ? `${label} ${progress.signed}/${progress.total}` : label;
  const long =
    status === 'pending' && progress && !sealing ? `${label}, ${d.signedOf(progress.signed, progress.total)}` : label;
  return h(
    'span',
    { class: `badge tone-${sealing ? 'progress' : STATUS_TONE[status]}`, 'data-status': sealing ? 'sealing' : status },
    h('span', { 'aria-hidden': 'true' }, short),
    h('span', { class: 'visually-hidden' }, long),
  );
}

/**
 * A document's title as text (tab title, announcements). A document deleted by retention has lost its title: its code
 * stands in, so that no heading or list row is ever empty.
 */
export function titleText(d: Dictionary, doc: Pick<DocumentView, 'title' | 'code' | 'status'>): string {
  const title = (doc.title ?? '').trim();
  if (title) return doc.title;
  return `${doc.status === 'deleted' ? d.deletedDocumentTitle : d.untitledDocument} ${doc.code}`;
}

/** The same for headings and list rows, with the code set as code. */
export function titleContent(d: Dictionary, doc: Pick<DocumentView, 'title' | 'code' | 'status'>): Node {
  const title = (doc.title ?? '').trim();
  if (title) return document.createTextNode(doc.title);
  return h(
    'span',
    { class: 'untitled' },
    h('span', {}, doc.status === 'deleted' ? d.deletedDocumentTitle : d.untitledDocument),
    ' ',
    h('span', { class: 'mono untitled-code' }, doc.code),
  );
}

/** `12 May 2026, 14:03:07` in the viewer's language and time zone. */
export function formatDateTime(iso: string | null | undefined, locale: string, withSeconds = false): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: withSeconds ? 'medium' : 'short' }).format(
    date,
  );
}

export function formatDate(iso: string | null | undefined, locale: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

/** `2026-05-12 12:03:07.123 UTC`: what the audit trail records, shown on hover. */
export function utcText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/** A <time> in local time, with UTC in its title (hover) and machine-readable datetime. */
export function timeElement(
  iso: string | null | undefined,
  locale: string,
  options: { withSeconds?: boolean; dateOnly?: boolean } = {},
): HTMLElement | string {
  if (!iso) return '–';
  const text = options.dateOnly ? formatDate(iso, locale) : formatDateTime(iso, locale, options.withSeconds);
  if (!text) return '–';
  return h('time', { datetime: iso, title: utcText(iso) }, text);
}

export function formatBytes(bytes: number, locale: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/**
 * Sizes as the settings screen counts them (1 MB = 1,048,576 bytes, as the upload limit is set), so that a file
 * and the limit it is held against read alike: "120 MB", "100 MB".
 */
export function formatMegabytes(bytes: number, locale: string): string {
  const value = bytes / (1024 * 1024);
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value)}\u00a0MB`;
}

/** Hex in groups of four, so that eyes can compare it. */
export function groupHex(hex: string): string {
  return (hex.toLowerCase().match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * Re-renders without losing the user's place: the element that had focus (found again by id) gets it back with
 * its caret, so a region refreshed by polling or a language switch does not throw the keyboard user out.
 */
export function keepFocus(render: () => void): void {
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const id = active?.id;
  let selection: [number | null, number | null] | null = null;
  if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) {
    try {
      selection = [active.selectionStart, active.selectionEnd];
    } catch {
      // inputs without a caret (date, checkbox) have none
    }
  }
  render();
  if (!id || active?.isConnected) return;
  const again = document.getElementById(id);
  if (!again) return;
  again.focus({ preventScroll: true });
  if (selection && (again instanceof HTMLInputElement || again instanceof HTMLTextAreaElement)) {
    try {
      again.setSelectionRange(selection[0], selection[1]);
    } catch {
      // not a text field
    }
  }
}
