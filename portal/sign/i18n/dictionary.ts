import type { en } from './en.js';

/** Every text of the signer page: the English dictionary's shape, so every other language must have every key. */
export type Dictionary = typeof en;
