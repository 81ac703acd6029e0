import type { CodeStatus } from './api.js';
import { formatTime, h, icon } from '../shared/dom.js';
import type { Dictionary, DocumentStatus } from './i18n/dictionary.js';

const KNOWN: DocumentStatus[] = ['draft', 'pending', 'completed', 'declined', 'expired', 'cancelled', 'deleted'];
const TONE: Record<DocumentStatus, { tone: string; icon: 'ok' | 'bad' | 'wait' | 'info' }> = {
  completed: { tone: 'ok', icon: 'ok' },
  pending: { tone: 'progress', icon: 'wait' },
  draft: { tone: 'neutral', icon: 'info' },
  declined: { tone: 'bad', icon: 'bad' },
  expired: { tone: 'warn', icon: 'info' },
  cancelled: { tone: 'warn', icon: 'bad' },
  deleted: { tone: 'neutral', icon: 'info' },
};

function fact(term: string, value: string | Node, className?: string): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', className ? { class: className } : {}, value));
}

/** The status card for a code: what the code alone may tell, nothing personal. */
export function renderStatus(data: CodeStatus, t: Dictionary): HTMLElement {
  const status = (KNOWN.includes(data.status as DocumentStatus) ? data.status : 'draft') as DocumentStatus;
  const look = TONE[status];
  const deletedAt = formatTime(data.deletedAt, t.locale);
  const text = status === 'deleted' ? t.deletedText(deletedAt ?? '') : t.statusText[status];
  const facts = h('dl', { class: 'facts' });
  facts.append(fact(t.fieldCode, data.code, 'mono'));
  if (status !== 'draft' && data.signerCount > 0)
    facts.append(fact(t.fieldSignatures, t.signedOf(data.signedCount, data.signerCount)));
  facts.append(fact(t.fieldCreated, formatTime(data.createdAt, t.locale) ?? '–'));
  const completedAt = formatTime(data.completedAt, t.locale);
  if (completedAt) facts.append(fact(t.fieldCompleted, completedAt));
  else if (status === 'pending') facts.append(fact(t.fieldCompleted, t.notYet));
  if (data.level || status === 'draft' || status === 'pending')
    facts.append(fact(t.fieldLevel, t.levelName(data.level)));
  if (status === 'deleted') {
    facts.append(fact(t.fieldDeleted, deletedAt ?? '–'));
    if (data.sha256) facts.append(fact(t.fieldFingerprint, data.sha256, 'mono hash'));
  }
  return h(
    'article',
    { class: `result tone-${look.tone}`, 'data-status': status, 'aria-labelledby': 'status-title' },
    h(
      'div',
      { class: 'result-head' },
      h('span', { class: 'badge-icon' }, icon(look.icon)),
      h(
        'div',
        {},
        h('p', { class: 'eyebrow' }, t.statusHeading),
        h('h2', { id: 'status-title' }, t.statusTitle[status]),
      ),
    ),
    text ? h('p', { class: 'result-text' }, text) : null,
    facts,
    h('p', { class: 'privacy' }, icon('info'), h('span', {}, t.privacyNote)),
  );
}
