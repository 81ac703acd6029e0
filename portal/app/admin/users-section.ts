import { inviteUser, listUsers, resetEnrolment, unlockUser, updateUser, type UserView } from '../api.js';
import type { Dictionary } from '../i18n/dictionary.js';
import { field, button, formatDateTime, working, type Message } from '../ui.js';
import { h } from '../../shared/dom.js';
import { adminForm, fieldGrid } from './admin-form.js';
import { EMAIL, failureNotice, failureText, outcomeNotice, select, shownOnce, textInput } from './admin-kit.js';
import { adminRow, sectionLayout } from './section-layout.js';
import type { Section, SectionHost } from './section.js';

/**
 * Users: the list with role and status, invite (the enrolment link shown once), role, disable/enable, new enrolment
 * link.
 */
export function usersSection(host: SectionHost): Section {
  const form = {
    name: '',
    email: '',
    role: 'member' as 'admin' | 'member',
    errors: {} as Record<string, string>,
    busy: false,
  };
  let users: UserView[] | null = null;
  let loadError: string | null = null;
  let result: Message | null = null;
  let link: { label: string; url: string } | null = null;
  let busyId: string | null = null;

  async function load(): Promise<void> {
    const answer = await listUsers();
    if (answer.ok) users = answer.value;
    else loadError = failureText(host.context.t(), answer);
    host.update();
  }

  async function invite(): Promise<void> {
    const d = host.context.t().admin;
    form.errors = {};
    if (!form.name.trim()) form.errors.name = d.required(d.users.name);
    if (!EMAIL.test(form.email.trim())) form.errors.email = d.emailInvalid;
    if (Object.keys(form.errors).length) return host.update(form.errors.name ? 'user-name' : 'user-email');
    form.busy = true;
    host.update();
    const answer = await inviteUser({ name: form.name.trim(), email: form.email.trim(), role: form.role });
    form.busy = false;
    if (!answer.ok) {
      form.errors.email = failureText(host.context.t(), answer, host.context.t().admin.users.errors);
      return host.update('user-email');
    }
    const name = form.name.trim();
    link = { label: host.context.t().admin.users.invited(name), url: answer.value.enrolmentUrl };
    form.name = '';
    form.email = '';
    result = null;
    await load();
    host.update('enrolment-link');
  }

  async function change(user: UserView, body: Parameters<typeof updateUser>[1], focus: string): Promise<void> {
    busyId = user.id;
    host.update();
    const answer = await updateUser(user.id, body);
    busyId = null;
    result = outcomeNotice({ answer, done: (d) => d.admin.saved, known: (d) => d.admin.users.errors });
    if (answer.ok) await load();
    host.update(answer.ok ? focus : 'users-result');
  }

  /** Lifts a sign-in lockout; the row then shows the account's status without it. */
  async function unlock(user: UserView): Promise<void> {
    busyId = user.id;
    host.update();
    const answer = await unlockUser(user.id);
    busyId = null;
    const name = user.name;
    result = outcomeNotice({ answer, done: (d) => d.admin.users.unlocked(name), known: (d) => d.admin.users.errors });
    if (answer.ok) await load();
    host.update('users-result');
  }

  async function reset(user: UserView): Promise<void> {
    const d = host.context.t().admin;
    if (!window.confirm(d.users.resetConfirm(user.name))) return;
    const answer = await resetEnrolment(user.id);
    if (!answer.ok) {
      result = failureNotice(answer, (x) => x.admin.users.errors);
      return host.update('users-result');
    }
    link = { label: d.users.resetDone(user.name), url: answer.value.enrolmentUrl };
    await load();
    host.update('enrolment-link');
  }

  function row(d: Dictionary, user: UserView): HTMLElement {
    const a = d.admin.users;
    const me = user.id === host.context.me.id;
    const busy = busyId === user.id;
    /** Every row has the same buttons: the label also says whose account each one changes. */
    const action = (options: {
      action: string;
      kind: 'primary' | 'secondary' | 'danger';
      icon?: 'lock';
      text: string;
      disabled: boolean;
      onClick: () => void;
    }) =>
      button({
        kind: options.kind,
        icon: options.icon,
        text: options.text,
        disabled: options.disabled,
        attrs: { 'data-action': options.action, 'aria-label': `${options.text}: ${user.name}` },
        onClick: options.onClick,
      });
    return adminRow({
      data: { 'data-user': user.email },
      title: [user.name, me ? ` ${a.you}` : ''],
      about: [
        h('p', { class: 'hint' }, user.email),
        user.status === 'locked' && user.lockedUntil
          ? h('p', { class: 'hint locked-until' }, a.lockedUntil(formatDateTime(user.lockedUntil, d.locale) ?? ''))
          : null,
      ],
      facts: h(
        'div',
        { class: 'admin-row-facts' },
        h(
          'span',
          { class: `chip tone-${user.role === 'admin' ? 'progress' : 'neutral'}` },
          a.roles[user.role] ?? user.role,
        ),
        h(
          'span',
          { class: `chip tone-${user.status === 'active' ? 'ok' : user.status === 'disabled' ? 'bad' : 'warn'}` },
          a.statuses[user.status] ?? user.status,
        ),
      ),
      actions: [
        user.status === 'locked'
          ? action({
              action: 'unlock',
              kind: 'primary',
              icon: 'lock',
              text: a.unlock,
              disabled: busy,
              onClick: () => void unlock(user),
            })
          : null,
        action({
          action: 'role',
          kind: 'secondary',
          text: user.role === 'admin' ? a.makeMember : a.makeAdmin,
          disabled: busy,
          onClick: () => void change(user, { role: user.role === 'admin' ? 'member' : 'admin' }, 'users-title'),
        }),
        user.status !== 'disabled'
          ? action({
              action: 'reset',
              kind: 'secondary',
              text: a.resetEnrolment,
              disabled: busy,
              onClick: () => void reset(user),
            })
          : null,
        action({
          action: 'disable',
          kind: user.status === 'disabled' ? 'secondary' : 'danger',
          text: user.status === 'disabled' ? a.enable : a.disable,
          disabled: busy || me,
          onClick: () => void change(user, { disabled: user.status !== 'disabled' }, 'users-title'),
        }),
      ],
    });
  }

  function render(d: Dictionary): Node {
    const a = d.admin.users;
    const name = textInput('user-name', form.name, { maxlength: '200', autocomplete: 'off' });
    name.addEventListener('input', () => (form.name = name.value));
    const email = textInput('user-email', form.email, { type: 'email', maxlength: '320', spellcheck: 'false' });
    email.addEventListener('input', () => (form.email = email.value));
    const role = select(
      'user-role',
      [
        ['member', a.roles.member!],
        ['admin', a.roles.admin!],
      ],
      form.role,
    );
    role.addEventListener('change', () => (form.role = role.value === 'admin' ? 'admin' : 'member'));
    const inviteForm = adminForm({
      id: 'invite-form',
      title: a.invite,
      fields: [
        fieldGrid(
          field({ id: 'user-name', label: a.name, input: name, error: form.errors.name }),
          field({ id: 'user-email', label: a.email, input: email, error: form.errors.email }),
          field({ id: 'user-role', label: a.role, input: role }),
        ),
      ],
      submit: { id: 'invite-submit', icon: 'plus', text: form.busy ? a.inviting : a.inviteSubmit, disabled: form.busy },
      onSubmit: () => void invite(),
    });
    return sectionLayout(d, {
      key: 'users',
      icon: 'users',
      title: d.admin.nav.users,
      shownOnce: link ? shownOnce(d, { id: 'enrolment-link', label: link.label, value: link.url }) : null,
      result,
      content: users
        ? h('ul', { class: 'admin-list', id: 'user-list' }, ...users.map((u) => row(d, u)))
        : loadError
          ? h('p', { class: 'field-error' }, loadError)
          : working(d.loading),
      form: inviteForm,
      formCard: { id: 'invite', 'aria-labelledby': 'invite-form-title' },
    });
  }

  return { load, render };
}
