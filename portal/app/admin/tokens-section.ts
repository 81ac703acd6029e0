import { createToken, listTokens, revokeToken, type TokenView } from '../api.js';
import { endOfDay } from '../document-state.js';
import type { Dictionary } from '../i18n/dictionary.js';
import { field, button, choice, fieldError, timeElement, type Message } from '../ui.js';
import { h } from '../../shared/dom.js';
import { adminForm } from './admin-form.js';
import { failureNotice, failureText, outcomeNotice, shownOnce, textInput } from './admin-kit.js';
import { adminList, adminRow, sectionLayout } from './section-layout.js';
import type { Section, SectionHost } from './section.js';

const SCOPES = [
  '*',
  'documents:read',
  'documents:write',
  'folders:read',
  'folders:write',
  'webhooks:read',
  'webhooks:write',
];

/** The caller's API tokens: create with scopes and an expiry (the token shown once), list, revoke. */
export function tokensSection(host: SectionHost): Section {
  let tokens: TokenView[] | null = null;
  const form = {
    name: '',
    scopes: new Set<string>(['*']),
    expires: '',
    errors: {} as Record<string, string>,
    busy: false,
  };
  let created: string | null = null;
  let result: Message | null = null;

  async function load(): Promise<void> {
    const answer = await listTokens();
    tokens = answer.ok ? answer.value.filter((t) => !t.revokedAt) : [];
    if (!answer.ok) result = failureNotice(answer);
    host.update();
  }

  async function submit(): Promise<void> {
    const d = host.context.t().admin;
    form.errors = {};
    if (!form.name.trim()) form.errors.name = d.required(d.tokens.name);
    if (!form.scopes.size) form.errors.scopes = d.tokens.pickScope;
    const until = form.expires ? endOfDay(form.expires) : null;
    if (form.expires && (!until || until.getTime() <= Date.now())) form.errors.expires = d.tokens.expiresPast;
    const first = ['name', 'scopes', 'expires'].find((k) => form.errors[k]);
    if (first) return host.update(first === 'scopes' ? 'scope-0' : `token-${first}`);
    form.busy = true;
    host.update();
    const answer = await createToken({
      name: form.name.trim(),
      scopes: [...form.scopes],
      ...(until ? { expiresAt: until.toISOString() } : {}),
    });
    form.busy = false;
    if (!answer.ok) {
      form.errors.name = failureText(host.context.t(), answer);
      return host.update('token-name');
    }
    created = answer.value.token;
    form.name = '';
    form.expires = '';
    await load();
    host.update('new-token');
  }

  function render(d: Dictionary): Node {
    const a = d.admin.tokens;
    const name = textInput('token-name', form.name, { maxlength: '200' });
    name.addEventListener('input', () => (form.name = name.value));
    const expires = h('input', { id: 'token-expires', name: 'expires', type: 'date' });
    expires.value = form.expires;
    expires.addEventListener('change', () => (form.expires = expires.value));
    const scopes = h(
      'fieldset',
      { class: 'choices', 'aria-describedby': form.errors.scopes ? 'token-scopes-error' : undefined },
      h('legend', { class: 'field-label' }, a.scopes),
      ...SCOPES.map((scope, i) => {
        const box = h('input', { type: 'checkbox', id: `scope-${i}`, value: scope, checked: form.scopes.has(scope) });
        box.addEventListener('change', () => (box.checked ? form.scopes.add(scope) : form.scopes.delete(scope)));
        return choice({ input: box, label: a.scopeNames[scope] ?? scope, hint: scope, mono: true });
      }),
      form.errors.scopes ? fieldError('token-scopes-error', form.errors.scopes) : null,
    );
    const createForm = adminForm({
      id: 'token-form',
      title: a.create,
      fields: [
        field({ id: 'token-name', label: a.name, input: name, error: form.errors.name }),
        scopes,
        field({
          id: 'token-expires',
          label: a.expires,
          input: expires,
          hint: a.expiresHint,
          error: form.errors.expires,
        }),
      ],
      submit: { id: 'token-submit', icon: 'key', text: a.createSubmit, disabled: form.busy },
      onSubmit: () => void submit(),
    });
    const list = adminList(d, {
      id: 'token-list',
      items: tokens,
      row: (token) =>
        adminRow({
          data: { 'data-token': token.name },
          title: [token.name],
          about: [
            h(
              'p',
              { class: 'hint' },
              `${a.prefix} `,
              h('span', { class: 'mono' }, token.prefix),
              ' · ',
              token.scopes.map((s) => a.scopeNames[s] ?? s).join(', '),
            ),
          ],
          facts: h(
            'div',
            { class: 'admin-row-facts hint' },
            `${a.expires}: `,
            token.expiresAt ? timeElement(token.expiresAt, d.locale, { dateOnly: true }) : a.never,
            ' · ',
            `${a.lastUsed}: `,
            token.lastUsedAt ? timeElement(token.lastUsedAt, d.locale) : a.notUsed,
          ),
          actions: [
            button({
              kind: 'danger',
              text: a.revoke,
              attrs: { 'aria-label': `${a.revoke}: ${token.name}` },
              onClick: () =>
                window.confirm(d.admin.confirmDelete(token.name)) &&
                void revokeToken(token.id).then(async (answer) => {
                  result = outcomeNotice({ answer, done: (x) => x.admin.tokens.revoked });
                  await load();
                  host.update('tokens-result');
                }),
            }),
          ],
        }),
    });
    return sectionLayout(d, {
      key: 'tokens',
      icon: 'key',
      title: d.admin.nav.tokens,
      shownOnce: created ? shownOnce(d, { id: 'new-token', label: a.created, value: created }) : null,
      result,
      content: list,
      form: createForm,
    });
  }
  return { load, render };
}
