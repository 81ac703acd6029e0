import { lookUpCode, matchHash, validateFile, type ApiResult, type CodeStatus, type FileReport } from './api.js';
import { codeFromPath, normalizeCode } from './code.js';
import { fill, h, icon } from '../shared/dom.js';
import { handleSubmit } from '../shared/form-events.js';
import { createBrand, createLanguageChooser } from '../shared/page-header.js';
import { createFilePanel } from './file-panel.js';
import type { Dictionary } from './i18n/dictionary.js';
import { chooseLanguage, LANGUAGES, rememberLanguage, type Language } from './i18n/index.js';
import { renderMatch, type ProofOutcome } from './render-match.js';
import { renderReport } from './render-report.js';
import { renderStatus } from './render-status.js';
import { looksLikePdf, sha256OfFile } from './sha256.js';

/** What a panel shows; messages are functions of the dictionary so that a language switch re-renders them. */
type Phase<T> =
  | { phase: 'idle' }
  | { phase: 'busy' }
  | { phase: 'message'; tone: 'bad' | 'warn'; text: (t: Dictionary) => string }
  | { phase: 'done'; value: T };

interface State {
  language: Language;
  status: Phase<CodeStatus>;
  proof: Phase<ProofOutcome>;
  proofFile: string | null;
  report: Phase<FileReport>;
  reportFile: string | null;
}

function failure(result: Exclude<ApiResult<unknown>, { ok: true }>, notFound: (t: Dictionary) => string): Phase<never> {
  switch (result.kind) {
    case 'rate_limited': {
      const seconds = result.retryAfterSeconds;
      return { phase: 'message', tone: 'warn', text: (t) => t.tooMany(seconds) };
    }
    case 'busy': {
      const seconds = result.retryAfterSeconds;
      return { phase: 'message', tone: 'warn', text: (t) => t.busy(seconds) };
    }
    case 'not_found':
      return { phase: 'message', tone: 'bad', text: notFound };
    case 'invalid':
      return { phase: 'message', tone: 'bad', text: (t) => t.fileUnreadable };
    case 'too_large':
      return { phase: 'message', tone: 'bad', text: (t) => t.fileTooLarge };
    case 'network':
      return { phase: 'message', tone: 'bad', text: (t) => t.networkError };
    default:
      return { phase: 'message', tone: 'bad', text: (t) => t.serverError };
  }
}

function notice(tone: 'bad' | 'warn', text: string): HTMLElement {
  return h(
    'p',
    { class: `notice tone-${tone}`, role: tone === 'bad' ? 'alert' : undefined },
    icon(tone === 'bad' ? 'bad' : 'wait'),
    h('span', {}, text),
  );
}

