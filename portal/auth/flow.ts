import type { Dictionary } from './i18n/dictionary.js';

/** What a page's flow (login, or setup/enrolment) gets from the page: the texts, and a way to draw itself again. */
export interface FlowHost {
  t(): Dictionary;
  /** Draws the flow again from its state; focus moves to `focus` (an element id), else stays where it was. */
  update(focus?: string): void;
}

/** One page's steps: starts its first calls, then renders from its state on every update or language switch. */
export interface Flow {
  start(): void;
  render(d: Dictionary): Node;
}
