import {
  addGroupMember,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listUsers,
  removeGroupMember,
  type GroupView,
  type UserView,
} from '../api.js';
import type { Dictionary } from '../i18n/dictionary.js';
import { button, card, cardHead, working, type Message } from '../ui.js';
import { h } from '../../shared/dom.js';
import { failureText, field, message, select, textInput } from './admin-kit.js';
import type { Section, SectionHost } from './section.js';

/** Groups: create, delete, and each group's members (add, remove). */
export function groupsSection(host: SectionHost): Section {
  let groups: GroupView[] | null = null;
  const details = new Map<string, GroupView>();
  let users: UserView[] = [];
  let name = '';
  let nameError: string | null = null;
  let result: Message | null = null;
  const pick = new Map<string, string>();

  async function load(): Promise<void> {
    const [g, u] = await Promise.all([listGroups(), listUsers()]);
    if (g.ok) {
      groups = g.value;
      const full = await Promise.all(g.value.map((group) => getGroup(group.id)));
      details.clear();
      for (const answer of full) if (answer.ok) details.set(answer.value.id, answer.value);
    } else result = { tone: 'bad', text: (d) => failureText(d, g) };
    if (u.ok) users = u.value.filter((user) => user.status !== 'disabled');
    host.update();
  }

  async function act(run: () => Promise<{ ok: boolean } & object>, focus: string): Promise<void> {
    const answer = await run();
    result = answer.ok
      ? { tone: 'ok', text: (d) => d.admin.saved }
      : { tone: 'bad', text: (d) => failureText(d, answer as never, d.admin.groups.errors) };
    if (answer.ok) await load();
    host.update(answer.ok ? focus : 'groups-result');
  }

  function render(d: Dictionary): Node {
    const a = d.admin.groups;
    const input = textInput('group-name', name, { maxlength: '200' });
    input.addEventListener('input', () => (name = input.value));
    const form = h(
      'form',
      { id: 'group-form', class: 'admin-form', novalidate: true },
      h('h3', {}, a.create),
      field({ id: 'group-name', label: a.name, input, error: nameError }),
      h(
        'div',
        { class: 'actions' },
        button({ id: 'group-submit', type: 'submit', kind: 'primary', icon: 'plus', text: a.createSubmit }),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      nameError = name.trim() ? null : d.admin.required(a.name);
      if (nameError) return host.update('group-name');
      const value = name.trim();
      name = '';
      void act(() => createGroup(value), 'group-name');
    });
    const list = groups
      ? groups.length
        ? h(
            'ul',
            { class: 'admin-list', id: 'group-list' },
            ...groups.map((group) => {
              const members = details.get(group.id)?.members ?? [];
              const candidates = users.filter((u) => !members.some((m) => m.id === u.id));
              const chooser = select(
                `member-${group.id}`,
                [['', a.pickUser], ...candidates.map((u): [string, string] => [u.id, `${u.name} <${u.email}>`])],
                pick.get(group.id) ?? '',
              );
              chooser.addEventListener('change', () => pick.set(group.id, chooser.value));
              return h(
                'li',
                { class: 'admin-row admin-row-block', 'data-group': group.name },
                h(
                  'div',
                  { class: 'admin-row-main' },
                  h('h3', { class: 'admin-row-title' }, group.name),
                  h('p', { class: 'hint' }, a.memberCount(members.length)),
                ),
                members.length
                  ? h(
                      'ul',
                      { class: 'member-list' },
                      ...members.map((m) =>
                        h(
                          'li',
                          {},
                          h('span', {}, `${m.name} <${m.email}>`),
                          button({
                            kind: 'link',
                            text: d.admin.remove,
                            attrs: { 'aria-label': `${d.admin.remove}: ${m.name}` },
                            onClick: () => void act(() => removeGroupMember(group.id, m.id), 'groups-title'),
                          }),
                        ),
                      ),
                    )
                  : h('p', { class: 'hint' }, a.noMembers),
                h(
                  'div',
                  { class: 'inline-form' },
                  field({ id: `member-${group.id}`, label: a.addMember, input: chooser }),
                  button({
                    kind: 'secondary',
                    text: a.add,
                    attrs: { 'data-action': 'add-member' },
                    onClick: () =>
                      pick.get(group.id) &&
                      void act(() => addGroupMember(group.id, pick.get(group.id)!), `member-${group.id}`),
                  }),
                  button({
                    kind: 'danger',
                    text: d.admin.delete,
                    attrs: { 'aria-label': `${d.admin.delete}: ${group.name}` },
                    onClick: () =>
                      window.confirm(d.admin.confirmDelete(group.name)) &&
                      void act(() => deleteGroup(group.id), 'groups-title'),
                  }),
                ),
              );
            }),
          )
        : h('p', { class: 'hint' }, d.admin.empty)
      : working(d.loading);
    return h(
      'div',
      {},
      card(
        { id: 'groups', 'aria-labelledby': 'groups-title' },
        cardHead({ icon: 'users', title: d.admin.nav.groups, id: 'groups-title' }),
        message(d, result, 'groups-result'),
        list,
      ),
      card({}, form),
    );
  }
  return { load, render };
}
