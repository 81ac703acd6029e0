import type { en } from './en.js';

/** Every text of the sign-in pages: the English dictionary's shape, so every other language must have every key. */
export type Dictionary = typeof en;
