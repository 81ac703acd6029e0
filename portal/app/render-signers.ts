import type { DocumentView, Signer } from './api.js';
import { describeMethod } from './describe-event.js';
import {
  sortedSigners,
  turnOf,
  type SignerEditState,
  type SignerFields,
  type SignerFormState,
  type SignerLanguage,
  type SignerListState,
} from './document-state.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button, card, cardHead, field, fieldError, notice, timeElement } from './ui.js';
import { h, icon } from '../shared/dom.js';
import { handleSubmit, closeOnEscape } from '../shared/form-events.js';

/** What the signers card can ask for; the document view (signers-panel.ts) does it. */
export interface SignerActions {
  add(): void;
  startEdit(signer: Signer): void;
  saveEdit(): void;
  askRemove(signer: Signer): void;
  confirmRemove(): void;
  /** Cancel (or Escape) on the row's edit form, Keep (or Escape) on its remove confirmation. */
  closePanel(): void;
  move(signer: Signer, delta: -1 | 1): void;
  /** A field changed in a way that changes the form (the method shows or hides the provider key). */
  formChanged(): void;
}

function signerStatus(d: Dictionary, doc: DocumentView, signer: Signer, turn: Set<string>): HTMLElement {
  if (signer.status === 'signed')
    return h(
      'span',
      { class: 'chip tone-ok' },
      icon('ok'),
      h('span', {}, d.signerSigned, ' ', timeElement(signer.signedAt, d.locale)),
    );
  if (signer.status === 'declined')
    return h(
      'span',
      { class: 'chip tone-bad' },
      icon('bad'),
      h('span', {}, d.signerDeclined, ' ', timeElement(signer.declinedAt, d.locale)),
    );
  if (doc.status === 'draft') return h('span', { class: 'chip tone-neutral' }, d.signerNotSent);
  if (doc.status !== 'pending') return h('span', { class: 'chip tone-neutral' }, d.signerDidNotSign);
  if (turn.has(signer.id))
    return h(
      'span',
      { class: 'chip tone-progress' },
      icon('wait'),
      h('span', {}, doc.order === 'sequential' ? d.signerTheirTurn : d.signerWaiting),
    );
  return h('span', { class: 'chip tone-neutral' }, d.signerLater);
}

/** The language a signer's e-mails and signing page are in (older servers may not say: nothing is shown then). */
function languageLine(d: Dictionary, signer: Signer): HTMLElement | null {
  if (signer.language !== 'nb' && signer.language !== 'en') return null;
  return h(
    'p',
    { class: 'signer-language', 'data-language': signer.language },
    icon('globe'),
    h('span', {}, d.signerLanguage(signer.language)),
  );
}

/** Edit, move up and down, remove: on a draft, for those who may edit it. The move buttons say whom they move. */
function rowActions(
  d: Dictionary,
  signer: Signer,
  index: number,
  count: number,
  list: SignerListState,
  actions: SignerActions,
): HTMLElement {
  const busy = list.moving !== null || list.removing?.busy === true;
  const iconButton = (options: {
    id: string;
    iconName: 'up' | 'down';
    label: string;
    disabled: boolean;
    onClick: () => void;
  }) => {
    const element = h(
      'button',
      {
        type: 'button',
        id: options.id,
        class: 'secondary icon-button',
        'aria-label': options.label,
        title: options.label,
        disabled: options.disabled,
      },
      icon(options.iconName),
    );
    element.addEventListener('click', options.onClick);
    return element;
  };
  const up = iconButton({
    id: `move-up-${signer.id}`,
    iconName: 'up',
    label: d.signerMoveUpLabel(signer.name),
    disabled: busy || index === 0,
    onClick: () => actions.move(signer, -1),
  });
  const down = iconButton({
    id: `move-down-${signer.id}`,
    iconName: 'down',
    label: d.signerMoveDownLabel(signer.name),
    disabled: busy || index === count - 1,
    onClick: () => actions.move(signer, 1),
  });
  return h(
    'div',
    { class: 'signer-actions' },
    button({
      id: `edit-${signer.id}`,
      kind: 'secondary',
      icon: 'pen',
      text: d.signerEdit,
      disabled: busy,
      attrs: { 'aria-label': d.signerEditLabel(signer.name), class: 'secondary small' },
      onClick: () => actions.startEdit(signer),
    }),
    count > 1 ? up : null,
    count > 1 ? down : null,
    button({
      id: `remove-${signer.id}`,
      kind: 'secondary',
      icon: 'trash',
      text: d.signerRemove,
      disabled: busy,
      attrs: { 'aria-label': d.signerRemoveLabel(signer.name), class: 'secondary small danger-outline' },
      onClick: () => actions.askRemove(signer),
    }),
  );
}

