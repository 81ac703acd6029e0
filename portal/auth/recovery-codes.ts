import { copyText } from '../shared/clipboard.js';
import { h } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button } from './ui.js';

/** What the copy and download buttons last did, so that their labels can say so (and survive a language switch). */
export interface CodesFeedback {
  copied: 'ok' | 'failed' | null;
  downloaded: boolean;
}

/** The codes as a text file a person can keep: a heading, what they are for, one numbered code a line. */
export function recoveryCodesFile(d: Dictionary, options: { email: string; codes: string[]; date: Date }): string {
  const day = options.date.toISOString().slice(0, 10);
  const numbered = options.codes.map((code, i) => `${String(i + 1).padStart(2, ' ')}. ${code}`);
  const lines = [d.codesFileHeading(options.email, day), d.codesFileHint, '', ...numbered, ''];
  return lines.join('\r\n');
}

/** Saves text as a file through a temporary object URL (no request leaves the page, nothing for the CSP to allow). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = h('a', { href: url, download: fileName, class: 'visually-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The recovery codes, shown once: a numbered list in a monospace font, "copy the codes" (the clipboard, or the
 * select-and-copy fallback on plain-HTTP LANs through a hidden text area) and "download as a text file".
 */
export function renderRecoveryCodes(options: {
  d: Dictionary;
  email: string;
  codes: string[];
  feedback: CodesFeedback;
  onChange: (focus: string) => void;
}): HTMLElement {
  const { d, codes, feedback } = options;
  const text = recoveryCodesFile(d, { email: options.email, codes, date: new Date() });
  const hidden = { class: 'visually-hidden', readonly: true, tabindex: '-1', 'aria-hidden': 'true' };
  const copySource = h('textarea', { ...hidden, id: 'codes-text' });
  copySource.value = codes.join('\n');
  const copy = button({
    id: 'codes-copy',
    kind: 'secondary',
    icon: feedback.copied === 'ok' ? 'ok' : 'copy',
    text: feedback.copied === 'ok' ? d.copied : d.copyCodes,
    onClick: () =>
      void copyText(codes.join('\n'), copySource).then((ok) => {
        feedback.copied = ok ? 'ok' : 'failed';
        options.onChange('codes-copy');
      }),
  });
  const save = button({
    id: 'codes-download',
    kind: 'secondary',
    icon: feedback.downloaded ? 'ok' : 'download',
    text: feedback.downloaded ? d.downloaded : d.downloadCodes,
    onClick: () => {
      download('segl-recovery-codes.txt', text);
      feedback.downloaded = true;
      options.onChange('codes-download');
    },
  });
  const copied = feedback.copied === 'ok' ? d.copied : feedback.copied === 'failed' ? d.copyFailed : '';
  const said = copied || (feedback.downloaded ? d.downloaded : '');
  return h(
    'div',
    { class: 'codes' },
    h(
      'ol',
      { class: 'codes-list mono', id: 'recovery-codes', 'aria-label': d.codesListLabel },
      ...codes.map((code) => h('li', {}, code)),
    ),
    copySource,
    h('div', { class: 'actions codes-actions' }, copy, save),
    h('p', { class: 'visually-hidden', role: 'status', id: 'codes-status' }, said),
    feedback.copied === 'failed' ? h('p', { class: 'hint', id: 'codes-copy-failed' }, d.copyFailed) : null,
  );
}
