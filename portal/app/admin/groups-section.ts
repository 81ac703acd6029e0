import {
  addGroupMember,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listUsers,
  removeGroupMember,
  type ApiResult,
  type GroupDetails,
  type GroupView,
  type UserView,
} from '../api.js';
import type { Dictionary } from '../i18n/dictionary.js';
import { field, button, type Message } from '../ui.js';
import { h } from '../../shared/dom.js';
import { adminForm } from './admin-form.js';
import { failureNotice, outcomeNotice, select, textInput } from './admin-kit.js';
import { adminList, adminRow, sectionLayout } from './section-layout.js';
import type { Section, SectionHost } from './section.js';

/** Groups: create, delete, and each group's members (add, remove). */
export function groupsSection(host: SectionHost): Section {
  let groups: GroupView[] | null = null;
  const details = new Map<string, GroupDetails>();
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
    } else result = failureNotice(g);
    if (u.ok) users = u.value.filter((user) => user.status !== 'disabled');
    host.update();
  }

  async function act(run: () => Promise<ApiResult<unknown>>, focus: string): Promise<void> {
    const answer = await run();
    result = outcomeNotice({ answer, done: (d) => d.admin.saved, known: (d) => d.admin.groups.errors });
    if (answer.ok) await load();
    host.update(answer.ok ? focus : 'groups-result');
  }

  function render(d: Dictionary): Node {
    const a = d.admin.groups;
    const input = textInput('group-name', name, { maxlength: '200' });
    input.addEventListener('input', () => (name = input.value));
    const form = adminForm({
      id: 'group-form',
      title: a.create,
      fields: [field({ id: 'group-name', label: a.name, input, error: nameError })],
      submit: { id: 'group-submit', icon: 'plus', text: a.createSubmit },
      onSubmit: () => {
        nameError = name.trim() ? null : d.admin.required(a.name);
        if (nameError) return host.update('group-name');
        const value = name.trim();
        name = '';
        void act(() => createGroup(value), 'group-name');
      },
    });
    const list = adminList(d, {
      id: 'group-list',
      items: groups,
      row: (group) => {
        const members = details.get(group.id)?.members ?? [];
        const candidates = users.filter((u) => !members.some((m) => m.id === u.id));
        const chooser = select(
          `member-${group.id}`,
          [['', a.pickUser], ...candidates.map((u): [string, string] => [u.id, `${u.name} <${u.email}>`])],
          pick.get(group.id) ?? '',
        );
        chooser.addEventListener('change', () => pick.set(group.id, chooser.value));
        return adminRow({
          data: { 'data-group': group.name },
          block: true,
          title: [group.name],
          heading: true,
          about: [h('p', { class: 'hint' }, a.memberCount(members.length))],
          more: [
            adminList(d, {
              items: members,
              className: 'member-list',
              empty: a.noMembers,
              row: (m) =>
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
            }),
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
          ],
        });
      },
    });
    return sectionLayout(d, {
      key: 'groups',
      icon: 'users',
      title: d.admin.nav.groups,
      result,
      content: list,
      form,
    });
  }
  return { load, render };
}
