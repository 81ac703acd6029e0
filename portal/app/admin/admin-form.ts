import { h, type IconName } from '../../shared/dom.js';
import { handleSubmit } from '../../shared/form-events.js';
import { button } from '../ui.js';

type Child = Node | string | null | undefined | false;

/**
 * A section's form (create a group, invite a user, the upload limits): an optional heading (id `<id>-title`, for a
 * card's aria-labelledby), its fields, then the primary submit button. Validation and the request stay with the
 * section, in `onSubmit`.
 */
export function adminForm(options: {
  id: string;
  title?: string;
  fields: Child[];
  submit: { id: string; text: string; icon?: IconName; disabled?: boolean };
  onSubmit: () => void;
}): HTMLFormElement {
  const form = h(
    'form',
    { id: options.id, class: 'admin-form', novalidate: true },
    options.title ? h('h3', { id: `${options.id}-title` }, options.title) : null,
    ...options.fields,
    h('div', { class: 'actions' }, button({ ...options.submit, type: 'submit', kind: 'primary' })),
  );
  handleSubmit({ form, onSubmit: options.onSubmit });
  return form;
}

/** Fields side by side where the screen is wide enough. */
export function fieldGrid(...fields: Child[]): HTMLElement {
  return h('div', { class: 'field-grid' }, ...fields);
}
