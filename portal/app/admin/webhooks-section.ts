import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  type DeliveryView,
  type WebhookView,
} from '../api.js';
import { canManage } from '../folders.js';
import type { Dictionary } from '../i18n/dictionary.js';
import { button, card, cardHead, timeElement, working, type Message } from '../ui.js';
import { h } from '../../shared/dom.js';
import { failureText, field, message, select, shownOnce, textInput } from './admin-kit.js';
import type { Section, SectionHost } from './section.js';

/** Webhooks: add (the signing secret shown once), the recent deliveries with "send again", delete. */
export function webhooksSection(host: SectionHost): Section {
  const { context } = host;
  let hooks: WebhookView[] | null = null;
  const deliveries = new Map<string, DeliveryView[]>();
  const form = { url: '', folder: '', error: null as string | null };
  let secret: string | null = null;
  let result: Message | null = null;

  async function load(): Promise<void> {
    const answer = await listWebhooks();
    hooks = answer.ok ? answer.value.filter((w) => !w.disabledAt) : [];
    if (!answer.ok) result = { tone: 'bad', text: (d) => failureText(d, answer) };
    host.update();
  }

  async function showDeliveries(id: string): Promise<void> {
    if (deliveries.has(id)) deliveries.delete(id);
    else {
      const answer = await listDeliveries(id);
      deliveries.set(id, answer.ok ? answer.value : []);
    }
    host.update(`deliveries-${id}`);
  }

  function render(d: Dictionary): Node {
    const a = d.admin.webhooks;
    const url = textInput('webhook-url', form.url, {
      type: 'url',
      maxlength: '2000',
      spellcheck: 'false',
      placeholder: 'https://',
    });
    url.addEventListener('input', () => (form.url = url.value));
    const folders: [string, string][] = [
      ...(context.me.role === 'admin' ? [['', a.everywhere] as [string, string]] : []),
      ...context.folders
        .filter((f) => canManage(context.me, f))
        .map((f): [string, string] => [f.id, `${'\u2003'.repeat(f.depth)}${f.name}`]),
    ];
    if (!form.folder && context.me.role !== 'admin') form.folder = folders[0]?.[0] ?? '';
    const folder = select('webhook-folder', folders, form.folder);
    folder.addEventListener('change', () => (form.folder = folder.value));
    const createForm = h(
      'form',
      { id: 'webhook-form', class: 'admin-form', novalidate: true },
      h('h3', {}, a.create),
      h(
        'div',
        { class: 'field-grid' },
        field({ id: 'webhook-url', label: a.url, input: url, error: form.error }),
        field({ id: 'webhook-folder', label: a.folder, input: folder }),
      ),
      h('p', { class: 'hint' }, `${a.events}: ${a.allEvents}`),
      h(
        'div',
        { class: 'actions' },
        button({ id: 'webhook-submit', type: 'submit', kind: 'primary', icon: 'plus', text: a.createSubmit }),
      ),
    );
    createForm.addEventListener('submit', (event) => {
      event.preventDefault();
      form.error = /^https?:\/\/\S+$/i.test(form.url.trim()) ? null : a.errors.invalid_webhook_url!;
      if (form.error) return host.update('webhook-url');
      void createWebhook({ url: form.url.trim(), events: ['*'], folderId: form.folder || null }).then(
        async (answer) => {
          if (!answer.ok) {
            form.error = failureText(context.t(), answer, context.t().admin.webhooks.errors);
            return host.update('webhook-url');
          }
          secret = answer.value.secret;
          form.url = '';
          await load();
          host.update('webhook-secret');
        },
      );
    });
    const list = hooks
      ? hooks.length
        ? h(
            'ul',
            { class: 'admin-list', id: 'webhook-list' },
            ...hooks.map((hook) => {
              const shown = deliveries.get(hook.id);
              return h(
                'li',
                { class: 'admin-row admin-row-block', 'data-webhook': hook.url },
                h(
                  'div',
                  { class: 'admin-row-main' },
                  h('p', { class: 'admin-row-title mono' }, hook.url),
                  h(
                    'p',
                    { class: 'hint' },
                    `${a.folder}: ${hook.folderId ? (context.folder(hook.folderId)?.name ?? '–') : a.everywhere}` +
                      ` · ${hook.events.join(', ')}`,
                  ),
                ),
                h(
                  'div',
                  { class: 'actions admin-row-actions' },
                  button({
                    id: `deliveries-${hook.id}`,
                    kind: 'secondary',
                    text: shown ? a.hide : a.show,
                    attrs: { 'aria-expanded': String(Boolean(shown)) },
                    onClick: () => void showDeliveries(hook.id),
                  }),
                  button({
                    kind: 'danger',
                    text: d.admin.delete,
                    attrs: { 'aria-label': `${d.admin.delete}: ${hook.url}` },
                    onClick: () =>
                      window.confirm(d.admin.confirmDelete(hook.url)) && void deleteWebhook(hook.id).then(() => load()),
                  }),
                ),
                shown
                  ? shown.length
                    ? h(
                        'ul',
                        { class: 'member-list delivery-list' },
                        ...shown.map((delivery) =>
                          h(
                            'li',
                            { 'data-delivery': delivery.id },
                            h(
                              'span',
                              {},
                              delivery.eventType,
                              ' · ',
                              a.statuses[delivery.status] ?? delivery.status,
                              ' · ',
                              a.attempts(delivery.attempts),
                              delivery.responseStatus ? ` · HTTP ${delivery.responseStatus}` : '',
                              ' · ',
                              timeElement(delivery.createdAt, d.locale),
                            ),
                            delivery.status !== 'pending'
                              ? button({
                                  kind: 'link',
                                  text: a.redeliver,
                                  onClick: () =>
                                    void redeliver(hook.id, delivery.id).then(async (answer) => {
                                      result = answer.ok
                                        ? { tone: 'ok', text: (x) => x.admin.webhooks.redelivered }
                                        : { tone: 'bad', text: (x) => failureText(x, answer) };
                                      deliveries.delete(hook.id);
                                      await showDeliveries(hook.id);
                                    }),
                                })
                              : null,
                          ),
                        ),
                      )
                    : h('p', { class: 'hint' }, a.noDeliveries)
                  : null,
              );
            }),
          )
        : h('p', { class: 'hint' }, d.admin.empty)
      : working(d.loading);
    return h(
      'div',
      {},
      secret ? shownOnce(d, { id: 'webhook-secret', label: a.created, value: secret }) : null,
      card(
        { id: 'webhooks', 'aria-labelledby': 'webhooks-title' },
        cardHead({ icon: 'send', title: d.admin.nav.webhooks, id: 'webhooks-title' }),
        message(d, result, 'webhooks-result'),
        list,
      ),
      folders.length ? card({}, createForm) : null,
    );
  }
  return { load, render };
}
