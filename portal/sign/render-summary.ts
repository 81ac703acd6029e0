import type { SigningInfo } from './api.js';
import { formatTime, h, icon } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
import { groupHex, shortFingerprint } from '../shared/sha256.js';

function fact(term: string, value: string | Node, className?: string): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', className ? { class: className } : {}, value));
}

/**
 * What the signer is asked to sign: sender, code, page count, deadline and the fingerprint of the exact bytes
 * (short, the whole on request), with the browser's own check of the bytes shown once the file has been loaded.
 */
export function renderSummary(options: {
  info: SigningInfo;
  t: Dictionary;
  pageCount: number | null;
  check: 'unchecked' | 'match' | 'mismatch';
}): HTMLElement {
  const { info, t } = options;
  const doc = info.document;
  const facts = h('dl', { class: 'facts' });
  if (doc.sender.name) facts.append(fact(t.from, doc.sender.name));
  if (doc.code) facts.append(fact(t.fieldCode, doc.code, 'mono'));
  const pages = options.pageCount ?? doc.pageCount;
  if (pages) facts.append(fact(t.fieldPages, t.pageCount(pages)));
  const deadline =
    doc.status === 'pending' && info.signer.status === 'pending' ? formatTime(doc.expiresAt, t.locale) : null;
  if (deadline) facts.append(fact(t.fieldSignBy, deadline));
  if (doc.sha256) {
    const full = h(
      'details',
      { class: 'fingerprint' },
      h('summary', {}, t.fingerprintShow),
      h('p', { class: 'mono hash', id: 'fingerprint-full' }, groupHex(doc.sha256)),
      h('p', { class: 'hint' }, t.fingerprintHelp),
    );
    const value = h(
      'div',
      {},
      h('span', { class: 'mono', id: 'fingerprint-short' }, shortFingerprint(doc.sha256)),
      full,
    );
    if (options.check === 'match')
      value.append(
        h('p', { class: 'check tone-ok', id: 'fingerprint-check' }, icon('ok'), h('span', {}, t.fingerprintChecked)),
      );
    facts.append(fact(t.fieldFingerprint, value));
  }
  return h('section', { class: 'card summary', 'aria-label': t.summaryLabel }, facts);
}
