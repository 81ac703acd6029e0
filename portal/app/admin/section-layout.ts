import type { Dictionary } from '../i18n/dictionary.js';
import { h, type IconName } from '../../shared/dom.js';
import { card, cardHead, working, type Message } from '../ui.js';
import { message } from './admin-kit.js';

type Child = Node | string | null | undefined | false;

/**
 * A section's page: a secret shown once (if any), the card with the section's heading, result message and content
 * (ids `KEY-title` and `KEY-result`), then the card with its form (none when `form` is null).
 */
export function sectionLayout(
  d: Dictionary,
  options: {
    key: string;
    /** The main card's id, when it is not the key. */
    id?: string;
    icon: IconName;
    title: string;
    shownOnce?: Child;
    /** A hint between the heading and the result message. */
    note?: Child;
    result: Message | null;
    content: Child;
    form: HTMLElement | null;
    formCard?: Record<string, string>;
  },
): HTMLElement {
  const titleId = `${options.key}-title`;
  return h(
    'div',
    {},
    options.shownOnce,
    card(
      { id: options.id ?? options.key, 'aria-labelledby': titleId },
      cardHead({ icon: options.icon, title: options.title, id: titleId }),
      options.note,
      message(d, options.result, `${options.key}-result`),
      options.content,
    ),
    options.form ? card(options.formCard ?? {}, options.form) : null,
  );
}

/**
 * A section's list: "Loading…" until it has come (`items` null), a hint when it is empty, else one row per item.
 */
export function adminList<T>(
  d: Dictionary,
  options: {
    id?: string;
    items: T[] | null;
    row: (item: T) => HTMLElement;
    className?: string;
    /** What an empty list says; the administration's "Nothing here yet" by default. */
    empty?: string;
  },
): HTMLElement {
  if (!options.items) return working(d.loading);
  if (!options.items.length) return h('p', { class: 'hint' }, options.empty ?? d.admin.empty);
  return h('ul', { class: options.className ?? 'admin-list', id: options.id }, ...options.items.map(options.row));
}

/**
 * One row of a section's list: its title with lines about it (`about`), then its facts, its action buttons and
 * anything below them (`more`: a group's members, a webhook's deliveries; `block` puts them under one another).
 */
export function adminRow(options: {
  data: Record<string, string>;
  block?: boolean;
  title: Child[];
  /** The title as a heading (a row with lists of its own) instead of a paragraph. */
  heading?: boolean;
  mono?: boolean;
  about: Child[];
  facts?: Child;
  actions?: Child[];
  more?: Child[];
}): HTMLElement {
  return h(
    'li',
    { class: options.block ? 'admin-row admin-row-block' : 'admin-row', ...options.data },
    h(
      'div',
      { class: 'admin-row-main' },
      h(
        options.heading ? 'h3' : 'p',
        { class: options.mono ? 'admin-row-title mono' : 'admin-row-title' },
        ...options.title,
      ),
      ...options.about,
    ),
    options.facts,
    options.actions ? h('div', { class: 'actions admin-row-actions' }, ...options.actions) : null,
    ...(options.more ?? []),
  );
}
