import {
  decline,
  fetchPdf,
  getSigningInfo,
  pdfUrl,
  requestOtp,
  sign,
  verifyOtp,
  type ApiFailure,
  type SigningInfo,
} from './api.js';
import { append, fill, focusElement, h, icon } from '../shared/dom.js';
import { handleSubmit } from '../shared/form-events.js';
import { createBrand, createLanguageChooser } from '../shared/page-header.js';
import type { Dictionary } from './i18n/dictionary.js';
import { chooseLanguage, LANGUAGES, rememberLanguage, type Language } from './i18n/index.js';
import { createPdfViewer, loadPdfJs, type PdfJsAssets, type PdfViewer } from '../shared/pdf-viewer.js';
import { renderOutcome } from './render-outcome.js';
import { renderProgress } from './render-progress.js';
import { renderSummary } from './render-summary.js';
import { sha256Hex } from '../shared/sha256.js';
import { POLLED, stepOf, type Step } from './steps.js';
import { tokenFromPath } from './token.js';
import { button, failureMessage, notice, oidcFailure, resultCard, stepHeading, working, type Message } from './ui.js';

interface OtpState {
  phase: 'start' | 'sending' | 'sent' | 'verifying';
  hint: string;
  expiresInSeconds: number;
  /** Until then (ms since the epoch) "send a new code" waits. */
  cooldownUntil: number;
  code: string;
  message: Message | null;
  sendMessage: Message | null;
}

interface ReviewState {
  pdf: 'loading' | 'preparing' | 'ready' | 'unrendered' | 'failed' | 'mismatch';
  /** SHA-256 of the bytes fetched and shown; what the signature request names. */
  shownSha256: string | null;
  pageCount: number | null;
  consent: boolean;
  busy: 'sign' | 'decline' | null;
  message: Message | null;
  declineOpen: boolean;
  reason: string;
  declineMessage: Message | null;
  viewer: PdfViewer | null;
}

interface State {
  language: Language;
  step: Step;
  info: SigningInfo | null;
  failure: Message | null;
  /** Shown on the authentication step: a failed OIDC login, an expired session. */
  authMessage: Message | null;
  otp: OtpState;
  review: ReviewState;
}

const RESEND_COOLDOWN_SECONDS = 30;
const DECLINE_MAX = 500;

function freshReview(): ReviewState {
  return {
    pdf: 'loading',
    shownSha256: null,
    pageCount: null,
    consent: false,
    busy: null,
    message: null,
    declineOpen: false,
    reason: '',
    declineMessage: null,
    viewer: null,
  };
}

/**
 * The SHA-256 to sign when the signer may sign now, else why not and where focus goes to say so: bytes that are not
 * the stated document are never offered for signing, the document must be shown, and consent given.
 */
function readyToSign(review: ReviewState): { sha256: string } | { refusal: Message; focus: string } {
  if (review.pdf === 'mismatch') {
    return { refusal: { tone: 'bad', text: (d) => d.fingerprintMismatch }, focus: 'sign-error' };
  }
  if (!review.shownSha256 || review.pdf === 'loading' || review.pdf === 'preparing' || review.pdf === 'failed') {
    return { refusal: { tone: 'warn', text: (d) => d.notReadyToSign }, focus: 'sign-error' };
  }
  if (!review.consent) return { refusal: { tone: 'bad', text: (d) => d.consentRequired }, focus: 'consent' };
  return { sha256: review.shownSha256 };
}

