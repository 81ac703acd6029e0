import type { DocumentView, SendResult, Signer } from './api.js';
import { describeMethod } from './describe-event.js';
import { addDays, dateInput, endOfDay, sortedSigners, turnOf, type SendFormState } from './document-state.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button, card, choice, cardHead, fact, fieldError, titleText } from './ui.js';
import { h, icon } from '../shared/dom.js';
import { handleSubmit, closeOnEscape } from '../shared/form-events.js';

export const MAX_EXPIRY_DAYS = 365;

/** Sending a draft: the order (all at once, or one after another) and the last day the links work; then the review. */
export function renderSend(options: {
  d: Dictionary;
  doc: DocumentView;
  form: SendFormState;
  onReview: () => void;
  onSend: () => void;
  onBack: () => void;
}): HTMLElement {
  const { d, doc, form } = options;
  if (form.reviewing) return renderReview(options);
  const signers = sortedSigners(doc.signers);
  const radio = (value: 'parallel' | 'sequential', label: string, hint: string) => {
    const input = h('input', {
      type: 'radio',
      id: `order-${value}`,
      name: 'order',
      value,
      checked: form.order === value,
      'aria-describedby': `order-${value}-hint`,
    });
    input.addEventListener('change', () => {
      if (input.checked) form.order = value;
      const summary = document.getElementById('send-summary');
      if (summary) summary.textContent = summaryText(d, form, signers);
    });
    return choice({ input, label, hint, hintId: `order-${value}-hint` });
  };
  const today = new Date();
  const expires = h('input', {
    id: 'send-expires',
    name: 'expiresAt',
    type: 'date',
    required: true,
    min: dateInput(addDays(today, 1)),
    max: dateInput(addDays(today, MAX_EXPIRY_DAYS - 1)),
    'aria-describedby': form.error?.field === 'expires' ? 'send-expires-hint send-expires-error' : 'send-expires-hint',
    'aria-invalid': form.error?.field === 'expires' ? 'true' : undefined,
  });
  expires.value = form.expires;
  expires.addEventListener('input', () => (form.expires = expires.value));
  expires.addEventListener('change', () => (form.expires = expires.value));
  const element = h(
    'form',
    { id: 'send-form', class: 'send-form', novalidate: true },
    h(
      'fieldset',
      { class: 'choices' },
      h('legend', { class: 'field-label' }, d.orderLegend),
      radio('parallel', d.orderParallel, d.orderParallelHint),
      radio('sequential', d.orderSequential, d.orderSequentialHint),
    ),
    h(
      'div',
      { class: 'field field-date' },
      h('label', { for: 'send-expires', class: 'field-label' }, d.expiresLabel),
      expires,
      h('p', { class: 'hint', id: 'send-expires-hint' }, d.expiresHint(MAX_EXPIRY_DAYS)),
      form.error?.field === 'expires' ? fieldError('send-expires-error', form.error.message.text(d)) : null,
    ),
    h('p', { class: 'send-summary', id: 'send-summary' }, summaryText(d, form, signers)),
    form.error?.field === 'form' ? fieldError('send-form-error', form.error.message.text(d)) : null,
    h(
      'div',
      { class: 'actions' },
      button({ id: 'send-submit', type: 'submit', kind: 'primary', icon: 'send', text: d.sendSubmit }),
    ),
  );
  handleSubmit({ form: element, onSubmit: () => options.onReview() });
  return card(
    { id: 'send', 'aria-labelledby': 'send-title' },
    cardHead({ icon: 'send', title: d.sendTitle, id: 'send-title' }),
    h('p', { class: 'panel-intro' }, d.sendIntro),
    element,
  );
}

function summaryText(d: Dictionary, form: SendFormState, signers: Signer[]): string {
  if (signers.length === 0) return d.sendNoSigners;
  return form.order === 'sequential' && signers.length > 1
    ? d.sendSummarySequential(signers[0]!.name, signers.length)
    : d.sendSummaryParallel(signers.length);
}

/**
 * The last look before anything is sent: the document, the order, until when the links work, and every signer in
 * order with how they prove who they are and the language of their e-mails. Only "Send now" sends; "Back to
 * editing" (or Escape) returns to the form with everything kept.
 */