/** "Remove Eva Berg from the signers?" in the row itself; focus goes to the confirmation. */
function removeConfirmation(d: Dictionary, signer: Signer, list: SignerListState, actions: SignerActions): HTMLElement {
  const removing = list.removing!;
  const panel = h(
    'div',
    { class: 'signer-remove', id: 'remove-panel', role: 'group', 'aria-labelledby': 'remove-question' },
    h('p', { id: 'remove-question', class: 'remove-question', tabindex: '-1' }, d.signerRemoveConfirm(signer.name)),
    removing.error ? fieldError('remove-error', removing.error.text(d)) : null,
    h(
      'div',
      { class: 'actions' },
      button({
        id: 'remove-confirm',
        kind: 'danger',
        text: removing.busy ? d.signerSaving : d.signerRemoveYes,
        disabled: removing.busy,
        attrs: { class: 'danger small' },
        onClick: () => actions.confirmRemove(),
      }),
      button({
        id: 'remove-keep',
        kind: 'secondary',
        text: d.signerRemoveKeep,
        disabled: removing.busy,
        attrs: { class: 'secondary small' },
        onClick: () => actions.closePanel(),
      }),
    ),
  );
  closeOnEscape({ element: panel, isBusy: () => removing.busy, onClose: () => actions.closePanel() });
  return panel;
}

/** The signers in their order, each with how they prove who they are, their language, and where they stand. */
function renderSignerList(
  d: Dictionary,
  doc: DocumentView,
  editable: boolean,
  list: SignerListState,
  actions: SignerActions,
): HTMLElement {
  const signers = sortedSigners(doc.signers);
  if (!signers.length)
    return h(
      'p',
      { class: 'empty-inline', id: 'no-signers' },
      doc.status === 'draft'
        ? d.noSignersYet
        : doc.status === 'deleted' && !doc.title.trim()
          ? d.noSignersErased
          : d.noSigners,
    );
  const turn = turnOf(doc);
  const changeable = editable && doc.status === 'draft';
  return h(
    'ol',
    { class: 'signer-list', id: 'signer-list' },
    ...signers.map((signer, index) => {
      if (changeable && list.edit?.id === signer.id) {
        return h(
          'li',
          { class: 'signer signer-editing', 'data-signer': signer.id, 'data-status': signer.status },
          renderEditForm(d, signer, list.edit, actions),
        );
      }
      return h(
        'li',
        { class: 'signer', 'data-signer': signer.id, 'data-status': signer.status },
        h('span', { class: 'signer-position', 'aria-hidden': 'true' }, String(signer.position)),
        h(
          'div',
          { class: 'signer-body' },
          h(
            'p',
            { class: 'signer-name' },
            h('span', { class: 'visually-hidden' }, d.positionN(signer.position), ': '),
            signer.name,
          ),
          h('p', { class: 'signer-email' }, signer.email),
          h(
            'p',
            { class: 'signer-method' },
            icon(signer.authMethod === 'email-otp' ? 'mail' : 'key'),
            describeMethod(d, signer.authMethod),
          ),
          languageLine(d, signer),
          signer.status === 'declined' && signer.declineReason
            ? h('p', { class: 'signer-reason' }, d.declineReasonQuoted(signer.declineReason))
            : null,
        ),
        h('div', { class: 'signer-status' }, signerStatus(d, doc, signer, turn)),
        changeable
          ? list.removing?.id === signer.id
            ? removeConfirmation(d, signer, list, actions)
            : rowActions(d, signer, index, signers.length, list, actions)
          : null,
      );
    }),
  );
}

/**
 * Name, e-mail, how they prove who they are (and the provider's key for an identity provider), and the language of
 * their e-mails and signing page; `prefix` keeps the ids apart (`signer-` adds, `edit-` changes a signer).
 */
function signerFields(options: {
  d: Dictionary;
  prefix: 'signer' | 'edit';
  form: SignerFields;
  language: SignerLanguage;
  onChange: () => void;
}): HTMLElement {
  const { d, form, prefix } = options;
  const id = (key: string) => `${prefix}-${key}`;
  const errorText = (key: keyof SignerFields['errors']) => form.errors[key]?.text(d) ?? null;
  /** A text input that keeps `form[key]` up to date as the user types. */
  const textField = (key: 'name' | 'email' | 'provider', attributes: Record<string, string | boolean>) => {
    const input = h('input', { id: id(key), name: key, autocomplete: 'off', ...attributes });
    input.value = form[key];
    input.addEventListener('input', () => (form[key] = input.value));
    return input;
  };

  const method = h(
    'select',
    { id: id('method'), name: 'authMethod' },
    h('option', { value: 'email-otp' }, d.methodEmailOtpOption),
    h('option', { value: 'oidc' }, d.methodOidcOption),
  );
  method.value = form.method;
  method.addEventListener('change', () => {
    form.method = method.value === 'oidc' ? 'oidc' : 'email-otp';
    delete form.errors.method;
    delete form.errors.provider;
    options.onChange();
  });
  const language = h(
    'select',
    { id: id('language'), name: 'language' },
    h('option', { value: 'nb', lang: 'nb' }, d.languageNames.nb),
    h('option', { value: 'en', lang: 'en' }, d.languageNames.en),
  );
  language.value = options.language;
  language.addEventListener('change', () => (form.language = language.value === 'en' ? 'en' : 'nb'));

  return h(
    'div',
    { class: 'field-grid' },
    field({
      id: id('name'),
      label: d.signerNameLabel,
      input: textField('name', { type: 'text', required: true, maxlength: '200' }),
      error: errorText('name'),
    }),
    field({
      id: id('email'),
      label: d.signerEmailLabel,
      input: textField('email', { type: 'email', required: true, maxlength: '320', spellcheck: 'false' }),
      error: errorText('email'),
    }),
    field({
      id: id('method'),
      label: d.signerMethodLabel,
      input: method,
      hint: form.method === 'oidc' ? d.methodOidcHint : d.methodEmailOtpHint,
      error: errorText('method'),
    }),
    form.method === 'oidc'
      ? field({
          id: id('provider'),
          label: d.signerProviderLabel,
          input: textField('provider', {
            type: 'text',
            maxlength: '40',
            spellcheck: 'false',
            autocapitalize: 'none',
            pattern: '[a-z0-9]+',
          }),
          hint: d.signerProviderHint,
          error: errorText('provider'),
        })
      : null,
    field({ id: id('language'), label: d.signerLanguageLabel, input: language }),
  );
}