/** Builds the signer page (`/s/:token`) inside `root` and walks the signer through the signing API. */
export function startSigningPage(root: HTMLElement, assets: PdfJsAssets): void {
  const token = tokenFromPath(location.pathname);
  const state: State = {
    language: chooseLanguage(),
    step: token ? 'loading' : 'invalid',
    info: null,
    failure: null,
    authMessage: null,
    otp: {
      phase: 'start',
      hint: '',
      expiresInSeconds: 600,
      cooldownUntil: 0,
      code: '',
      message: null,
      sendMessage: null,
    },
    review: freshReview(),
  };

  // The identity provider's way back may say the login failed; the query is then removed from the address.
  const query = new URLSearchParams(location.search);
  if (query.get('auth') === 'failed') state.authMessage = oidcFailure(query.get('reason'));
  if (location.search) history.replaceState(null, '', location.pathname);

  // ---- fixed parts ----
  const { brand, tagline } = createBrand();
  const languages = createLanguageChooser(LANGUAGES, (language) => {
    state.language = language;
    rememberLanguage(language);
    render();
  });
  const header = h('header', { class: 'top' }, h('div', { class: 'wrap top-inner' }, brand, languages.group));
  const main = h('main', { class: 'wrap', id: 'main' });
  const footerText = h('p', {});
  const footer = h('footer', { class: 'bottom' }, h('div', { class: 'wrap' }, footerText));
  fill(root, header, main, footer);

  const t = (): Dictionary => LANGUAGES[state.language];
  let cooldownTimer: number | undefined;
  let pollTimer: number | undefined;
  let pollSince = 0;
  let retryTimer: number | undefined;
  /** Parts of the review step updated in place while the document loads (no re-render, no lost focus). */
  let reviewStatus: HTMLElement | null = null;
  let summaryHolder: HTMLElement | null = null;
  let resendButton: HTMLButtonElement | null = null;

  // ---- rendering ----
  function render(focus?: string): void {
    const d = t();
    document.documentElement.lang = state.language;
    tagline.textContent = d.brandTagline;
    languages.show(state.language, d.languageLabel);
    footerText.textContent = d.footer;
    const title = state.info?.document.title || d.documentTitleFallback;
    document.title = state.info ? `${d.pageTitle(title)} – Segl` : `Segl – ${d.brandTagline}`;
    main.setAttribute('data-step', state.step);
    root.setAttribute('data-step', state.step);
    main.setAttribute('aria-busy', String(state.step === 'loading'));
    reviewStatus = null;
    summaryHolder = null;
    resendButton = null;
    fill(main, ...renderStep(d));
    state.review.viewer?.setTexts(d);
    updateResendButton();
    if (focus) focusElement(document.getElementById(focus));
  }

  function renderStep(d: Dictionary): (Node | null)[] {
    switch (state.step) {
      case 'loading':
        return [h('h1', { id: 'page-title', class: 'visually-hidden' }, d.brandTagline), working(d.loading)];
      case 'invalid':
        return [problem(d.invalidTitle, d.invalidText, d.invalidAdvice)];
      case 'link-expired':
        return [problem(d.linkExpiredTitle, d.linkExpiredText, null)];
      case 'failed':
        return [
          h('h1', { id: 'page-title', tabindex: '-1' }, d.networkTitle),
          state.failure ? notice(state.failure, d) : null,
          h(
            'p',
            { class: 'actions' },
            button({ id: 'retry', text: d.retry, kind: 'secondary', onClick: () => void load('page-title') }),
          ),
        ];
      default:
        return renderSigner(d);
    }
  }

  function problem(title: string, text: string, advice: string | null): HTMLElement {
    return h(
      'section',
      { class: 'result tone-bad problem', 'aria-labelledby': 'page-title', 'data-outcome': state.step },
      h(
        'div',
        { class: 'result-head' },
        h('span', { class: 'badge-icon' }, icon('bad')),
        h('h1', { id: 'page-title', tabindex: '-1' }, title),
      ),
      h('p', { class: 'result-text' }, text),
      advice ? h('p', { class: 'result-text' }, advice) : null,
    );
  }

  function renderSigner(d: Dictionary): (Node | null)[] {
    const info = state.info!;
    const doc = info.document;
    const summary = renderSummary({
      info,
      t: d,
      pageCount: state.review.pageCount,
      check:
        state.step === 'review' && state.review.shownSha256
          ? state.review.pdf === 'mismatch'
            ? 'mismatch'
            : 'match'
          : 'unchecked',
    });
    summaryHolder = h('div', { class: 'summary-holder' }, summary);
    const heading = [
      renderProgress(state.step, d),
      h('h1', { id: 'page-title' }, doc.title || d.documentTitleFallback),
      doc.sender.name ? h('p', { class: 'lead' }, d.sentBy(doc.sender.name)) : null,
    ];
    switch (state.step) {
      case 'not-your-turn':
        return [
          ...heading,
          resultCard(
            { tone: 'progress', icon: 'wait', title: d.notYourTurnTitle, step: 'not-your-turn' },
            h('p', { class: 'result-text' }, d.notYourTurnText),
            h(
              'p',
              { class: 'actions' },
              button({ id: 'check-again', text: d.checkAgain, kind: 'secondary', onClick: () => void poll(true) }),
            ),
          ),
          summaryHolder,
        ];
      case 'authenticate':
        // back after completion: the document is done; signing in again only unlocks the signed copy
        if (info.signer.status === 'signed' && doc.status === 'completed') {
          return [
            renderProgress('completed', d),
            ...heading.slice(1),
            renderOutcome({ info, step: 'completed', t: d }),
            renderAuthentication(d),
            summaryHolder,
          ];
        }
        return [...heading, renderAuthentication(d), summaryHolder];
      case 'review':
        return [...heading, renderReview(d)];
      default:
        return [...heading, renderOutcome({ info, step: state.step, t: d }), summaryHolder];
    }
  }

  // ---- authentication ----
  function renderAuthentication(d: Dictionary): HTMLElement {
    const info = state.info!;
    const auth = info.authentication;
    const section = h('section', { class: 'card step-card', id: 'authenticate', 'aria-labelledby': 'step-title' });
    section.append(
      h(
        'div',
        { class: 'card-head' },
        h('span', { class: 'card-icon' }, icon(auth.method === 'oidc' ? 'key' : 'mail')),
        stepHeading(info.signer.status === 'signed' ? d.identifyToDownloadTitle : d.identifyTitle),
      ),
    );
    if (state.authMessage) section.append(notice(state.authMessage, d, 'auth-message'));
    if (auth.method === 'oidc') {
      section.append(
        h('p', {}, info.signer.status === 'signed' ? d.oidcIntroDownload(auth.label) : d.oidcIntro(auth.label)),
        auth.startUrl
          ? h(
              'p',
              { class: 'actions' },
              h('a', { class: 'primary button', id: 'oidc-start', href: auth.startUrl }, d.oidcButton(auth.label)),
            )
          : notice({ tone: 'bad', text: (x) => x.serverError }, d),
      );
      return section;
    }
    const otp = state.otp;
    const hint = otp.hint || auth.emailHint;
    if (otp.phase === 'start' || otp.phase === 'sending') {
      append(section, [
        h('p', { id: 'otp-intro' }, info.signer.status === 'signed' ? d.otpIntroDownload(hint) : d.otpIntro(hint)),
        otp.sendMessage ? notice(otp.sendMessage, d, 'otp-send-message') : null,
        h(
          'p',
          { class: 'actions' },
          button({
            id: 'otp-send',
            text: otp.phase === 'sending' ? d.otpSending : d.otpSend,
            kind: 'primary',
            disabled: otp.phase === 'sending' || Date.now() < otp.cooldownUntil,
            onClick: () => void sendCode(),
          }),
        ),
      ]);
    } else {
      const minutes = Math.max(1, Math.round(otp.expiresInSeconds / 60));
      const input = h('input', {
        id: 'otp-input',
        name: 'code',
        type: 'text',
        class: 'otp-input',
        inputmode: 'numeric',
        autocomplete: 'one-time-code',
        pattern: '[0-9]*',
        maxlength: '12',
        spellcheck: 'false',
        'aria-describedby': otp.message ? 'otp-hint otp-error' : 'otp-hint',
        'aria-invalid': otp.message?.tone === 'bad' ? 'true' : 'false',
      });
      input.value = otp.code;
      input.addEventListener('input', () => {
        const digits = input.value.replace(/\D/g, '').slice(0, 6);
        if (digits !== input.value) input.value = digits;
        otp.code = digits;
      });
      const form = h(
        'form',
        { id: 'otp-form', class: 'otp-form', novalidate: true },
        h('label', { for: 'otp-input', class: 'field-label' }, d.otpLabel),
        h('p', { id: 'otp-hint', class: 'hint' }, d.otpHint),
        otp.message ? h('p', { id: 'otp-error', class: 'field-error', role: 'alert' }, otp.message.text(d)) : null,
        h(
          'div',
          { class: 'code-row' },
          input,
          button({
            id: 'otp-submit',
            type: 'submit',
            text: otp.phase === 'verifying' ? d.otpChecking : d.otpSubmit,
            kind: 'primary',
            disabled: otp.phase === 'verifying',
          }),
        ),
      );
      handleSubmit({ form, onSubmit: () => void confirmCode() });
      resendButton = button({ id: 'otp-resend', text: d.otpResend, kind: 'link', onClick: () => void sendCode() });
      append(section, [
        h(
          'p',
          { id: 'otp-sent', class: 'sent', role: 'status' },
          icon('mail'),
          h('span', {}, d.otpSent(hint, minutes)),
        ),
        form,
        otp.sendMessage ? notice(otp.sendMessage, d, 'otp-send-message') : null,
        h('p', { class: 'resend' }, resendButton),
      ]);
    }
    section.append(h('p', { class: 'privacy' }, icon('info'), h('span', {}, d.otpLevelNote)));
    return section;
  }

  function updateResendButton(): void {
    window.clearTimeout(cooldownTimer);
    const left = Math.ceil((state.otp.cooldownUntil - Date.now()) / 1000);
    const send = document.getElementById('otp-send') as HTMLButtonElement | null;
    if (send && state.otp.phase === 'start') send.disabled = left > 0;
    if (resendButton) {
      resendButton.disabled = left > 0 || state.otp.phase === 'sending' || state.otp.phase === 'verifying';
      resendButton.textContent = left > 0 ? t().otpResendIn(left) : t().otpResend;
    }
    if (left > 0) cooldownTimer = window.setTimeout(updateResendButton, 1000);
  }

  async function sendCode(): Promise<void> {
    const otp = state.otp;
    if (otp.phase === 'sending' || Date.now() < otp.cooldownUntil) return;
    const wasSent = otp.phase !== 'start';
    otp.phase = 'sending';
    otp.sendMessage = null;
    if (wasSent) updateResendButton();
    else render();
    const result = await requestOtp(token!);
    if (result.ok) {
      otp.phase = 'sent';
      otp.hint = result.value.emailHint || otp.hint;
      otp.expiresInSeconds = result.value.expiresInSeconds > 0 ? result.value.expiresInSeconds : 600;
      otp.cooldownUntil = Date.now() + RESEND_COOLDOWN_SECONDS * 1000;
      otp.code = '';
      otp.message = null;
      state.authMessage = null;
      render('otp-input');
      return;
    }
    otp.phase = wasSent ? 'sent' : 'start';
    if (result.kind === 'rate_limited') otp.cooldownUntil = Date.now() + result.retryAfterSeconds * 1000;
    if (await handleLinkFailure(result)) return;
    otp.sendMessage = failureMessage(result);
    render(wasSent ? 'otp-resend' : 'otp-send');
  }

  async function confirmCode(): Promise<void> {
    const otp = state.otp;
    if (otp.phase === 'verifying') return;
    if (!/^\d{6}$/.test(otp.code)) {
      otp.message = { tone: 'bad', text: (d) => d.otpIncomplete };
      render('otp-input');
      return;
    }
    otp.phase = 'verifying';
    otp.message = null;
    render('otp-submit');
    const result = await verifyOtp(token!, otp.code);
    if (result.ok) {
      otp.phase = 'start';
      otp.code = '';
      await load('review-title');
      return;
    }
    otp.phase = 'sent';
    if (await handleLinkFailure(result)) return;
    if (result.kind === 'http' && result.error === 'otp_invalid') {
      const left = typeof result.body.attemptsLeft === 'number' ? result.body.attemptsLeft : null;
      otp.message = { tone: 'bad', text: (d) => d.otpWrong(left) };
      if (left !== null && left <= 0) otp.code = '';
    } else if (result.kind === 'http' && (result.error === 'otp_expired' || result.status === 410)) {
      otp.message = { tone: 'bad', text: (d) => d.otpExpired };
      otp.code = '';
    } else {
      otp.message = failureMessage(result);
    }
    render('otp-input');
  }

  // ---- review and sign ----
  function renderReview(d: Dictionary): HTMLElement {
    const info = state.info!;
    const review = state.review;
    review.viewer ??= createPdfViewer({ assets, t: d });
    reviewStatus = h('div', { class: 'review-status', id: 'review-status', 'aria-live': 'polite' });
    fillReviewStatus(d);
    const reviewSection = h(
      'section',
      { class: 'review', id: 'review', 'aria-labelledby': 'review-title' },
      h(
        'div',
        { class: 'card review-head' },
        h('h2', { id: 'review-title', tabindex: '-1' }, d.reviewTitle),
        h('p', { class: 'panel-intro' }, d.reviewIntro),
        h(
          'p',
          { class: 'review-links' },
          h('a', { href: '#sign-panel', class: 'skip', id: 'skip-to-sign' }, d.skipToSign),
          h(
            'a',
            {
              href: pdfUrl(token!),
              id: 'open-pdf',
              target: '_blank',
              rel: 'noopener',
              'aria-describedby': 'open-pdf-hint',
            },
            icon('file'),
            h('span', {}, d.openPdf),
          ),
        ),
        h('p', { class: 'hint', id: 'open-pdf-hint' }, d.openPdfHint),
        reviewStatus,
      ),
      review.viewer.element,
    );
    // Phones read top to bottom: the pages, then what is being signed (code, fingerprint check), then the consent.
    // Wide screens put the summary and the sign panel beside the pages (grid areas in sign.css).
    return h('div', { class: 'review-layout' }, reviewSection, summaryHolder, renderSignPanel(d, info));
  }

  function fillReviewStatus(d: Dictionary): void {
    if (!reviewStatus) return;
    const review = state.review;
    switch (review.pdf) {
      case 'loading':
        fill(reviewStatus, working(d.documentLoading));
        break;
      case 'preparing':
        fill(reviewStatus, working(d.documentPreparing));
        break;
      case 'failed':
      case 'unrendered':
        fill(
          reviewStatus,
          notice({ tone: review.pdf === 'failed' ? 'bad' : 'warn', text: (x) => x.documentFailed }, d),
        );
        break;
      case 'mismatch':
        fill(reviewStatus, notice({ tone: 'bad', text: (x) => x.fingerprintMismatch }, d, 'fingerprint-mismatch'));
        break;
      default:
        fill(reviewStatus);
    }
  }

  function updateDocumentStatus(): void {
    const d = t();
    fillReviewStatus(d);
    if (summaryHolder && state.info) {
      fill(
        summaryHolder,
        renderSummary({
          info: state.info,
          t: d,
          pageCount: state.review.pageCount,
          check: state.review.shownSha256 ? (state.review.pdf === 'mismatch' ? 'mismatch' : 'match') : 'unchecked',
        }),
      );
    }
  }

  function renderSignPanel(d: Dictionary, info: SigningInfo): HTMLElement {
    const review = state.review;
    const consentText = info.consent[state.language] || info.consent.en;
    const checkbox = h('input', {
      type: 'checkbox',
      id: 'consent',
      name: 'consent',
      'aria-describedby': 'consent-text',
      checked: review.consent,
    });
    checkbox.addEventListener('change', () => {
      review.consent = checkbox.checked;
      if (review.consent && review.message) {
        review.message = null;
        document.getElementById('sign-error')?.remove();
      }
    });
    const form = h(
      'form',
      { id: 'sign-form', novalidate: true },
      h(
        'fieldset',
        { class: 'consent' },
        h('legend', {}, d.consentLegend),
        h('p', { id: 'consent-text', class: 'consent-text' }, consentText),
        h('div', { class: 'checkbox' }, checkbox, h('label', { for: 'consent' }, d.consentCheckbox)),
      ),
      review.message ? notice(review.message, d, 'sign-error') : null,
      // Bytes that are not the stated document are never offered for signing.
      review.pdf === 'mismatch'
        ? notice({ tone: 'bad', text: (x) => x.fingerprintMismatch }, d)
        : button({
            id: 'sign-button',
            type: 'submit',
            kind: 'primary',
            text: review.busy === 'sign' ? d.signing : d.signButton,
            disabled: review.busy !== null,
            attrs: { 'data-wide': 'true' },
          }),
      info.signer.name ? h('p', { class: 'hint sign-as' }, d.signAs(info.signer.name)) : null,
    );
    handleSubmit({ form, onSubmit: () => void signDocument() });
    const toggle = button({
      id: 'decline-toggle',
      kind: 'link',
      text: d.declineOpen,
      attrs: { 'aria-expanded': String(review.declineOpen), 'aria-controls': 'decline-form' },
      onClick: () => {
        review.declineOpen = !review.declineOpen;
        review.declineMessage = null;
        render(review.declineOpen ? 'decline-reason' : 'decline-toggle');
      },
    });
    const panel = h(
      'aside',
      { class: 'card sign-panel', id: 'sign-panel', 'aria-labelledby': 'sign-title', tabindex: '-1' },
      h(
        'div',
        { class: 'card-head' },
        h('span', { class: 'card-icon' }, icon('pen')),
        h('h2', { id: 'sign-title' }, d.signTitle),
      ),
      form,
      h('div', { class: 'decline' }, toggle, review.declineOpen ? renderDeclineForm(d) : null),
    );
    return panel;
  }

  function renderDeclineForm(d: Dictionary): HTMLElement {
    const review = state.review;
    const textarea = h('textarea', {
      id: 'decline-reason',
      name: 'reason',
      rows: '4',
      maxlength: String(DECLINE_MAX),
      required: true,
      'aria-describedby': review.declineMessage
        ? 'decline-hint decline-counter decline-error'
        : 'decline-hint decline-counter',
      'aria-invalid': review.declineMessage ? 'true' : 'false',
    });
    textarea.value = review.reason;
    const counter = h(
      'p',
      { id: 'decline-counter', class: 'hint counter' },
      d.declineCounter(review.reason.length, DECLINE_MAX),
    );
    textarea.addEventListener('input', () => {
      review.reason = textarea.value;
      counter.textContent = t().declineCounter(review.reason.length, DECLINE_MAX);
    });
    const form = h(
      'form',
      { id: 'decline-form', class: 'decline-form', novalidate: true },
      h('p', { class: 'panel-intro' }, d.declineIntro),
      h('label', { for: 'decline-reason', class: 'field-label' }, d.declineLabel),
      h('p', { id: 'decline-hint', class: 'hint' }, d.declineHint),
      textarea,
      counter,
      review.declineMessage
        ? h('p', { id: 'decline-error', class: 'field-error', role: 'alert' }, review.declineMessage.text(d))
        : null,
      h(
        'div',
        { class: 'actions' },
        button({
          id: 'decline-submit',
          type: 'submit',
          kind: 'danger',
          text: review.busy === 'decline' ? d.declining : d.declineSubmit,
          disabled: review.busy !== null,
        }),
        button({
          id: 'decline-cancel',
          kind: 'secondary',
          text: d.declineCancel,
          onClick: () => {
            review.declineOpen = false;
            review.declineMessage = null;
            render('decline-toggle');
          },
        }),
      ),
    );
    handleSubmit({ form, onSubmit: () => void declineDocument() });
    return form;
  }

  async function loadDocument(): Promise<void> {
    const review = state.review;
    review.pdf = 'loading';
    updateDocumentStatus();
    void loadPdfJs(assets).catch(() => undefined);
    const result = await fetchPdf(token!);
    if (state.step !== 'review' || state.review !== review) return;
    if (!result.ok) {
      if (result.kind === 'http' && result.status === 401) {
        sessionEnded();
        return;
      }
      if (await handleLinkFailure(result)) return;
      review.pdf = 'failed';
      updateDocumentStatus();
      return;
    }
    const sha256 = await sha256Hex(result.value);
    review.shownSha256 = sha256;
    const expected = state.info?.document.sha256;
    if (expected && expected !== sha256) {
      review.pdf = 'mismatch';
      render();
      return;
    }
    review.pdf = 'preparing';
    updateDocumentStatus();
    try {
      const { pageCount } = await review.viewer!.show(result.value);
      if (state.review !== review) return;
      review.pageCount = pageCount;
      review.pdf = 'ready';
    } catch {
      if (state.review !== review) return;
      // The exact bytes are verified and can be opened with the link; only the in-page rendering failed.
      review.pdf = 'unrendered';
    }
    updateDocumentStatus();
  }

  async function signDocument(): Promise<void> {
    const review = state.review;
    if (review.busy) return;
    const ready = readyToSign(review);
    if ('refusal' in ready) {
      review.message = ready.refusal;
      render(ready.focus);
      return;
    }
    review.busy = 'sign';
    review.message = null;
    render('sign-button');
    const result = await sign(token!, { sha256: ready.sha256, language: state.language });
    review.busy = null;
    if (result.ok) {
      await load('step-title', { after: 'signed', documentStatus: result.value.documentStatus });
      return;
    }
    if (await handleLinkFailure(result)) return;
    if (result.kind === 'http' && result.status === 401) {
      sessionEnded();
      return;
    }
    if (result.kind === 'http' && result.error === 'not_your_turn') {
      await load('step-title');
      return;
    }
    if (result.kind === 'http' && result.error === 'document_changed') {
      await load('review-title', { documentChanged: true });
      return;
    }
    if (result.kind === 'http' && result.error === 'document_not_pending') {
      await load('step-title');
      return;
    }
    review.message = failureMessage(result);
    render('sign-error');
  }

  async function declineDocument(): Promise<void> {
    const review = state.review;
    if (review.busy) return;
    const reason = review.reason.trim();
    if (!reason || reason.length > DECLINE_MAX) {
      review.declineMessage = { tone: 'bad', text: (d) => (reason ? d.declineTooLong : d.declineRequired) };
      render('decline-reason');
      return;
    }
    review.busy = 'decline';
    review.declineMessage = null;
    render('decline-submit');
    const result = await decline(token!, reason);
    review.busy = null;
    if (result.ok) {
      await load('step-title', { after: 'declined' });
      return;
    }
    if (await handleLinkFailure(result)) return;
    if (result.kind === 'http' && result.status === 401) {
      sessionEnded();
      return;
    }
    if (result.kind === 'http' && result.status === 409) {
      await load('step-title');
      return;
    }
    review.declineMessage = failureMessage(result);
    render('decline-reason');
  }

  function sessionEnded(): void {
    if (!state.info) return;
    state.info.signer.authenticated = false;
    state.authMessage = { tone: 'warn', text: (d) => d.sessionEnded };
    state.otp = { ...state.otp, phase: 'start', code: '', message: null, sendMessage: null };
    enter('authenticate', 'step-title');
  }

  // ---- loading, transitions, polling ----
  /** Failures that end the visit: an unknown or revoked link (404), an expired one (410). */
  async function handleLinkFailure(failure: ApiFailure): Promise<boolean> {
    if (failure.kind !== 'http') return false;
    if (
      failure.status === 404 &&
      (failure.error === 'signing_link_invalid' || failure.error === 'not_found' || failure.error === '')
    ) {
      enter('invalid', 'page-title');
      return true;
    }
    if (failure.status === 410 && failure.error === 'signing_link_expired') {
      enter('link-expired', 'page-title');
      return true;
    }
    return false;
  }

  /**
   * Moves to a step and renders it. Entering the review starts a fresh one: the document is fetched, hashed and drawn
   * again; leaving it releases pdf.js and its canvases.
   */
  function enter(step: Step, focus?: string, options: { reviewMessage?: Message } = {}): void {
    const wasReview = state.step === 'review';
    if (wasReview !== (step === 'review')) {
      state.review.viewer?.destroy();
      state.review = { ...freshReview(), message: options.reviewMessage ?? null };
    }
    state.step = step;
    render(focus);
    if (step === 'review' && !wasReview) void loadDocument();
    schedulePoll();
  }

  async function load(
    focus?: string,
    context: { after?: 'signed' | 'declined'; documentStatus?: string; documentChanged?: boolean } = {},
  ): Promise<void> {
    if (!token) return;
    window.clearTimeout(retryTimer);
    const result = await getSigningInfo(token);
    if (!result.ok) {
      if (await handleLinkFailure(result)) return;
      if (context.after && state.info) {
        // The action succeeded; only the refresh failed: show what we know.
        if (context.after === 'signed') {
          state.info.signer.status = 'signed';
          if (context.documentStatus === 'completed') state.info.document.status = 'completed';
        } else state.info.signer.status = 'declined';
        enter(stepOf(state.info), focus);
        return;
      }
      state.failure = failureMessage(result);
      if (result.kind === 'rate_limited')
        retryTimer = window.setTimeout(() => void load(focus), result.retryAfterSeconds * 1000);
      enter('failed', 'page-title');
      return;
    }
    state.info = result.value;
    const step = stepOf(result.value);
    if (context.documentChanged && step === 'review') {
      // Leave the review and enter it again: the new bytes are fetched, hashed and drawn; consent is asked again.
      state.review.viewer?.destroy();
      state.step = 'loading';
      enter('review', focus, { reviewMessage: { tone: 'warn', text: (d) => d.documentChanged } });
      return;
    }
    if (step === state.step) {
      render(focus);
      schedulePoll();
      return;
    }
    enter(step, focus);
  }

  function schedulePoll(): void {
    window.clearTimeout(pollTimer);
    if (!POLLED.includes(state.step) || document.visibilityState === 'hidden') {
      pollSince = 0;
      return;
    }
    if (!pollSince) pollSince = Date.now();
    const elapsed = Date.now() - pollSince;
    const delay =
      state.step === 'not-your-turn' ? 20_000 : elapsed < 120_000 ? 3_000 : elapsed < 600_000 ? 10_000 : 30_000;
    pollTimer = window.setTimeout(() => void poll(false), delay);
  }

  async function poll(byHand: boolean): Promise<void> {
    if (!token || !POLLED.includes(state.step)) return;
    const checkButton = document.getElementById('check-again') as HTMLButtonElement | null;
    if (byHand && checkButton) {
      checkButton.disabled = true;
      checkButton.textContent = t().checking;
    }
    const result = await getSigningInfo(token);
    if (result.ok) {
      const before = state.step;
      state.info = result.value;
      const step = stepOf(result.value);
      if (step !== before) {
        enter(step, 'step-title');
        return;
      }
    } else if (await handleLinkFailure(result)) {
      return;
    }
    if (byHand && checkButton) {
      checkButton.disabled = false;
      checkButton.textContent = t().checkAgain;
      checkButton.focus();
    }
    schedulePoll();
  }

  // ---- events ----
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && POLLED.includes(state.step)) void poll(false);
    else schedulePoll();
  });

  render();
  if (token) void load();
}
