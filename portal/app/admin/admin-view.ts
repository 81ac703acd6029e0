import type { AppContext, View } from '../context.js';
import { fill, focusElement, h } from '../../shared/dom.js';
import { keepFocus, notice } from '../ui.js';
import { foldersSection } from './folders-section.js';
import { groupsSection } from './groups-section.js';
import { MEMBER_SECTIONS, type AdminSection, type Section } from './section.js';
import { settingsSection } from './settings-section.js';
import { tokensSection } from './tokens-section.js';
import { usersSection } from './users-section.js';
import { webhooksSection } from './webhooks-section.js';

const SECTIONS: Record<AdminSection, typeof usersSection> = {
  users: usersSection,
  groups: groupsSection,
  folders: foldersSection,
  tokens: tokensSection,
  webhooks: webhooksSection,
  settings: settingsSection,
};

/** One administration screen (/app/users, /app/groups, …): heading, what it is for, then the section itself. */
export function createAdminView(context: AppContext, section: AdminSection): View {
  const element = h('div', { class: 'view view-admin' });
  const allowed = context.me.role === 'admin' || MEMBER_SECTIONS.includes(section);
  let started = false;
  const host = {
    context,
    update(focus?: string) {
      if (focus) {
        render();
        focusElement(document.getElementById(focus));
      } else keepFocus(render);
    },
  };
  const body: Section | null = allowed ? SECTIONS[section](host) : null;

  function render(): void {
    const d = context.t();
    const title = d.admin.nav[section];
    context.setTitle(title);
    fill(
      element,
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          { class: 'page-head-text' },
          h('p', { class: 'crumbs' }, d.admin.navTitle),
          h('h1', { id: 'page-title', tabindex: '-1' }, title),
          h('p', { class: 'lead' }, d.admin.intro[section]),
        ),
      ),
      body ? body.render(d) : notice({ tone: 'bad', text: (x) => x.admin.forbidden }, d, 'admin-forbidden'),
    );
  }

  return {
    element,
    render() {
      render();
      if (!started && body) {
        started = true;
        void body.load();
      }
    },
    destroy() {},
  };
}
