import {
  createFolder,
  createGrant,
  deleteFolder,
  deleteGrant,
  listGrants,
  listGroups,
  listUsers,
  updateFolder,
  type ApiResult,
  type FolderNode,
  type GrantView,
  type GroupView,
  type UserView,
} from '../api.js';
import { canManage } from '../folders.js';
import type { Dictionary } from '../i18n/dictionary.js';
import { field, button, type Message } from '../ui.js';
import { h, icon } from '../../shared/dom.js';
import { adminForm, fieldGrid } from './admin-form.js';
import { outcomeNotice, select, textInput } from './admin-kit.js';
import { adminList, sectionLayout } from './section-layout.js';
import type { Section, SectionHost } from './section.js';

const TOP = '';

/** The folder tree to manage: create, rename, move, delete empty folders; the grants on the selected one. */
export function foldersSection(host: SectionHost): Section {
  const { context } = host;
  let selected: string | null = null;
  let grants: GrantView[] = [];
  let users: UserView[] = [];
  let groups: GroupView[] = [];
  const create = { name: '', parent: TOP, error: null as string | null };
  let rename = '';
  let moveTo = TOP;
  const grant = { who: '', role: 'viewer' as GrantView['role'] };
  let result: Message | null = null;
  const isAdmin = () => context.me.role === 'admin';
  const manageable = () => context.folders.filter((f) => canManage(context.me, f));

  async function load(): Promise<void> {
    const [u, g] = await Promise.all([
      listUsers(),
      isAdmin() ? listGroups() : Promise.resolve({ ok: true as const, value: [] as GroupView[] }),
    ]);
    users = u.ok ? u.value.filter((x) => x.status !== 'disabled') : [];
    groups = g.ok ? g.value : [];
    if (!create.parent && !isAdmin()) create.parent = manageable()[0]?.id ?? TOP;
    host.update();
  }

  async function choose(id: string): Promise<void> {
    selected = id;
    const folder = context.folder(id);
    rename = folder?.name ?? '';
    moveTo = folder?.node.parentId ?? TOP;
    const answer = await listGrants(id);
    grants = answer.ok ? answer.value : [];
    result = null;
    host.update('folder-panel-title');
  }

  async function act(run: () => Promise<ApiResult<unknown>>, focus: string, after?: () => void): Promise<void> {
    const answer = await run();
    result = outcomeNotice({ answer, done: (d) => d.admin.saved, known: (d) => d.admin.folders.errors });
    if (answer.ok) {
      after?.();
      await context.refreshFolders();
      if (selected && context.folder(selected)) {
        const list = await listGrants(selected);
        grants = list.ok ? list.value : [];
      } else selected = null;
    }
    host.update(answer.ok ? focus : 'folders-result');
  }

  function parentChoices(d: Dictionary, exclude?: string): [string, string][] {
    const top: [string, string][] = isAdmin() ? [[TOP, d.admin.folders.topLevel]] : [];
    // a folder cannot move into itself or below itself
    const below = new Set<string>();
    const walk = (node: FolderNode) => {
      below.add(node.id);
      for (const child of node.children ?? []) walk(child);
    };
    const excluded = exclude ? context.folder(exclude) : undefined;
    if (excluded) walk(excluded.node);
    return [
      ...top,
      ...manageable()
        .filter((f) => !below.has(f.id))
        .map((f): [string, string] => [f.id, `${'\u2003'.repeat(f.depth)}${f.name}`]),
    ];
  }

  function renderPanel(d: Dictionary): Node {
    const a = d.admin.folders;
    const folder = context.folder(selected);
    if (!folder) return h('p', { class: 'hint', id: 'folder-pick' }, a.pick);
    const name = textInput('folder-rename', rename, { maxlength: '200' });
    name.addEventListener('input', () => (rename = name.value));
    const parent = select('folder-move', parentChoices(d, folder.id), moveTo);
    parent.addEventListener('change', () => (moveTo = parent.value));
    const who = select(
      'grant-who',
      [
        ['', a.grantTo],
        ...users.map((u): [string, string] => [`user:${u.id}`, `${a.user}: ${u.name} <${u.email}>`]),
        ...groups.map((g): [string, string] => [`group:${g.id}`, `${a.group}: ${g.name}`]),
      ],
      grant.who,
    );
    who.addEventListener('change', () => (grant.who = who.value));
    const role = select(
      'grant-role',
      (['viewer', 'editor', 'manager'] as const).map((r): [string, string] => [r, a.roles[r]!]),
      grant.role,
    );
    role.addEventListener('change', () => (grant.role = role.value as GrantView['role']));
    return h(
      'section',
      { class: 'folder-panel', 'aria-labelledby': 'folder-panel-title' },
      h('h3', { id: 'folder-panel-title', tabindex: '-1' }, icon('folder'), ' ', folder.path.join(' / ')),
      h(
        'div',
        { class: 'inline-form' },
        field({ id: 'folder-rename', label: a.rename, input: name }),
        button({
          id: 'folder-rename-submit',
          kind: 'secondary',
          text: d.admin.save,
          onClick: () =>
            rename.trim() && void act(() => updateFolder(folder.id, { name: rename.trim() }), 'folder-rename'),
        }),
      ),
      h(
        'div',
        { class: 'inline-form' },
        field({ id: 'folder-move', label: a.move, input: parent }),
        button({
          id: 'folder-move-submit',
          kind: 'secondary',
          text: a.moveSubmit,
          onClick: () => void act(() => updateFolder(folder.id, { parentId: moveTo || null }), 'folder-move'),
        }),
      ),
      h('h4', {}, a.grants),
      adminList(d, {
        id: 'grant-list',
        items: grants,
        className: 'member-list',
        empty: a.noGrants,
        row: (g) =>
          h(
            'li',
            {},
            h(
              'span',
              {},
              `${g.user ? `${g.user.name} <${g.user.email}>` : `${a.group}: ${g.group?.name ?? ''}`}` +
                ` · ${a.roles[g.role]}`,
            ),
            button({
              kind: 'link',
              text: d.admin.remove,
              attrs: { 'aria-label': `${d.admin.remove}: ${g.user?.name ?? g.group?.name ?? ''}` },
              onClick: () => void act(() => deleteGrant(folder.id, g.id), 'grant-who'),
            }),
          ),
      }),
      h(
        'div',
        { class: 'inline-form' },
        field({ id: 'grant-who', label: a.grantTo, input: who }),
        field({ id: 'grant-role', label: a.grantRole, input: role }),
        button({
          id: 'grant-submit',
          kind: 'primary',
          text: a.grantSubmit,
          onClick: () => {
            const [kind, id] = grant.who.split(':');
            if (!id) return;
            void act(
              () =>
                createGrant(
                  folder.id,
                  kind === 'group' ? { groupId: id, role: grant.role } : { userId: id, role: grant.role },
                ),
              'grant-who',
              () => (grant.who = ''),
            );
          },
        }),
      ),
      h(
        'div',
        { class: 'actions' },
        button({
          id: 'folder-delete',
          kind: 'danger',
          text: a.deleteEmpty,
          onClick: () =>
            window.confirm(d.admin.confirmDelete(folder.name)) &&
            void act(() => deleteFolder(folder.id), 'folders-title'),
        }),
      ),
      h('p', { class: 'hint' }, a.notEmpty),
    );
  }

  function render(d: Dictionary): Node {
    const a = d.admin.folders;
    const name = textInput('folder-name', create.name, { maxlength: '200' });
    name.addEventListener('input', () => (create.name = name.value));
    const parent = select('folder-parent', parentChoices(d), create.parent);
    parent.addEventListener('change', () => (create.parent = parent.value));
    const form = adminForm({
      id: 'folder-form',
      title: a.create,
      fields: [
        fieldGrid(
          field({ id: 'folder-name', label: a.name, input: name, error: create.error }),
          field({ id: 'folder-parent', label: a.parent, input: parent }),
        ),
      ],
      submit: { id: 'folder-submit', icon: 'plus', text: a.createSubmit },
      onSubmit: () => {
        create.error = create.name.trim() ? null : d.admin.required(a.name);
        if (create.error) return host.update('folder-name');
        const value = create.name.trim();
        void act(
          () => createFolder(value, create.parent || null),
          'folder-name',
          () => (create.name = ''),
        );
      },
    });
    const tree = manageable();
    return sectionLayout(d, {
      key: 'folders',
      id: 'folders-admin',
      icon: 'folder',
      title: a.tree,
      note: isAdmin() ? null : h('p', { class: 'hint' }, a.manageOnly),
      result,
      content: h(
        'div',
        { class: 'folder-admin' },
        adminList(d, {
          id: 'folder-admin-list',
          items: tree,
          className: 'admin-tree',
          row: (f) =>
            h(
              'li',
              {},
              button({
                kind: 'quiet',
                text: `${'\u2003'.repeat(f.depth)}${f.name}`,
                attrs: {
                  'data-folder': f.id,
                  'aria-pressed': String(selected === f.id),
                  class: `quiet tree-button${selected === f.id ? ' current' : ''}`,
                },
                onClick: () => void choose(f.id),
              }),
            ),
        }),
        renderPanel(d),
      ),
      form: tree.length || isAdmin() ? form : null,
    });
  }
  return { load, render };
}
