import type { DocumentView, Signer } from './api.js';
import { describeMethod } from './describe-event.js';
import { sortedSigners, turnOf, type SignerFormState } from './document-state.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button, card, cardHead, fieldError, notice, timeElement } from './ui.js';
import { h, icon } from '../shared/dom.js';

function signerStatus(d: Dictionary, doc: DocumentView, signer: Signer, turn: Set<string>): HTMLElement {
  if (signer.status === 'signed') return h('span', { class: 'chip tone-ok' }, icon('ok'), h('span', {}, d.signerSigned, ' ', timeElement(signer.signedAt, d.locale)));
  if (signer.status === 'declined') return h('span', { class: 'chip tone-bad' }, icon('bad'), h('span', {}, d.signerDeclined, ' ', timeElement(signer.declinedAt, d.locale)));
  if (doc.status === 'draft') return h('span', { class: 'chip tone-neutral' }, d.signerNotSent);
  if (doc.status !== 'pending') return h('span', { class: 'chip tone-neutral' }, d.signerDidNotSign);
  if (turn.has(signer.id)) return h('span', { class: 'chip tone-progress' }, icon('wait'), h('span', {}, doc.order === 'sequential' ? d.signerTheirTurn : d.signerWaiting));
  return h('span', { class: 'chip tone-neutral' }, d.signerLater);
}

/** The signers in their order, each with how they prove who they are and where they stand. */
function renderSignerList(d: Dictionary, doc: DocumentView): HTMLElement {
  const signers = sortedSigners(doc.signers);
  if (!signers.length) return h('p', { class: 'empty-inline', id: 'no-signers' }, doc.status === 'draft' ? d.noSignersYet : doc.status === 'deleted' && !doc.title.trim() ? d.noSignersErased : d.noSigners);
  const turn = turnOf(doc);
  return h(
    'ol',
    { class: 'signer-list', id: 'signer-list' },
    ...signers.map((signer) =>
      h(
        'li',
        { class: 'signer', 'data-signer': signer.id, 'data-status': signer.status },
        h('span', { class: 'signer-position', 'aria-hidden': 'true' }, String(signer.position)),
        h(
          'div',
          { class: 'signer-body' },
          h('p', { class: 'signer-name' }, h('span', { class: 'visually-hidden' }, d.positionN(signer.position), ': '), signer.name),
          h('p', { class: 'signer-email' }, signer.email),
          h('p', { class: 'signer-method' }, icon(signer.authMethod === 'email-otp' ? 'mail' : 'key'), describeMethod(d, signer.authMethod)),
          signer.status === 'declined' && signer.declineReason ? h('p', { class: 'signer-reason' }, d.declineReasonQuoted(signer.declineReason)) : null,
        ),
        h('div', { class: 'signer-status' }, signerStatus(d, doc, signer, turn)),
      ),
    ),
  );
}

/** Adding a signer (drafts only): name, e-mail, how they prove who they are, the language of their e-mails. */
function renderSignerForm(options: { d: Dictionary; form: SignerFormState; onChange: () => void; onSubmit: () => void }): HTMLElement {
  const { d, form } = options;
  const errors = form.errors;
  const described = (field: keyof SignerFormState['errors'], hint?: string) => [hint, errors[field] ? `signer-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const invalid = (field: keyof SignerFormState['errors']) => (errors[field] ? 'true' : undefined);
  const error = (field: keyof SignerFormState['errors']) => (errors[field] ? fieldError(`signer-${field}-error`, errors[field]!.text(d)) : null);

  const name = h('input', { id: 'signer-name', name: 'name', type: 'text', required: true, maxlength: '200', autocomplete: 'off', 'aria-describedby': described('name'), 'aria-invalid': invalid('name') });
  name.value = form.name;
  name.addEventListener('input', () => (form.name = name.value));
  const email = h('input', { id: 'signer-email', name: 'email', type: 'email', required: true, maxlength: '320', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': described('email'), 'aria-invalid': invalid('email') });
  email.value = form.email;
  email.addEventListener('input', () => (form.email = email.value));
  const method = h(
    'select',
    { id: 'signer-method', name: 'authMethod', 'aria-describedby': described('method', 'signer-method-hint'), 'aria-invalid': invalid('method') },
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
  const provider = h('input', { id: 'signer-provider', name: 'provider', type: 'text', maxlength: '40', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', pattern: '[a-z0-9]+', 'aria-describedby': described('provider', 'signer-provider-hint'), 'aria-invalid': invalid('provider') });
  provider.value = form.provider;
  provider.addEventListener('input', () => (form.provider = provider.value));
  const language = h('select', { id: 'signer-language', name: 'language' }, h('option', { value: 'nb', lang: 'nb' }, 'Norsk (bokmål)'), h('option', { value: 'en', lang: 'en' }, 'English'));
  language.value = form.language;
  language.addEventListener('change', () => (form.language = language.value === 'en' ? 'en' : 'nb'));

  const element = h(
    'form',
    { id: 'signer-form', class: 'signer-form', novalidate: true, 'aria-labelledby': 'signer-form-title' },
    h('h3', { id: 'signer-form-title' }, d.addSignerTitle),
    h(
      'div',
      { class: 'field-grid' },
      h('div', { class: 'field' }, h('label', { for: 'signer-name', class: 'field-label' }, d.signerNameLabel), name, error('name')),
      h('div', { class: 'field' }, h('label', { for: 'signer-email', class: 'field-label' }, d.signerEmailLabel), email, error('email')),
      h('div', { class: 'field' }, h('label', { for: 'signer-method', class: 'field-label' }, d.signerMethodLabel), method, h('p', { class: 'hint', id: 'signer-method-hint' }, form.method === 'oidc' ? d.methodOidcHint : d.methodEmailOtpHint), error('method')),
      form.method === 'oidc'
        ? h('div', { class: 'field' }, h('label', { for: 'signer-provider', class: 'field-label' }, d.signerProviderLabel), provider, h('p', { class: 'hint', id: 'signer-provider-hint' }, d.signerProviderHint), error('provider'))
        : null,
      h('div', { class: 'field' }, h('label', { for: 'signer-language', class: 'field-label' }, d.signerLanguageLabel), language),
    ),
    error('form'),
    h('div', { class: 'actions' }, button({ id: 'signer-add', type: 'submit', kind: 'secondary', icon: 'plus', text: form.busy ? d.adding : d.addSigner, disabled: form.busy })),
    form.added ? notice(form.added, d, 'signer-added') : null,
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    options.onSubmit();
  });
  return element;
}

export function renderSigners(options: { d: Dictionary; doc: DocumentView; editable: boolean; form: SignerFormState; onChange: () => void; onSubmit: () => void }): HTMLElement {
  const { d, doc } = options;
  const count = doc.signers?.length ?? 0;
  return card(
    { id: 'signers', 'aria-labelledby': 'signers-title' },
    cardHead({ icon: 'users', title: d.signersTitle, id: 'signers-title', extra: count ? h('span', { class: 'count' }, d.signerCount(count)) : null }),
    renderSignerList(d, doc),
    doc.status === 'draft' && options.editable ? renderSignerForm({ d, form: options.form, onChange: options.onChange, onSubmit: options.onSubmit }) : null,
  );
}
