import type { en } from './en.js';

/** Every text of the staff app: the English dictionary's shape, so every other language must have every key. */
export type Dictionary = typeof en;
