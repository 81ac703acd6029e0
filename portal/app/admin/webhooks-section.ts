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
import { field, button, timeElement, type Message } from '../ui.js';
import { h } from '../../shared/dom.js';
import { adminForm, fieldGrid } from './admin-form.js';
import { failureNotice, failureText, outcomeNotice, select, shownOnce, textInput } from './admin-kit.js';
import { adminList, adminRow, sectionLayout } from './section-layout.js';
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
    if (!answer.ok) result = failureNotice(answer);
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
    const createForm = adminForm({
      id: 'webhook-form',
      title: a.create,
      fields: [
        fieldGrid(
          field({ id: 'webhook-url', label: a.url, input: url, error: form.error }),
          field({ id: 'webhook-folder', label: a.folder, input: folder }),
        ),
        h('p', { class: 'hint' }, `${a.events}: ${a.allEvents}`),
      ],
      submit: { id: 'webhook-submit', icon: 'plus', text: a.createSubmit },
      onSubmit: () => {
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
      },
    });
    const list = adminList(d, {
      id: 'webhook-list',
      items: hooks,
      row: (hook) => {
        const shown = deliveries.get(hook.id);
        return adminRow({
          data: { 'data-webhook': hook.url },
          block: true,
          title: [hook.url],
          mono: true,
          about: [
            h(
              'p',
              { class: 'hint' },
              `${a.folder}: ${hook.folderId ? (context.folder(hook.folderId)?.name ?? '–') : a.everywhere}` +
                ` · ${hook.events.join(', ')}`,
            ),
          ],
          actions: [
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
          ],
          more: [
            shown
              ? adminList(d, {
                  items: shown,
                  className: 'member-list delivery-list',
                  empty: a.noDeliveries,
                  row: (delivery) =>
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
                                result = outcomeNotice({ answer, done: (x) => x.admin.webhooks.redelivered });
                                deliveries.delete(hook.id);
                                await showDeliveries(hook.id);
                              }),
                          })
                        : null,
                    ),
                })
              : null,
          ],
        });
      },
    });
    return sectionLayout(d, {
      key: 'webhooks',
      icon: 'send',
      title: d.admin.nav.webhooks,
      shownOnce: secret ? shownOnce(d, { id: 'webhook-secret', label: a.created, value: secret }) : null,
      result,
      content: list,
      form: folders.length ? createForm : null,
    });
  }
  return { load, render };
}
