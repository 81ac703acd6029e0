import type { ApiFailure, ApiResult } from '../api.js';
import { copyText } from '../../shared/clipboard.js';
import type { Dictionary } from '../i18n/dictionary.js';
import { button, failureMessage, notice, type Message } from '../ui.js';
import { h } from '../../shared/dom.js';

export function textInput(id: string, value: string, attrs: Record<string, string> = {}): HTMLInputElement {
  const input = h('input', { id, name: id, type: 'text', autocomplete: 'off', ...attrs });
  input.value = value;
  return input;
}

export function select(id: string, options: [value: string, label: string][], value: string): HTMLSelectElement {
  const element = h('select', { id, name: id }, ...options.map(([v, label]) => h('option', { value: v }, label)));
  element.value = value;
  return element;
}

/** The words for a failed call: our own for the codes this screen knows, the API's message otherwise. */
export function failureText(d: Dictionary, failure: ApiFailure, known: Record<string, string> = {}): string {
  if (failure.kind === 'http' && known[failure.error]) return known[failure.error]!;
  return failureMessage(failure).text(d);
}

/** A failed call as the screen's message: `known` words for the codes this screen knows (see failureText). */
export function failureNotice(failure: ApiFailure, known?: (d: Dictionary) => Record<string, string>): Message {
  return { tone: 'bad', text: (d) => failureText(d, failure, known?.(d)) };
}

/** The message after an action: `done` when it succeeded, else the failure in the screen's words. */
export function outcomeNotice(options: {
  answer: ApiResult<unknown>;
  done: (d: Dictionary) => string;
  known?: (d: Dictionary) => Record<string, string>;
}): Message {
  const { answer } = options;
  return answer.ok ? { tone: 'ok', text: options.done } : failureNotice(answer, options.known);
}

/** A secret shown once (token, webhook secret, enrolment link), read-only with a copy button. */
export function shownOnce(d: Dictionary, options: { id: string; label: string; value: string }): HTMLElement {
  const input = h('input', {
    id: options.id,
    class: 'link-field mono',
    type: 'text',
    readonly: true,
    spellcheck: 'false',
    'aria-describedby': `${options.id}-once`,
  });
  input.value = options.value;
  input.addEventListener('focus', () => input.select());
  const status = h('span', { class: 'visually-hidden', role: 'status' });
  const copy = button({
    id: `${options.id}-copy`,
    kind: 'secondary',
    icon: 'copy',
    text: d.admin.copy,
    onClick: () =>
      void copyText(options.value, input).then((ok) => {
        status.textContent = ok ? d.admin.copied : '';
        copy.querySelector('span')!.textContent = ok ? d.admin.copied : d.admin.copy;
      }),
  });
  return h(
    'div',
    { class: 'notice tone-ok shown-once', role: 'status' },
    h(
      'div',
      { class: 'shown-once-body' },
      h('label', { for: options.id, class: 'field-label' }, options.label),
      h('div', { class: 'link-row' }, input, copy),
      h('p', { class: 'hint', id: `${options.id}-once` }, d.admin.shownOnce),
      status,
    ),
  );
}

/** A result message for the screen (saved, failed). */
export function message(d: Dictionary, value: Message | null, id: string): HTMLElement | null {
  return value ? notice(value, d, id) : null;
}

export function ok<T>(result: ApiResult<T>): result is { ok: true; value: T } {
  return result.ok;
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