/** Changing a signer in place of its row: Save, or Cancel (and Escape) to leave it as it was. */
function renderEditForm(d: Dictionary, signer: Signer, edit: SignerEditState, actions: SignerActions): HTMLElement {
  const form = h(
    'form',
    { id: 'edit-form', class: 'signer-form edit-form', novalidate: true, 'aria-labelledby': 'edit-title' },
    h('h3', { id: 'edit-title', tabindex: '-1' }, d.signerEditTitle(signer.name)),
    signerFields({ d, prefix: 'edit', form: edit, language: edit.language ?? 'nb', onChange: actions.formChanged }),
    edit.errors.form ? fieldError('edit-form-error', edit.errors.form.text(d)) : null,
    h(
      'div',
      { class: 'actions' },
      button({
        id: 'edit-save',
        type: 'submit',
        kind: 'primary',
        icon: 'ok',
        text: edit.busy ? d.signerSaving : d.signerSave,
        disabled: edit.busy,
      }),
      button({
        id: 'edit-cancel',
        kind: 'secondary',
        text: d.signerEditCancel,
        disabled: edit.busy,
        onClick: () => actions.closePanel(),
      }),
    ),
  );
  handleSubmit({ form, onSubmit: () => actions.saveEdit() });
  closeOnEscape({ element: form, isBusy: () => edit.busy, onClose: () => actions.closePanel() });
  return form;
}

/** Adding a signer (drafts only); the language starts as the document's for every new signer. */
function renderAddForm(options: {
  d: Dictionary;
  form: SignerFormState;
  language: SignerLanguage;
  actions: SignerActions;
}): HTMLElement {
  const { d, form } = options;
  const element = h(
    'form',
    { id: 'signer-form', class: 'signer-form', novalidate: true, 'aria-labelledby': 'signer-form-title' },
    h('h3', { id: 'signer-form-title' }, d.addSignerTitle),
    signerFields({ d, prefix: 'signer', form, language: options.language, onChange: options.actions.formChanged }),
    form.errors.form ? fieldError('signer-form-error', form.errors.form.text(d)) : null,
    h(
      'div',
      { class: 'actions' },
      button({
        id: 'signer-add',
        type: 'submit',
        kind: 'secondary',
        icon: 'plus',
        text: form.busy ? d.adding : d.addSigner,
        disabled: form.busy,
      }),
    ),
    form.added ? notice(form.added, d, 'signer-added') : null,
  );
  handleSubmit({ form: element, onSubmit: () => options.actions.add() });
  return element;
}

export function renderSigners(options: {
  d: Dictionary;
  doc: DocumentView;
  editable: boolean;
  form: SignerFormState;
  list: SignerListState;
  /** The language a new signer gets unless the sender picks another. */
  defaultLanguage: SignerLanguage;
  actions: SignerActions;
}): HTMLElement {
  const { d, doc } = options;
  const count = doc.signers?.length ?? 0;
  const draft = doc.status === 'draft' && options.editable;
  return card(
    { id: 'signers', 'aria-labelledby': 'signers-title' },
    cardHead({
      icon: 'users',
      title: d.signersTitle,
      id: 'signers-title',
      extra: count ? h('span', { class: 'count' }, d.signerCount(count)) : null,
    }),
    draft && options.list.note ? notice(options.list.note, d, 'signers-note') : null,
    renderSignerList(d, doc, options.editable, options.list, options.actions),
    draft
      ? renderAddForm({
          d,
          form: options.form,
          language: options.form.language ?? options.defaultLanguage,
          actions: options.actions,
        })
      : null,
  );
}
