import { copyText } from '../shared/clipboard.js';
import { h, icon } from '../shared/dom.js';
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

/**
 * Setup of the first administrator (/setup/<token>) and enrolment of an invited user (/enrol/<token>), in three
 * steps: the account (e-mail and name for setup; a password, twice), the authenticator app (QR code, the key to
 * type or copy, the otpauth link on phones, a code to confirm) and the recovery codes (copy, download, "I have
 * saved them"). The confirmation sets the session cookie, so "Continue to Segl" opens the app signed in.
 */
export function createEnrolFlow(host: FlowHost, mode: LinkMode): Flow {
  const token = decodeURIComponent(location.pathname.split('/').pop() ?? '');
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
  const fieldId = (field: Field) => (field === 'code' ? 'totp-code' : field === 'saved' ? 'codes-saved' : `account-${field}`);
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
    const body = mode === 'setup' ? { token, email, name: state.name.trim(), password: state.password } : { token, password: state.password };
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
    if (answer.kind === 'http' && answer.error === 'weak_password') return fail('password', (d) => d.errors.passwordShort(PASSWORD_MIN));
    if (answer.kind === 'http' && answer.error === 'email_taken') return fail('email', (d) => d.errors.emailTaken);
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
    if (!state.saved) return fail('saved', (d) => d.savedRequired);
    location.assign('/app');
  }

  // ---- rendering ----
  const error = (d: Dictionary, field: Field) => state.errors[field]?.(d) ?? null;
  const formError = (d: Dictionary) => (state.errors.form ? fieldError('form-error', state.errors.form(d)) : null);
  const onSubmit = (form: HTMLFormElement, action: () => Promise<void> | void) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void action();
    });
    return form;
  };

  function renderAccount(d: Dictionary): HTMLElement {
    const setupFields =
      mode === 'setup'
        ? [
            field({ input: input({ id: 'account-email', name: 'email', type: 'email', autocomplete: 'username', maxlength: '320', spellcheck: 'false' }, state.email, (v) => (state.email = v)), label: d.emailLabel, error: error(d, 'email') }),
            field({ input: input({ id: 'account-name', name: 'name', autocomplete: 'name', maxlength: '200' }, state.name, (v) => (state.name = v)), label: d.nameLabel, error: error(d, 'name') }),
          ]
        : [
            h('p', { class: 'joining' }, d.joiningAs, ' ', h('strong', { id: 'account-who' }, state.email)),
            // for password managers: the account the new password belongs to
            h('input', { type: 'email', name: 'username', autocomplete: 'username', value: state.email, hidden: true, readonly: true, tabindex: '-1', 'aria-hidden': 'true' }),
          ];
    const form = h(
      'form',
      { id: 'step-account', novalidate: true },
      ...setupFields,
      field({ input: input({ id: 'account-password', name: 'password', type: 'password', autocomplete: 'new-password', maxlength: String(PASSWORD_MAX) }, state.password, (v) => (state.password = v)), label: d.passwordNewLabel, hint: d.passwordHint(PASSWORD_MIN), error: error(d, 'password') }),
      field({ input: input({ id: 'account-password2', name: 'password2', type: 'password', autocomplete: 'new-password', maxlength: String(PASSWORD_MAX) }, state.password2, (v) => (state.password2 = v)), label: d.passwordAgainLabel, error: error(d, 'password2') }),
      formError(d),
      h('div', { class: 'actions' }, button({ id: 'account-submit', type: 'submit', kind: 'primary', text: state.busy ? d.working : d.continue, disabled: state.busy })),
    );
    return stepCard({ id: 'account', title: d.accountTitle, titleId: 'account-title' }, onSubmit(form, submitAccount));
  }

  function renderTotp(d: Dictionary): HTMLElement {
    const totp = state.totp!;
    const grouped = totp.secret.replace(/(.{4})/g, '$1 ').trim();
    const keySource = h('input', { class: 'visually-hidden', id: 'totp-secret-source', readonly: true, tabindex: '-1', 'aria-hidden': 'true', value: totp.secret });
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
    const code = input({ id: 'totp-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7', class: 'otp-input', spellcheck: 'false' }, state.code, (v) => (state.code = v));
    const form = h(
      'form',
      { id: 'step-totp', novalidate: true },
      field({ input: code, label: d.codeLabel, error: error(d, 'code') }),
      formError(d),
      h('div', { class: 'actions' }, button({ id: 'totp-submit', type: 'submit', kind: 'primary', text: state.busy ? d.working : d.confirm, disabled: state.busy })),
    );
    return stepCard(
      { id: 'totp', title: d.totpTitle, titleId: 'totp-title' },
      h('p', {}, d.totpIntro),
      h('figure', { class: 'qr' }, qrCodeSvg({ text: totp.uri, label: d.qrLabel(state.email) })),
      h('p', { class: 'key-intro' }, d.cannotScan),
      h('div', { class: 'key-row' }, h('code', { class: 'secret mono', id: 'totp-secret', 'aria-label': d.secretLabel }, grouped), keySource, copy),
      h('p', { class: 'hint', role: 'status' }, state.keyCopied === false ? d.copyFailed : ''),
      h('p', { class: 'open-app' }, h('a', { id: 'otpauth-link', href: totp.uri }, icon('key'), h('span', {}, d.openInApp))),
      onSubmit(form, submitCode),
    );
  }

  function renderCodes(d: Dictionary): HTMLElement {
    const saved = h('input', { type: 'checkbox', id: 'codes-saved', name: 'saved', checked: state.saved, 'aria-describedby': state.errors.saved ? 'codes-saved-error' : undefined, 'aria-invalid': state.errors.saved ? 'true' : undefined });
    saved.addEventListener('change', () => {
      state.saved = saved.checked;
      if (state.saved && state.errors.saved) {
        state.errors = {};
        host.update('codes-saved');
      }
    });
    const form = h(
      'form',
      { id: 'step-done', novalidate: true },
      h('div', { class: 'check-row' }, saved, h('label', { for: 'codes-saved' }, d.savedCheck)),
      state.errors.saved ? fieldError('codes-saved-error', state.errors.saved(d)) : null,
      h('div', { class: 'actions' }, button({ id: 'codes-continue', type: 'submit', kind: 'primary', text: d.openSegl })),
    );
    return stepCard(
      { id: 'codes', title: d.codesTitle, titleId: 'codes-title' },
      h('p', {}, d.codesIntro),
      renderRecoveryCodes({ d, email: state.email, codes: state.codes, feedback: state.feedback, onChange: (focus) => host.update(focus) }),
      onSubmit(form, finish),
    );
  }

  function renderDead(d: Dictionary): HTMLElement {
    return h(
      'section',
      { class: 'result tone-bad', id: 'dead', 'aria-labelledby': 'dead-title' },
      h('div', { class: 'result-head' }, h('span', { class: 'badge-icon' }, icon('bad')), h('h2', { id: 'dead-title', tabindex: '-1' }, d.linkDeadTitle)),
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
