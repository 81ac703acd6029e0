import type { Dictionary } from './dictionary.js';
import { en } from './en.js';
import { nb } from './nb.js';
import type { Language } from '../../shared/language.js';

export { chooseLanguage, rememberLanguage, type Language } from '../../shared/language.js';
export const LANGUAGES: Record<Language, Dictionary> = { nb, en };
