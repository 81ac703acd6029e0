import { h, icon } from '../shared/dom.js';
import { handleSubmit } from '../shared/form-events.js';
import { logIn, loginOptions, secondFactor } from './api.js';
import { explain, explainSso, type Say } from './errors.js';
import type { Flow, FlowHost } from './flow.js';
import type { Dictionary } from './i18n/dictionary.js';
import { button, field, fieldError, input, notice, stepCard } from './ui.js';

type Step = 'password' | 'code' | 'recovered';
type Field = 'email' | 'password' | 'code' | 'form';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Fewer recovery codes left than this: the page says to get new ones. */
const FEW_CODES = 4;

/**
 * Staff sign-in (/login): e-mail and password, then the authenticator's code or a recovery code; single sign-on
 * when configured. Throttling (429 with Retry-After) and lockouts are said in minutes, wrong answers in plain words
 * next to their field. After a recovery code the page says how many are left before it opens the app. Signing in
 * always goes to /app, which takes the user back to where they were (see portal/app/api.ts, RETURN_KEY).
 */
export function createLoginFlow(host: FlowHost): Flow {
  const state = {
    step: 'password' as Step,
    email: '',
    password: '',
    code: '',
    recovery: false,
    busy: false,
    sso: null as { name: string; startUrl: string } | null,
    remaining: 0,
    errors: {} as Partial<Record<Field, Say>>,
  };
  const fieldId = (field: Field) => (field === 'form' ? 'form-error' : `login-${field}`);
  const fail = (field: Field, say: Say) => {
    state.errors = { [field]: say };
    state.busy = false;
    host.update(field === 'form' ? 'form-error' : fieldId(field));
  };

  async function start(): Promise<void> {
    const sso = explainSso(new URLSearchParams(location.search).get('sso'));
    if (sso) state.errors = { form: sso };
    host.update(sso ? 'form-error' : undefined);
    const options = await loginOptions();
    if (options.ok && options.value.sso) {
      state.sso = options.value.sso;
      host.update();
    }
  }

  async function submitPassword(): Promise<void> {
    if (state.busy) return;
    const email = state.email.trim();
    if (!email) return fail('email', (d) => d.errors.emailRequired);
    if (!EMAIL.test(email)) return fail('email', (d) => d.errors.emailInvalid);
    if (!state.password) return fail('password', (d) => d.errors.passwordRequired);
    state.busy = true;
    state.errors = {};
    host.update();
    const answer = await logIn(email, state.password);
    state.busy = false;
    if (answer.ok) {
      state.password = '';
      state.code = '';
      state.recovery = false;
      state.step = 'code';
      state.errors = {};
      return host.update('login-code');
    }
    if (answer.kind === 'http' && answer.error === 'invalid_credentials') {
      state.password = '';
      return fail('password', (d) => d.errors.wrongPassword);
    }
    fail('form', explain(answer));
  }

  async function submitCode(): Promise<void> {
    if (state.busy) return;
    const typed = state.code.trim();
    if (state.recovery) {
      const bare = typed.replace(/[\s-]/g, '');
      const plausible = bare.length >= 10 && typed.length <= 40 && /^[A-Za-z0-9]+$/.test(bare);
      if (!plausible) return fail('code', (d) => d.errors.recoveryFormat);
    } else if (!/^\d{6}$/.test(typed.replace(/\s/g, ''))) return fail('code', (d) => d.errors.codeFormat);
    state.busy = true;
    state.errors = {};
    host.update();
    const answer = await secondFactor(state.recovery ? { recoveryCode: typed } : { code: typed.replace(/\s/g, '') });
    state.busy = false;
    if (answer.ok) {
      if (state.recovery) {
        state.remaining = answer.value.remainingRecoveryCodes ?? 0;
        state.step = 'recovered';
        state.errors = {};
        return host.update('recovered-title');
      }
      location.assign('/app');
      return;
    }
    state.code = '';
    if (answer.kind === 'http' && answer.error === 'unauthenticated') {
      state.step = 'password';
      return fail('form', (d) => d.errors.sessionExpired);
    }
    const wrong = state.recovery ? (d: Dictionary) => d.errors.wrongRecovery : (d: Dictionary) => d.errors.wrongCode;
    fail('code', explain(answer, { invalid_code: wrong }));
  }

  // ---- rendering ----
  const error = (d: Dictionary, field: Field) => state.errors[field]?.(d) ?? null;
  const formError = (d: Dictionary) => (state.errors.form ? fieldError('form-error', state.errors.form(d)) : null);
  const onSubmit = (form: HTMLFormElement, action: () => Promise<void>) => {
    handleSubmit({ form, onSubmit: () => void action() });
    return form;
  };

  const submit = (id: string, d: Dictionary) => {
    const text = state.busy ? d.signingIn : d.signIn;
    return h('div', { class: 'actions' }, button({ id, type: 'submit', kind: 'primary', text, disabled: state.busy }));
  };

  /** "or Sign in with <provider>", when single sign-on is configured. */
  function ssoChoice(d: Dictionary): HTMLElement | null {
    if (!state.sso) return null;
    const label = h('span', {}, d.ssoButton(state.sso.name));
    const link = h('a', { class: 'secondary wide', id: 'sso-link', href: state.sso.startUrl }, icon('key'), label);
    return h('div', { class: 'sso', id: 'sso' }, h('p', { class: 'or' }, h('span', {}, d.or)), link);
  }

  function renderPassword(d: Dictionary): HTMLElement {
    const emailAttributes = { type: 'email', autocomplete: 'username', maxlength: '320', spellcheck: 'false' };
    const email = input({ id: 'login-email', name: 'email', ...emailAttributes }, state.email, (v) => {
      state.email = v;
    });
    const passwordAttributes = { type: 'password', autocomplete: 'current-password', maxlength: '1024' };
    const password = input({ id: 'login-password', name: 'password', ...passwordAttributes }, state.password, (v) => {
      state.password = v;
    });
    const form = h(
      'form',
      { id: 'step-password', novalidate: true },
      formError(d),
      field({ input: email, label: d.emailLabel, error: error(d, 'email') }),
      field({ input: password, label: d.passwordLabel, error: error(d, 'password') }),
      submit('login-submit', d),
    );
    const sso = ssoChoice(d);
    return h(
      'section',
      { class: 'card step-card', id: 'login', 'aria-labelledby': 'page-title' },
      onSubmit(form, submitPassword),
      sso,
      h('p', { class: 'hint forgot' }, d.forgotHint),
    );
  }

  function renderCode(d: Dictionary): HTMLElement {
    const recovery = state.recovery;
    const attributes = recovery
      ? { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: '40', class: 'code-input' }
      : { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7', class: 'otp-input' };
    const code = input({ id: 'login-code', name: 'code', ...attributes }, state.code, (v) => (state.code = v));
    const toggle = button({
      id: 'use-recovery',
      kind: 'link',
      text: recovery ? d.useAuthenticator : d.useRecovery,
      onClick: () => {
        state.recovery = !state.recovery;
        state.code = '';
        state.errors = {};
        host.update('login-code');
      },
    });
    const again = button({
      id: 'start-again',
      kind: 'link',
      text: d.startAgain,
      onClick: () => {
        state.step = 'password';
        state.errors = {};
        host.update('login-email');
      },
    });
    const form = h(
      'form',
      { id: 'step-code', novalidate: true },
      field({ input: code, label: recovery ? d.recoveryLabel : d.loginCodeLabel, error: error(d, 'code') }),
      formError(d),
      submit('code-submit', d),
    );
    return stepCard(
      { id: 'code', title: recovery ? d.recoveryTitle : d.codeTitle, titleId: 'code-title' },
      h('p', {}, recovery ? d.recoveryIntro : d.codeIntro),
      onSubmit(form, submitCode),
      h('div', { class: 'alternatives' }, toggle, again),
    );
  }

  function renderRecovered(d: Dictionary): HTMLElement {
    const few = state.remaining < FEW_CODES;
    const heading = h('h2', { id: 'recovered-title', tabindex: '-1' }, d.recoveredTitle);
    const advice =
      state.remaining === 0
        ? notice({ id: 'recovered-none', tone: 'warn', text: d.recoveredNone })
        : h('p', { class: 'result-text' }, d.recoveredAdvice);
    return h(
      'section',
      { class: `result ${few ? 'tone-warn' : 'tone-ok'}`, id: 'recovered', 'aria-labelledby': 'recovered-title' },
      h('div', { class: 'result-head' }, h('span', { class: 'badge-icon' }, icon(few ? 'info' : 'ok')), heading),
      h('p', { class: 'result-text', id: 'recovered-left' }, d.recoveredLeft(state.remaining)),
      advice,
      h('p', { class: 'actions' }, h('a', { class: 'primary', href: '/app', id: 'recovered-continue' }, d.openSegl)),
    );
  }

  return {
    start: () => void start(),
    render(d) {
      if (state.step === 'password') return renderPassword(d);
      if (state.step === 'code') return renderCode(d);
      return renderRecovered(d);
    },
  };
}
