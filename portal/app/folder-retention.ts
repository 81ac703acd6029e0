import { getFolder, setFolderRetention, type FolderDetails } from './api.js';
import type { AppContext } from './context.js';
import { retentionSource } from './render-retention.js';
import { button, choice, failureMessage, fieldError, keepFocus, notice, type Message } from './ui.js';
import { fill, focusElement, h, icon } from '../shared/dom.js';
import { handleSubmit, closeOnEscape } from '../shared/form-events.js';

/** The API's bounds for a folder's retention period (PATCH /api/v1/folders/:id). */
export const RETENTION_MAX_DAYS = 36_500;

interface RetentionFormState {
  open: boolean;
  mode: 'inherit' | 'own';
  days: string;
  busy: boolean;
  error: { field: 'days' | 'form'; message: Message } | null;
}

/**
 * A folder's retention period on its document list, for administrators (the only ones who may set it): what applies
 * and where it is set, and a small form to give the folder its own period or let it inherit again.
 */
export function createFolderRetention(
  context: AppContext,
  folderId: string,
): { element: HTMLElement; render(): void; destroy(): void } {
  const element = h('div', { class: 'folder-retention-region', id: 'folder-retention-region' });
  let details: FolderDetails | null = null;
  let loadError: Message | null = null;
  let saved: Message | null = null;
  let started = false;
  let destroyed = false;
  const form: RetentionFormState = { open: false, mode: 'inherit', days: '', busy: false, error: null };

  function summary(): string {
    const d = context.t();
    const rule = details?.retention ?? null;
    if (!rule) return d.folderRetentionNone;
    return d.folderRetention(
      d.days(rule.days),
      retentionSource(d, rule, (id) => context.folder(id), folderId),
    );
  }

  function renderForm(): HTMLElement {
    const d = context.t();
    const radio = (mode: RetentionFormState['mode'], label: string, hint: string) => {
      const input = h('input', {
        type: 'radio',
        name: 'retention-mode',
        id: `retention-${mode}`,
        value: mode,
        'aria-describedby': `retention-${mode}-hint`,
      });
      input.checked = form.mode === mode;
      input.addEventListener('change', () => {
        if (!input.checked) return;
        form.mode = mode;
        form.error = null;
        keepFocus(render);
      });
      return choice({ input, label, hint, hintId: `retention-${mode}-hint` });
    };
    const daysError = form.error?.field === 'days' ? form.error.message : null;
    const days = h('input', {
      type: 'text',
      id: 'retention-days',
      name: 'retentionDays',
      inputmode: 'numeric',
      autocomplete: 'off',
      maxlength: '5',
      'aria-describedby': daysError ? 'retention-days-hint retention-days-error' : 'retention-days-hint',
      'aria-invalid': daysError ? 'true' : undefined,
    });
    days.value = form.days;
    days.addEventListener('input', () => (form.days = days.value));
    const formError = form.error?.field === 'form' ? form.error.message : null;
    const element = h(
      'form',
      { id: 'retention-form', class: 'retention-form', novalidate: true, 'aria-labelledby': 'retention-form-title' },
      h('h2', { id: 'retention-form-title', tabindex: '-1' }, d.folderRetentionTitle),
      h('p', { class: 'hint retention-now' }, summary()),
      h(
        'fieldset',
        { class: 'choices' },
        h('legend', { class: 'visually-hidden' }, d.folderRetentionTitle),
        radio('inherit', d.folderRetentionInherit, d.folderRetentionInheritHint),
        radio('own', d.folderRetentionOwn, d.folderRetentionOwnHint),
      ),
      form.mode === 'own'
        ? h(
            'div',
            { class: 'field retention-days-field' },
            h('label', { for: 'retention-days', class: 'field-label' }, d.folderRetentionDaysLabel),
            h('p', { class: 'hint', id: 'retention-days-hint' }, d.folderRetentionDaysHint(RETENTION_MAX_DAYS)),
            days,
            daysError ? fieldError('retention-days-error', daysError.text(d)) : null,
          )
        : null,
      formError ? notice(formError, d, 'retention-form-error') : null,
      h(
        'div',
        { class: 'actions' },
        button({
          id: 'retention-save',
          type: 'submit',
          kind: 'primary',
          text: form.busy ? d.folderRetentionSaving : d.folderRetentionSave,
          disabled: form.busy,
        }),
        button({
          id: 'retention-cancel',
          kind: 'secondary',
          text: d.cancel,
          disabled: form.busy,
          onClick: () => open(false),
        }),
      ),
    );
    handleSubmit({ form: element, onSubmit: () => void save() });
    closeOnEscape({ element, isBusy: () => form.busy, onClose: () => open(false) });
    return element;
  }

  function render(): void {
    const d = context.t();
    if (context.me.role !== 'admin') {
      fill(element);
      return;
    }
    if (!details) {
      fill(element, loadError ? notice(loadError, d, 'folder-retention-error') : null);
      return;
    }
    fill(
      element,
      saved ? notice(saved, d, 'retention-saved') : null,
      form.open
        ? h('section', { class: 'card retention-card', id: 'folder-retention' }, renderForm())
        : h(
            'div',
            { class: 'folder-retention', id: 'folder-retention' },
            h('span', { class: 'folder-retention-icon' }, icon('history')),
            h(
              'p',
              { class: 'folder-retention-text' },
              h('strong', {}, d.folderRetentionLabel, ': '),
              h('span', { id: 'folder-retention-text' }, summary()),
            ),
            button({
              id: 'retention-change',
              kind: 'link',
              text: d.folderRetentionChange,
              attrs: { 'aria-expanded': 'false', 'aria-controls': 'retention-form' },
              onClick: () => open(true),
            }),
          ),
    );
  }

  function open(next: boolean): void {
    form.open = next;
    form.error = null;
    saved = null;
    if (next) {
      form.mode = details?.retentionDays ? 'own' : 'inherit';
      form.days = details?.retentionDays ? String(details.retentionDays) : '';
    }
    render();
    focusElement(document.getElementById(next ? `retention-${form.mode}` : 'retention-change'));
  }

  async function load(): Promise<void> {
    const result = await getFolder(folderId);
    if (destroyed) return;
    if (result.ok) {
      details = result.value;
      loadError = null;
    } else if (result.kind !== 'signed_out' && !(result.kind === 'http' && result.status === 404))
      loadError = failureMessage(result); // an unknown folder is said by the heading
    keepFocus(render);
  }

  async function save(): Promise<void> {
    if (form.busy) return;
    let days: number | null = null;
    if (form.mode === 'own') {
      const text = form.days.trim();
      days = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isInteger(days) || days < 1 || days > RETENTION_MAX_DAYS) {
        form.error = {
          field: 'days',
          message: { tone: 'bad', text: (d) => d.folderRetentionDaysInvalid(RETENTION_MAX_DAYS) },
        };
        render();
        focusElement(document.getElementById('retention-days'));
        return;
      }
    }
    form.busy = true;
    form.error = null;
    keepFocus(render);
    const result = await setFolderRetention(folderId, days);
    form.busy = false;
    if (destroyed) return;
    if (result.ok) {
      details = result.value;
      form.open = false;
      saved = { tone: 'ok', text: (d) => d.folderRetentionSaved };
      render();
      focusElement(document.getElementById('retention-change'));
      return;
    }
    if (result.kind === 'signed_out') return;
    const field = result.kind === 'http' && result.status === 422 && form.mode === 'own' ? 'days' : 'form';
    form.error = { field, message: failureMessage(result, { forbidden: (d) => d.folderRetentionForbidden }) };
    render();
    focusElement(document.getElementById(field === 'days' ? 'retention-days' : 'retention-form-error'));
  }

  return {
    element,
    render() {
      render();
      if (!started && context.me.role === 'admin') {
        started = true;
        void load();
      }
    },
    destroy() {
      destroyed = true;
    },
  };
}
