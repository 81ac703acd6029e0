/** The pages' language: bokmål or English, chosen from the browser or by the visitor, and remembered. */
export type Language = 'en' | 'nb';
/** One key for the portal and the signer page: a visitor who chose a language on one keeps it on the other. */
const STORAGE_KEY = 'segl.portal.language';

/**
 * The remembered choice, else the first of the browser's languages we speak (nb, nn and no read as bokmål), else
 * English.
 */
export function chooseLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'nb') return stored;
  } catch {
    // storage can be disabled; fall through to the browser's languages
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'nb' || primary === 'nn' || primary === 'no') return 'nb';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered; the page still switches
  }
}
