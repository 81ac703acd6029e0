import { h, icon } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
import type { Step } from './steps.js';

/**
 * "1 Confirm who you are, 2 Read and sign, 3 Done": an ordered list with aria-current on the current step and the
 * done steps marked in words for screen readers, not only by colour and tick.
 */
export function renderProgress(step: Step, d: Dictionary): HTMLElement | null {
  const index =
    step === 'authenticate' ? 0 : step === 'review' ? 1 : ['signed', 'sealing', 'completed'].includes(step) ? 2 : -1;
  if (index < 0) return null;
  const names = [d.stepIdentify, d.stepReview, d.stepDone];
  return h(
    'ol',
    { class: 'steps', 'aria-label': d.stepsLabel },
    ...names.map((name, i) => {
      const done = i < index || (i === 2 && step === 'completed');
      const current = i === index;
      return h(
        'li',
        {
          class: `step${done ? ' step-done' : ''}${current ? ' step-current' : ''}`,
          'aria-current': current ? 'step' : undefined,
        },
        h('span', { class: 'step-mark', 'aria-hidden': 'true' }, done ? icon('ok') : String(i + 1)),
        h('span', { class: 'step-name' }, name),
        h('span', { class: 'visually-hidden' }, ` ${done ? d.stepCompleted : current ? d.stepCurrent : ''}`),
      );
    }),
  );
}
