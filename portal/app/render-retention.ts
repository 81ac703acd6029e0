import type { DocumentView, RetentionRule } from './api.js';
import type { DocumentState } from './document-state.js';
import type { FolderEntry } from './folders.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button, fact, fieldError, formatDate, notice, utcText } from './ui.js';
import { h, icon } from '../shared/dom.js';
import { handleSubmit, closeOnEscape } from '../shared/form-events.js';

export const HOLD_REASON_MAX = 500;

/**
 * Where a retention period is set, in words: a folder by name, a parent folder the caller cannot see, or the default.
 */
export function retentionSource(
  d: Dictionary,
  rule: RetentionRule,
  folder: (id: string) => FolderEntry | undefined,
  here?: string | null,
): string {
  if (rule.source === 'default') return d.retentionSourceDefault;
  if (!rule.folderId) return d.retentionSourceParent;
  if (here && rule.folderId === here) return d.folderRetentionHere;
  const entry = folder(rule.folderId);
  return entry ? d.retentionSourceFolder(entry.name) : d.retentionSourceParent;
}

/**
 * The "Retention" fact of a document: until when it is kept (once it has ended), how long after it ends (before), or
 * that nobody deletes it but a person; a legal hold says it overrides that. Deleted documents have none.
 */
export function retentionFact(
  d: Dictionary,
  doc: DocumentView,
  folder: (id: string) => FolderEntry | undefined,
  now = Date.now(),
): HTMLElement | null {
  if (doc.status === 'deleted') return null;
  const rule = doc.retention ?? null;
  let line: HTMLElement;
  if (!rule) line = h('span', { id: 'retention-text' }, d.retentionForever);
  else {
    const source = retentionSource(d, rule, folder);
    const days = d.days(rule.days);
    const date = formatDate(rule.deleteAfter, d.locale);
    if (rule.deleteAfter && date) {
      const due = new Date(rule.deleteAfter).getTime() <= now && !doc.legalHold;
      line = h(
        'span',
        { id: 'retention-text', title: utcText(rule.deleteAfter) },
        due ? d.retentionDue(date, days, source) : d.retentionUntil(date, days, source),
      );
    } else line = h('span', { id: 'retention-text' }, d.retentionAfterEnd(days, source));
  }
  const held = doc.legalHold
    ? h('span', { class: 'retention-held', id: 'retention-held' }, icon('lock'), h('span', {}, d.retentionHeldNote))
    : null;
  return fact(d.fieldRetention, h('span', { class: 'retention', id: 'retention' }, line, held));
}

/** "On legal hold: <reason>": the document will not be deleted; managers can release the hold here. */
export function renderHoldNotice(options: {
  d: Dictionary;
  doc: DocumentView;
  state: DocumentState['hold'];
  canManage: boolean;
  onRelease: () => void;
}): HTMLElement | null {
  const { d, doc, state } = options;
  if (!doc.legalHold || doc.status === 'deleted') return null;
  return h(
    'section',
    { class: 'hold-notice', id: 'hold-notice', tabindex: '-1', 'aria-labelledby': 'hold-notice-title' },
    h('span', { class: 'hold-icon' }, icon('lock')),
    h(
      'div',
      { class: 'hold-body' },
      h('h2', { id: 'hold-notice-title', class: 'hold-title' }, d.holdNoticeTitle(doc.legalHold.reason)),
      h('p', { class: 'hold-text' }, d.holdNoticeText),
      state.releaseError ? notice(state.releaseError, d, 'release-error') : null,
      options.canManage
        ? h(
            'div',
            { class: 'actions' },
            button({
              id: 'hold-release',
              kind: 'secondary',
              icon: 'lock',
              text: state.releasing ? d.releasing : d.holdRelease,
              disabled: state.releasing,
              onClick: options.onRelease,
            }),
          )
        : null,
    ),
  );
}

/** The confirmation that places a hold: the reason (required), confirm, or not now. Escape closes it. */
export function renderHoldForm(options: {
  d: Dictionary;
  state: DocumentState['hold'];
  onSubmit: () => void;
  onClose: () => void;
}): HTMLElement {
  const { d, state } = options;
  const reason = h('textarea', {
    id: 'hold-reason',
    name: 'reason',
    rows: '3',
    required: true,
    maxlength: String(HOLD_REASON_MAX),
    'aria-describedby': state.error ? 'hold-hint hold-error' : 'hold-hint',
    'aria-invalid': state.error ? 'true' : undefined,
  });
  reason.value = state.reason;
  reason.addEventListener('input', () => (state.reason = reason.value));
  const form = h(
    'form',
    { id: 'hold-panel', class: 'hold-panel', novalidate: true, 'aria-labelledby': 'hold-title' },
    h('h3', { id: 'hold-title' }, d.holdTitle),
    h('p', {}, d.holdText),
    h('label', { for: 'hold-reason', class: 'field-label' }, d.holdReasonLabel),
    h('p', { class: 'hint', id: 'hold-hint' }, d.holdReasonHint),
    reason,
    state.error ? fieldError('hold-error', state.error.text(d)) : null,
    h(
      'div',
      { class: 'actions' },
      button({
        id: 'hold-confirm',
        type: 'submit',
        kind: 'primary',
        icon: 'lock',
        text: state.busy ? d.holding : d.holdConfirm,
        disabled: state.busy,
      }),
      button({ id: 'hold-keep', kind: 'secondary', text: d.holdKeep, disabled: state.busy, onClick: options.onClose }),
    ),
  );
  handleSubmit({ form, onSubmit: () => options.onSubmit() });
  closeOnEscape({ element: form, isBusy: () => state.busy, onClose: () => options.onClose() });
  return form;
}
