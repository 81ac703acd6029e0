import { h, icon, type IconName } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
export { button, working } from '../shared/controls.js';

type Child = Node | string | null | undefined | false;

/** A labelled field with its hint and error; the input is described by both, and marked invalid with an error. */
export function field(options: {
  input: HTMLInputElement;
  label: string;
  hint?: string | null;
  error?: string | null;
}): HTMLElement {
  const { input } = options;
  const id = input.id;
  const described = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  if (described) input.setAttribute('aria-describedby', described);
  if (options.error) input.setAttribute('aria-invalid', 'true');
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id, class: 'field-label' }, options.label),
    options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null,
    input,
    options.error ? fieldError(`${id}-error`, options.error) : null,
  );
}

/** A text input bound to a value: what is typed is kept through re-renders (language switch, errors). */
export function input(
  attrs: Record<string, string | boolean | undefined>,
  value: string,
  onInput: (value: string) => void,
): HTMLInputElement {
  const element = h('input', { type: 'text', ...attrs });
  element.value = value;
  element.addEventListener('input', () => onInput(element.value));
  return element;
}

export function fieldError(id: string, text: string): HTMLElement {
  return h('p', { id, class: 'field-error', role: 'alert', tabindex: '-1' }, text);
}

/** A message box; errors are alerts (read out at once), the rest status messages. */
export function notice(options: { id: string; tone: 'bad' | 'warn' | 'ok' | 'info'; text: string }): HTMLElement {
  const icons: Record<typeof options.tone, IconName> = { bad: 'bad', warn: 'info', ok: 'ok', info: 'info' };
  return h(
    'p',
    {
      class: `notice tone-${options.tone}`,
      id: options.id,
      role: options.tone === 'bad' ? 'alert' : 'status',
      tabindex: '-1',
    },
    icon(icons[options.tone]),
    h('span', {}, options.text),
  );
}

/** "Step 2 of 3" for setup and enrolment: the steps done, the current one (aria-current) and the rest. */
export function progress(d: Dictionary, current: number): HTMLElement {
  return h(
    'ol',
    { class: 'steps', 'aria-label': d.progressLabel },
    ...d.stepNames.map((name, index) => {
      const number = index + 1;
      const state = number < current ? 'done' : number === current ? 'current' : 'todo';
      return h(
        'li',
        { class: `step step-${state}`, 'aria-current': state === 'current' ? 'step' : undefined },
        h('span', { class: 'step-mark', 'aria-hidden': 'true' }, state === 'done' ? icon('ok') : String(number)),
        h('span', { class: 'step-name' }, name),
        state === 'todo'
          ? null
          : h('span', { class: 'visually-hidden' }, ` (${state === 'done' ? d.stepDone : d.stepCurrent})`),
      );
    }),
  );
}

/** A card for one step, its heading focusable (focus moves there when the step changes). */
export function stepCard(options: { id: string; title: string; titleId: string }, ...children: Child[]): HTMLElement {
  const heading = h('h2', { id: options.titleId, tabindex: '-1' }, options.title);
  const attributes = { class: 'card step-card', id: options.id, 'aria-labelledby': options.titleId };
  return h('section', attributes, heading, ...children);
}
