import { copyText } from '../shared/clipboard.js';
import { h, icon } from '../shared/dom.js';
import { handleSubmit } from '../shared/form-events.js';
import { beginAccount, checkLink, confirmAccount, type LinkMode } from './api.js';
import { explain, type Say } from './errors.js';
import type { Flow, FlowHost } from './flow.js';
import type { Dictionary } from './i18n/dictionary.js';
import { qrCodeSvg } from './qr-code.js';
import { renderRecoveryCodes, type CodesFeedback } from './recovery-codes.js';
import { button, field, fieldError, input, progress, stepCard, working } from './ui.js';

/** The API's password policy (domain/auth/password-hash.ts), checked here first so that people see it at once. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The links' tokens (setup and enrolment); anything else is a dead link without asking the API. */
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

type Step = 'checking' | 'dead' | 'account' | 'totp' | 'codes';
type Field = 'email' | 'name' | 'password' | 'password2' | 'code' | 'saved' | 'form';

/** The link's token, the last part of the address; '' when it cannot be read (then the link is dead). */
function tokenFromAddress(): string {
  try {
    return decodeURIComponent(location.pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}

/**
 * Setup of the first administrator (/setup/<token>) and enrolment of an invited user (/enrol/<token>), in three
 * steps: the account (e-mail and name for setup; a password, twice), the authenticator app (QR code, the key to
 * type or copy, the otpauth link on phones, a code to confirm) and the recovery codes (copy, download, "I have
 * saved them"). The confirmation sets the session cookie, so "Continue to Segl" opens the app signed in.
 */
export function createEnrolFlow(host: FlowHost, mode: LinkMode): Flow {
  const token = tokenFromAddress();
  const state = {
    step: 'checking' as Step,
    email: '',
    name: '',
    password: '',
    password2: '',
    code: '',
    totp: null as { secret: string; uri: string } | null,
    codes: [] as string[],
    saved: false,
    busy: false,
    errors: {} as Partial<Record<Field, Say>>,
    keyCopied: null as boolean | null,
    feedback: { copied: null, downloaded: false } as CodesFeedback,
  };

  const fail = (field: Field, say: Say) => {
    state.errors = { [field]: say };
    host.update(field === 'form' ? 'form-error' : `${fieldId(field)}`);
  };
  const fieldId = (field: Field) =>
    field === 'code' ? 'totp-code' : field === 'saved' ? 'codes-saved' : `account-${field}`;
  const goTo = (step: Step, focus: string) => {
    state.step = step;
    state.errors = {};
    state.busy = false;
    host.update(focus);
  };

  async function check(): Promise<void> {
    if (!TOKEN.test(token)) return goTo('dead', 'dead-title');
    const answer = await checkLink(mode, token);
    if (!answer.ok) {
      state.step = 'account';
      return fail('form', explain(answer));
    }
    if (!answer.value.valid) return goTo('dead', 'dead-title');
    state.email = answer.value.email ?? '';
    state.name = answer.value.name ?? '';
    goTo('account', '');
  }

  async function submitAccount(): Promise<void> {
    if (state.busy) return;
    const email = state.email.trim();
    const errors: Partial<Record<Field, Say>> = {};
    if (mode === 'setup') {
      if (!email) errors.email = (d) => d.errors.emailRequired;
      else if (!EMAIL.test(email)) errors.email = (d) => d.errors.emailInvalid;
      if (!state.name.trim()) errors.name = (d) => d.errors.nameRequired;
    }
    if (state.password.length < PASSWORD_MIN) errors.password = (d) => d.errors.passwordShort(PASSWORD_MIN);
    else if (state.password.length > PASSWORD_MAX) errors.password = (d) => d.errors.passwordLong(PASSWORD_MAX);
    else if (state.password !== state.password2) errors.password2 = (d) => d.errors.passwordsDiffer;
    const first = (['email', 'name', 'password', 'password2'] as const).find((f) => errors[f]);
    if (first) {
      state.errors = errors;
      return host.update(fieldId(first));
    }
    state.busy = true;
    state.errors = {};
    host.update();
    const password = state.password;
    const body = mode === 'setup' ? { token, email, name: state.name.trim(), password } : { token, password };
    const answer = await beginAccount(mode, body);
    state.busy = false;
    if (answer.ok) {
      state.totp = { secret: answer.value.totpSecret, uri: answer.value.otpauthUri };
      state.password = '';
      state.password2 = '';
      state.code = '';
      return goTo('totp', 'totp-title');
    }
    if (answer.kind === 'http' && answer.error === 'invalid_link') return goTo('dead', 'dead-title');
    const refused = answer.kind === 'http' ? answer.error : '';
    if (refused === 'weak_password') return fail('password', (d) => d.errors.passwordShort(PASSWORD_MIN));
    if (refused === 'email_taken') return fail('email', (d) => d.errors.emailTaken);
    fail('form', explain(answer));
  }

  async function submitCode(): Promise<void> {
    if (state.busy) return;
    const code = state.code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) return fail('code', (d) => d.errors.codeFormat);
    state.busy = true;
    state.errors = {};
    host.update();
    const answer = await confirmAccount(mode, token, code);
    state.busy = false;
    if (answer.ok) {
      state.codes = answer.value.recoveryCodes;
      state.totp = null;
      return goTo('codes', 'codes-title');
    }
    state.code = '';
    if (answer.kind === 'http' && answer.error === 'invalid_link') return goTo('dead', 'dead-title');
    if (answer.kind === 'http' && answer.error === 'enrolment_not_started') {
      state.errors = { form: (d) => d.errors.startOver };
      state.step = 'account';
      return host.update('form-error');
    }
    fail('code', explain(answer, { invalid_code: (d) => d.errors.wrongEnrolCode }));
  }

  function finish(): void {
    if (!state.saved) {
      fail('saved', (d) => d.savedRequired);
      return;
    }
    location.assign('/app');
  }

  // ---- rendering ----
  const error = (d: Dictionary, field: Field) => state.errors[field]?.(d) ?? null;
  const formError = (d: Dictionary) => (state.errors.form ? fieldError('form-error', state.errors.form(d)) : null);
  const onSubmit = (form: HTMLFormElement, action: () => Promise<void> | void) => {
    handleSubmit({ form, onSubmit: () => void action() });
    return form;
  };

  /** A submit button that says it is busy while its request runs. */
  const submit = (id: string, text: string, d: Dictionary) =>
    h(
      'div',
      { class: 'actions' },
      button({ id, type: 'submit', kind: 'primary', text: state.busy ? d.working : text, disabled: state.busy }),
    );

  function renderAccount(d: Dictionary): HTMLElement {
    type Typed = 'email' | 'name' | 'password' | 'password2';
    const bind = (key: Typed) => [state[key], (v: string) => (state[key] = v)] as const;
    const emailAttributes = { type: 'email', autocomplete: 'username', maxlength: '320', spellcheck: 'false' };
    const email = input({ id: 'account-email', name: 'email', ...emailAttributes }, ...bind('email'));
    const name = input({ id: 'account-name', name: 'name', autocomplete: 'name', maxlength: '200' }, ...bind('name'));
    const newPassword = { type: 'password', autocomplete: 'new-password', maxlength: String(PASSWORD_MAX) };
    const password = input({ id: 'account-password', name: 'password', ...newPassword }, ...bind('password'));
    const again = input({ id: 'account-password2', name: 'password2', ...newPassword }, ...bind('password2'));
    const who =
      mode === 'setup'
        ? [
            field({ input: email, label: d.emailLabel, error: error(d, 'email') }),
            field({ input: name, label: d.nameLabel, error: error(d, 'name') }),
          ]
        : [
            h('p', { class: 'joining' }, d.joiningAs, ' ', h('strong', { id: 'account-who' }, state.email)),
            // for password managers: the account the new password belongs to
            h('input', { type: 'email', name: 'username', autocomplete: 'username', value: state.email, hidden: true }),
          ];
    const form = h(
      'form',
      { id: 'step-account', novalidate: true },
      ...who,
      field({
        input: password,
        label: d.passwordNewLabel,
        hint: d.passwordHint(PASSWORD_MIN),
        error: error(d, 'password'),
      }),
      field({ input: again, label: d.passwordAgainLabel, error: error(d, 'password2') }),
      formError(d),
      submit('account-submit', d.continue, d),
    );
    return stepCard({ id: 'account', title: d.accountTitle, titleId: 'account-title' }, onSubmit(form, submitAccount));
  }

  function renderTotp(d: Dictionary): HTMLElement {
    const totp = state.totp!;
    const grouped = totp.secret.replace(/(.{4})/g, '$1 ').trim();
    const hidden = { class: 'visually-hidden', readonly: true, tabindex: '-1', 'aria-hidden': 'true' };
    const keySource = h('input', { ...hidden, id: 'totp-secret-source', value: totp.secret });
    const copy = button({
      id: 'totp-secret-copy',
      kind: 'secondary',
      icon: state.keyCopied ? 'ok' : 'copy',
      text: state.keyCopied ? d.copied : d.copyKey,
      onClick: () =>
        void copyText(totp.secret, keySource).then((ok) => {
          state.keyCopied = ok;
          host.update('totp-secret-copy');
        }),
    });
    const codeAttributes = { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7', spellcheck: 'false' };
    const code = input({ id: 'totp-code', name: 'code', class: 'otp-input', ...codeAttributes }, state.code, (v) => {
      state.code = v;
    });
    const form = h(
      'form',
      { id: 'step-totp', novalidate: true },
      field({ input: code, label: d.codeLabel, error: error(d, 'code') }),
      formError(d),
      submit('totp-submit', d.confirm, d),
    );
    const key = h('code', { class: 'secret mono', id: 'totp-secret', 'aria-label': d.secretLabel }, grouped);
    const openInApp = h('a', { id: 'otpauth-link', href: totp.uri }, icon('key'), h('span', {}, d.openInApp));
    return stepCard(
      { id: 'totp', title: d.totpTitle, titleId: 'totp-title' },
      h('p', {}, d.totpIntro),
      h('figure', { class: 'qr' }, qrCodeSvg({ text: totp.uri, label: d.qrLabel(state.email) })),
      h('p', { class: 'key-intro' }, d.cannotScan),
      h('div', { class: 'key-row' }, key, keySource, copy),
      h('p', { class: 'hint', role: 'status' }, state.keyCopied === false ? d.copyFailed : ''),
      h('p', { class: 'open-app' }, openInApp),
      onSubmit(form, submitCode),
    );
  }

  function renderCodes(d: Dictionary): HTMLElement {
    const invalid = Boolean(state.errors.saved);
    const saved = h('input', {
      type: 'checkbox',
      id: 'codes-saved',
      name: 'saved',
      checked: state.saved,
      'aria-describedby': invalid ? 'codes-saved-error' : undefined,
      'aria-invalid': invalid ? 'true' : undefined,
    });
    saved.addEventListener('change', () => {
      state.saved = saved.checked;
      if (state.saved && state.errors.saved) {
        state.errors = {};
        host.update('codes-saved');
      }
    });
    const continueButton = { id: 'codes-continue', type: 'submit', kind: 'primary', text: d.openSegl } as const;
    const form = h(
      'form',
      { id: 'step-done', novalidate: true },
      h('div', { class: 'check-row' }, saved, h('label', { for: 'codes-saved' }, d.savedCheck)),
      state.errors.saved ? fieldError('codes-saved-error', state.errors.saved(d)) : null,
      h('div', { class: 'actions' }, button(continueButton)),
    );
    const { email, codes, feedback } = state;
    const list = renderRecoveryCodes({ d, email, codes, feedback, onChange: host.update });
    const card = { id: 'codes', title: d.codesTitle, titleId: 'codes-title' };
    return stepCard(card, h('p', {}, d.codesIntro), list, onSubmit(form, finish));
  }

  function renderDead(d: Dictionary): HTMLElement {
    const heading = h('h2', { id: 'dead-title', tabindex: '-1' }, d.linkDeadTitle);
    return h(
      'section',
      { class: 'result tone-bad', id: 'dead', 'aria-labelledby': 'dead-title' },
      h('div', { class: 'result-head' }, h('span', { class: 'badge-icon' }, icon('bad')), heading),
      h('p', { class: 'result-text' }, mode === 'setup' ? d.linkDeadSetup : d.linkDeadEnrol),
      h('p', { class: 'actions' }, h('a', { class: 'secondary', href: '/login', id: 'go-login' }, d.goToLogin)),
    );
  }

  const STEP_NUMBER: Record<Step, number> = { checking: 1, dead: 1, account: 1, totp: 2, codes: 3 };

  return {
    start: () => void check(),
    render(d) {
      if (state.step === 'checking') return working(d.loading);
      if (state.step === 'dead') return renderDead(d);
      const body = state.step === 'account' ? renderAccount(d) : state.step === 'totp' ? renderTotp(d) : renderCodes(d);
      return h('div', { class: 'flow' }, progress(d, STEP_NUMBER[state.step]), body);
    },
  };
}
