import { fill, focusElement, h } from '../shared/dom.js';
import { createBrand, createLanguageChooser } from '../shared/page-header.js';
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

  const { brand, tagline } = createBrand();
  const languages = createLanguageChooser(LANGUAGES, (chosen) => {
    language = chosen;
    rememberLanguage(language);
    update();
  });
  const header = h('header', { class: 'top' }, h('div', { class: 'wrap top-inner' }, brand, languages.group));
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
    languages.show(language, d.languageLabel);
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

  render();
  flow.start();
}
