import { h, icon } from './dom.js';

/** The Segl brand: the seal, the name and the page's tagline (its text set with the others); a link with `link`. */
export function createBrand(link?: Record<string, string>): { brand: HTMLElement; tagline: HTMLElement } {
  const tagline = h('span', { class: 'brand-tag' });
  const parts = [icon('seal'), h('span', { class: 'brand-name' }, 'Segl'), tagline];
  const brand = link ? h('a', { class: 'brand', ...link }, ...parts) : h('span', { class: 'brand' }, ...parts);
  return { brand, tagline };
}

export interface LanguageChooser<Language extends string> {
  group: HTMLElement;
  /** Names the group and marks the button of the language in use (after every change of language). */
  show(language: Language, label: string): void;
}

/** One button per language, each named in its own language; `onChoose` hears which one was pressed. */
export function createLanguageChooser<Language extends string>(
  languages: Record<Language, { languageName: string }>,
  onChoose: (language: Language) => void,
): LanguageChooser<Language> {
  const buttons = (Object.keys(languages) as Language[]).map((language) => {
    const attributes = { type: 'button', class: 'lang-button', lang: language, 'data-language': language };
    const button = h('button', attributes, languages[language].languageName);
    button.addEventListener('click', () => onChoose(language));
    return button;
  });
  const group = h('div', { class: 'lang', role: 'group' }, ...buttons);
  return {
    group,
    show(language, label) {
      group.setAttribute('aria-label', label);
      for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.language === language));
    },
  };
}
