import type { ApiFailure } from './api.js';
import { h, icon, type IconName } from '../shared/dom.js';
import type { Dictionary } from './i18n/dictionary.js';
export { button, working } from '../shared/controls.js';

/** A message is a function of the dictionary, so that a language switch re-renders it. */
export interface Message {
  tone: 'bad' | 'warn' | 'ok';
  text: (t: Dictionary) => string;
}

export function failureMessage(failure: ApiFailure): Message {
  if (failure.kind === 'rate_limited') {
    const seconds = failure.retryAfterSeconds;
    return { tone: 'warn', text: (t) => t.tooMany(seconds) };
  }
  if (failure.kind === 'network') return { tone: 'bad', text: (t) => t.networkError };
  return { tone: 'bad', text: (t) => t.serverError };
}

/** A reason from the OIDC return (`?auth=failed&reason=...`) is mapped to our own words: the URL is never shown. */
export function oidcFailure(reason: string | null): Message {
  if (reason && /mismatch/i.test(reason)) return { tone: 'bad', text: (t) => t.oidcMismatch };
  if (reason && /cancel|access_denied|denied/i.test(reason)) return { tone: 'warn', text: (t) => t.oidcCancelled };
  return { tone: 'bad', text: (t) => t.oidcFailed };
}

/** A message in a box; errors are alerts (read out at once), the rest status messages. */
export function notice(message: Message, t: Dictionary, id?: string): HTMLElement {
  return h(
    'p',
    { class: `notice tone-${message.tone}`, id, role: message.tone === 'bad' ? 'alert' : 'status' },
    icon(message.tone === 'ok' ? 'ok' : message.tone === 'bad' ? 'bad' : 'info'),
    h('span', {}, message.text(t)),
  );
}

/** The heading of the current step: the page moves focus to it after every step change. */
export function stepHeading(text: string): HTMLHeadingElement {
  return h('h2', { id: 'step-title', tabindex: '-1' }, text);
}

export function resultCard(
  options: { tone: string; icon: IconName; title: string; step: string },
  ...children: (Node | null | false)[]
): HTMLElement {
  const card = h(
    'section',
    { class: `result tone-${options.tone}`, 'aria-labelledby': 'step-title', 'data-outcome': options.step },
    h(
      'div',
      { class: 'result-head' },
      h('span', { class: 'badge-icon' }, icon(options.icon)),
      stepHeading(options.title),
    ),
  );
  for (const child of children) if (child) card.append(child);
  return card;
}