function renderReview(options: {
  d: Dictionary;
  doc: DocumentView;
  form: SendFormState;
  onSend: () => void;
  onBack: () => void;
}): HTMLElement {
  const { d, doc, form } = options;
  const signers = sortedSigners(doc.signers);
  const deadline = endOfDay(form.expires);
  const deadlineText = deadline
    ? new Intl.DateTimeFormat(d.locale, { dateStyle: 'full' }).format(deadline)
    : form.expires;
  const panel = h(
    'div',
    { id: 'review', class: 'review', role: 'region', 'aria-labelledby': 'review-title' },
    h('h3', { id: 'review-title', tabindex: '-1' }, d.reviewTitle),
    h('p', { class: 'panel-intro' }, d.reviewIntro),
    h(
      'dl',
      { class: 'facts review-facts' },
      fact(
        d.reviewDocument,
        h(
          'span',
          {},
          titleText(d, doc),
          ' ',
          h('span', { class: 'mono review-code' }, doc.code),
          doc.pageCount ? ` · ${d.pageCount(doc.pageCount)}` : '',
        ),
      ),
      fact(
        d.reviewOrder,
        h(
          'span',
          { id: 'review-order' },
          form.order === 'sequential' ? d.orderSequential : d.orderParallel,
          ' – ',
          summaryText(d, form, signers),
        ),
      ),
      fact(d.reviewDeadline, h('span', { id: 'review-deadline' }, d.reviewDeadlineValue(deadlineText))),
    ),
    h('h4', { class: 'review-signers-title', id: 'review-signers-title' }, d.reviewSigners(signers.length)),
    h(
      'ol',
      { class: 'review-signers', id: 'review-signers', 'aria-labelledby': 'review-signers-title' },
      ...signers.map((signer) =>
        h(
          'li',
          { 'data-signer': signer.id },
          h('span', { class: 'signer-position', 'aria-hidden': 'true' }, String(signer.position)),
          h(
            'div',
            {},
            h(
              'p',
              { class: 'signer-name' },
              signer.name,
              ' ',
              h('span', { class: 'signer-email' }, `<${signer.email}>`),
            ),
            h(
              'p',
              { class: 'review-signer-facts' },
              describeMethod(d, signer.authMethod),
              ' · ',
              h('span', { class: 'review-language' }, d.signerLanguage(signer.language === 'en' ? 'en' : 'nb')),
            ),
          ),
        ),
      ),
    ),
    form.error?.field === 'form' ? fieldError('send-form-error', form.error.message.text(d)) : null,
    h(
      'div',
      { class: 'actions' },
      button({
        id: 'send-confirm',
        kind: 'primary',
        icon: 'send',
        text: form.busy ? d.sending : d.reviewConfirm,
        disabled: form.busy,
        onClick: options.onSend,
      }),
      button({
        id: 'send-back',
        kind: 'secondary',
        icon: 'back',
        text: d.reviewBack,
        disabled: form.busy,
        onClick: options.onBack,
      }),
    ),
  );
  closeOnEscape({ element: panel, isBusy: () => form.busy, onClose: () => options.onBack() });
  return card(
    { id: 'send', class: 'review-card', 'aria-labelledby': 'send-title' },
    cardHead({ icon: 'send', title: d.sendTitle, id: 'send-title' }),
    panel,
  );
}

/**
 * The personal signing links from the send answer, each with a copy button, and a clear warning: whoever holds a
 * link can sign as that person. They live in this tab's memory only and disappear on reload.
 */
export function renderLinks(options: {
  d: Dictionary;
  doc: DocumentView;
  sent: SendResult;
  copied: { id: string; ok: boolean } | null;
  onCopy: (signerId: string, url: string, field: HTMLInputElement) => void;
  onHide: () => void;
}): HTMLElement {
  const { d, sent, doc } = options;
  // Only the links that can still be used: a signer who has signed (or declined) needs theirs no more.
  const open = new Set((doc.signers ?? []).filter((s) => s.status === 'pending').map((s) => s.id));
  const turn = turnOf(doc);
  const signers = [...sent.signers].filter((s) => open.has(s.id)).sort((a, b) => a.position - b.position);
  return card(
    { id: 'links', class: 'links-card', 'aria-labelledby': 'links-title' },
    cardHead({ icon: 'key', title: d.linksTitle, id: 'links-title' }),
    h(
      'div',
      { class: 'notice tone-warn links-warning', id: 'links-warning' },
      icon('lock'),
      h('div', {}, h('p', {}, h('strong', {}, d.linksWarningTitle), ' ', d.linksWarning), h('p', {}, d.linksOnce)),
    ),
    h(
      'ul',
      { class: 'link-list', id: 'link-list' },
      ...signers.map((signer, index) => {
        const field = h('input', {
          id: `link-${index}`,
          class: 'link-field mono',
          type: 'text',
          readonly: true,
          value: signer.signingUrl,
          'aria-label': d.linkFor(signer.name),
          spellcheck: 'false',
          'data-signer': signer.id,
        });
        field.value = signer.signingUrl;
        field.addEventListener('focus', () => field.select());
        const copied = options.copied?.id === signer.id ? options.copied : null;
        const mailed = turn.has(signer.id);
        const copy = button({
          id: `copy-${index}`,
          kind: 'secondary',
          icon: copied?.ok ? 'ok' : 'copy',
          text: copied ? (copied.ok ? d.copied : d.copyFailed) : d.copyLink,
          attrs: { 'aria-describedby': `link-name-${index}`, class: 'secondary copy-button' },
          onClick: () => options.onCopy(signer.id, signer.signingUrl, field),
        });
        return h(
          'li',
          { class: 'link-item', 'data-signer': signer.id },
          h(
            'div',
            { class: 'link-who' },
            h('span', { class: 'signer-position', 'aria-hidden': 'true' }, String(signer.position)),
            h(
              'div',
              {},
              h('p', { class: 'signer-name', id: `link-name-${index}` }, signer.name),
              h('p', { class: 'signer-email' }, signer.email),
            ),
            h(
              'span',
              { class: `chip ${mailed ? 'tone-ok' : 'tone-neutral'}` },
              icon(mailed ? 'mail' : 'wait'),
              h('span', {}, mailed ? d.linkMailed : d.linkMailedLater),
            ),
          ),
          h('div', { class: 'link-row' }, field, copy),
        );
      }),
    ),
    h(
      'p',
      { class: 'sr-status visually-hidden', role: 'status', id: 'copy-status' },
      options.copied
        ? options.copied.ok
          ? d.copiedFor(signers.find((s) => s.id === options.copied!.id)?.name ?? '')
          : d.copyFailed
        : '',
    ),
    h(
      'div',
      { class: 'actions' },
      button({ id: 'links-hide', kind: 'link', text: d.linksHide, onClick: options.onHide }),
    ),
  );
}