function busy(text: string): HTMLElement {
  return h('p', { class: 'working' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** Builds the portal (/verify and /v/:code) inside `root` and wires it to the verification API. */
export function startPortal(root: HTMLElement): void {
  const state: State = {
    language: chooseLanguage(),
    status: { phase: 'idle' },
    proof: { phase: 'idle' },
    proofFile: null,
    report: { phase: 'idle' },
    reportFile: null,
  };
  let retryTimer: number | undefined;

  // ---- the page's fixed parts (built once; texts set by applyTexts) ----
  const { brand, tagline } = createBrand({ href: '/verify' });
  const languages = createLanguageChooser(LANGUAGES, (language) => {
    state.language = language;
    rememberLanguage(language);
    if (!codeError.hidden) codeError.textContent = t().codeInvalid;
    render();
  });
  const header = h('header', { class: 'top' }, h('div', { class: 'wrap top-inner' }, brand, languages.group));

  const title = h('h1', { id: 'page-title' });
  const intro = h('p', { class: 'lead' });
  const codeLabel = h('label', { for: 'code-input', class: 'field-label' });
  const codeHint = h('p', { id: 'code-hint', class: 'hint' });
  const codeInput = h('input', {
    id: 'code-input',
    name: 'code',
    type: 'text',
    class: 'code-input',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: '64',
    placeholder: 'XXXX-XXXX-XXXX-XXXX',
    'aria-describedby': 'code-hint code-error',
  });
  const codeSubmit = h('button', { type: 'submit', class: 'primary' });
  const codeError = h('p', { id: 'code-error', class: 'field-error', hidden: true });
  const codeForm = h(
    'form',
    { id: 'code-form', class: 'code-form', novalidate: true },
    codeLabel,
    codeHint,
    h('div', { class: 'code-row' }, codeInput, codeSubmit),
    codeError,
  );
  const statusResult = h('div', { id: 'status-result', class: 'live', 'aria-live': 'polite' });
  const codePanel = h(
    'section',
    { class: 'card', id: 'code-panel', 'aria-labelledby': 'page-title' },
    codeForm,
    statusResult,
  );

  const proofPanel = createFilePanel({ key: 'proof', hidden: true, onFile: (file) => void checkPossession(file) });
  const validatePanel = createFilePanel({ key: 'validate', onFile: (file) => void validate(file) });

  const footerText = h('p', {});
  const footer = h('footer', { class: 'bottom' }, h('div', { class: 'wrap' }, footerText));
  const main = h(
    'main',
    { class: 'wrap', id: 'main' },
    title,
    intro,
    codePanel,
    proofPanel.element,
    validatePanel.element,
  );
  fill(root, header, main, footer);

  // ---- rendering ----
  const t = () => LANGUAGES[state.language];
  function applyTexts(): void {
    const d = t();
    document.documentElement.lang = state.language;
    document.title = `Segl – ${d.pageTitle}`;
    tagline.textContent = d.brandTagline;
    languages.show(state.language, d.languageLabel);
    title.textContent = d.pageTitle;
    intro.textContent = d.intro;
    codeLabel.textContent = d.codeLabel;
    codeHint.textContent = d.codeHint;
    codeSubmit.textContent = d.codeSubmit;
    const zone = (file: string | null) => ({
      main: d.dropMain,
      choose: d.dropChoose,
      selected: file ? d.dropSelected(file) : null,
    });
    proofPanel.setTexts({
      title: d.proofTitle,
      intro:
        state.status.phase === 'done' && state.status.value.status === 'deleted' ? d.proofDeletedIntro : d.proofIntro,
      zone: zone(state.proofFile),
    });
    validatePanel.setTexts({ title: d.validateTitle, intro: d.validateIntro, zone: zone(state.reportFile) });
    footerText.textContent = d.footer;
  }
  function renderPhase<T>(
    target: HTMLElement,
    phase: Phase<T>,
    busyText: string,
    done: (value: T) => HTMLElement,
  ): void {
    const d = t();
    if (phase.phase === 'idle') fill(target);
    else if (phase.phase === 'busy') fill(target, busy(busyText));
    else if (phase.phase === 'message') fill(target, notice(phase.tone, phase.text(d)));
    else fill(target, done(phase.value));
  }
  function render(): void {
    applyTexts();
    const d = t();
    renderPhase(statusResult, state.status, d.checking, (value) => renderStatus(value, d));
    proofPanel.element.hidden = state.status.phase !== 'done';
    renderPhase(proofPanel.result, state.proof, d.hashing, (value) => renderMatch(value, d));
    proofPanel.zone.setBusy(state.proof.phase === 'busy');
    renderPhase(validatePanel.result, state.report, d.validating, (value) => renderReport(value, d));
    validatePanel.zone.setBusy(state.report.phase === 'busy');
  }

  function pauseAfterRateLimit(result: ApiResult<unknown>): void {
    if (result.ok || result.kind !== 'rate_limited') return;
    codeSubmit.disabled = true;
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(() => (codeSubmit.disabled = false), result.retryAfterSeconds * 1000);
  }

  // ---- actions ----
  async function lookUp(raw: string, options: { updateUrl: boolean }): Promise<void> {
    const code = normalizeCode(raw);
    codeError.hidden = code !== undefined;
    codeInput.setAttribute('aria-invalid', String(code === undefined));
    if (!code) {
      codeError.textContent = t().codeInvalid;
      codeInput.focus();
      return;
    }
    codeInput.value = code;
    state.status = { phase: 'busy' };
    state.proof = { phase: 'idle' };
    state.proofFile = null;
    render();
    const result = await lookUpCode(code);
    pauseAfterRateLimit(result);
    state.status = result.ok ? { phase: 'done', value: result.value } : failure(result, (d) => d.codeUnknown);
    if (result.ok && options.updateUrl && location.pathname !== `/v/${code}`)
      history.replaceState(null, '', `/v/${code}`);
    render();
  }

  /** A file dropped on a panel: one that is not a PDF is refused there; else the panel shows it is busy. */
  async function startWithPdf(file: File, setPhase: (phase: Phase<never>) => void): Promise<boolean> {
    const pdf = await looksLikePdf(file);
    setPhase(pdf ? { phase: 'busy' } : { phase: 'message', tone: 'bad', text: (d) => d.notPdf });
    render();
    return pdf;
  }

  async function checkPossession(file: File): Promise<void> {
    if (state.status.phase !== 'done') return;
    const document = state.status.value;
    const wasCompleted = document.status === 'completed' || Boolean(document.completedAt);
    state.proofFile = file.name;
    if (!(await startWithPdf(file, (phase) => (state.proof = phase)))) return;
    const sha256 = await sha256OfFile(file);
    if (document.status === 'deleted' && document.sha256) {
      state.proof = {
        phase: 'done',
        value: {
          match: document.sha256.toLowerCase() === sha256,
          tombstone: true,
          sha256,
          fileName: file.name,
          matchedVersion: null,
          title: null,
          documentStatus: document.status,
          wasCompleted,
          signers: [],
        },
      };
    } else {
      const result = await matchHash(document.code, sha256);
      state.proof = result.ok
        ? {
            phase: 'done',
            value: {
              ...result.value,
              tombstone: false,
              sha256,
              fileName: file.name,
              documentStatus: document.status,
              wasCompleted,
            },
          }
        : failure(result, (d) => d.codeUnknown);
    }
    render();
  }

  async function validate(file: File): Promise<void> {
    state.reportFile = file.name;
    if (!(await startWithPdf(file, (phase) => (state.report = phase)))) return;
    const result = await validateFile(file);
    state.report = result.ok ? { phase: 'done', value: result.value } : failure(result, (d) => d.fileUnreadable);
    render();
  }

  // ---- events ----
  handleSubmit({ form: codeForm, onSubmit: () => void lookUp(codeInput.value, { updateUrl: true }) });
  codeInput.addEventListener('input', () => {
    if (!codeError.hidden && normalizeCode(codeInput.value)) {
      codeError.hidden = true;
      codeInput.setAttribute('aria-invalid', 'false');
    }
  });

  render();
  const fromPath = codeFromPath(location.pathname);
  if (fromPath !== undefined) {
    codeInput.value = fromPath;
    void lookUp(fromPath, { updateUrl: false });
  }
}
