import { h, icon, type IconName } from './dom.js';

/** A button of one of the theme's kinds, with an optional icon before its text. */
export function button(options: {
  id?: string;
  text: string;
  kind: 'primary' | 'secondary' | 'danger' | 'link' | 'quiet';
  type?: 'button' | 'submit';
  disabled?: boolean;
  icon?: IconName;
  onClick?: (event: MouseEvent) => void;
  attrs?: Record<string, string | undefined>;
}): HTMLButtonElement {
  const element = h(
    'button',
    {
      type: options.type ?? 'button',
      id: options.id,
      class: options.kind === 'link' ? 'link-button' : options.kind,
      disabled: options.disabled,
      ...options.attrs,
    },
    options.icon ? icon(options.icon) : null,
    h('span', {}, options.text),
  );
  if (options.onClick) element.addEventListener('click', options.onClick);
  return element;
}

/** "Working…" with a spinner, announced politely to screen readers. */
export function working(text: string, id?: string): HTMLElement {
  const spinner = h('span', { class: 'spinner', 'aria-hidden': 'true' });
  return h('p', { class: 'working', id, role: 'status' }, spinner, h('span', {}, text));
}

/**
 * A radio button or checkbox in the theme's choice list: the input, then its label with a hint under it. `hintId`
 * names the hint when the input is described by it; `mono` sets the hint as code (a scope name).
 */
export function choice(options: {
  input: HTMLInputElement;
  label: string;
  hint: string;
  hintId?: string;
  mono?: boolean;
}): HTMLElement {
  return h(
    'div',
    { class: 'choice' },
    options.input,
    h(
      'label',
      { for: options.input.id },
      h('span', { class: 'choice-label' }, options.label),
      h('span', { class: options.mono ? 'choice-hint mono' : 'choice-hint', id: options.hintId }, options.hint),
    ),
  );
}
