import { fill, focusElement, h, icon } from '../shared/dom.js';
import type { LinkMode } from './api.js';
import { createEnrolFlow } from './enrol-flow.js';
import type { Flow, FlowHost } from './flow.js';
import type { Dictionary } from './i18n/dictionary.js';
import { chooseLanguage, LANGUAGES, rememberLanguage, type Language } from './i18n/index.js';
import { createLoginFlow } from './login-flow.js';

export type AuthMode = LinkMode | 'login';

/**
 * The sign-in pages (/setup/<token>, /enrol/<token>, /login): a header with the language choice (shared with the
 * other pages), the page's heading and lead, and the flow of its mode inside <main>. A language switch draws
 * everything again in the other language, keeping what was typed and where focus was.
 */
export function startAuthPage(root: HTMLElement, mode: AuthMode): void {
  let language: Language = chooseLanguage();
  const t = (): Dictionary => LANGUAGES[language];

  const tagline = h('span', { class: 'brand-tag' });
  const languageButtons = (Object.keys(LANGUAGES) as Language[]).map((code) => {
    const attributes = { type: 'button', class: 'lang-button', lang: code, 'data-language': code };
    return h('button', attributes, LANGUAGES[code].languageName);
  });
  const languageGroup = h('div', { class: 'lang', role: 'group' }, ...languageButtons);
  const brand = h('span', { class: 'brand' }, icon('seal'), h('span', { class: 'brand-name' }, 'Segl'), tagline);
  const header = h('header', { class: 'top' }, h('div', { class: 'wrap top-inner' }, brand, languageGroup));
  const title = h('h1', { id: 'page-title', tabindex: '-1' });
  const lead = h('p', { class: 'lead' });
  const body = h('div', { id: 'flow' });
  const main = h('main', { class: 'wrap', id: 'main' }, title, lead, body);
  fill(root, header, main);

  const host: FlowHost = { t, update };
  const flow: Flow = mode === 'login' ? createLoginFlow(host) : createEnrolFlow(host, mode);

  function render(): void {
    const d = t();
    document.documentElement.lang = language;
    document.title = `${d.titles[mode]} – Segl`;
    tagline.textContent = d.tagline;
    languageGroup.setAttribute('aria-label', d.languageLabel);
    for (const button of languageButtons) {
      button.setAttribute('aria-pressed', String(button.dataset.language === language));
    }
    title.textContent = d.titles[mode];
    lead.textContent = d.leads[mode];
    fill(body, flow.render(d));
  }

  /** Draws again; focus moves to `focus`, or back to the element (by id) that had it. */
  function update(focus?: string): void {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
    render();
    const target = focus || active;
    if (target) focusElement(document.getElementById(target));
  }

  for (const button of languageButtons) {
    button.addEventListener('click', () => {
      language = button.dataset.language as Language;
      rememberLanguage(language);
      update();
    });
  }
  render();
  flow.start();
}
