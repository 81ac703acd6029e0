import type { AuthFailure } from './api.js';
import type { Dictionary } from './i18n/dictionary.js';

/** Retry-After up to this long reads as "wait a moment"; longer means the account or network is locked for now. */
const SHORT_WAIT_SECONDS = 90;

/** A message is a function of the dictionary, so a language switch says it again in the new language. */
export type Say = (d: Dictionary) => string;

/**
 * A failed call in plain words: the codes each step expects get their own text (`known`), throttling says how
 * long to wait, and anything else a general sentence. The API's codes and messages are never shown.
 */
export function explain(failure: AuthFailure, known: Record<string, Say> = {}): Say {
  if (failure.kind === 'network') return (d) => d.errors.network;
  if (failure.kind === 'rate_limited') {
    const seconds = failure.retryAfterSeconds;
    return (d) => (seconds <= SHORT_WAIT_SECONDS ? d.errors.tooManySoon(seconds) : d.errors.tooManyLocked(seconds));
  }
  const own = known[failure.error];
  if (own) return own;
  if (failure.error === 'csrf_rejected') return (d) => d.errors.otherSite;
  if (failure.error === 'user_disabled') return (d) => d.errors.accountDisabled;
  if (failure.status >= 500 || failure.status === 0) return (d) => d.errors.server;
  return (d) => d.errors.checkInput;
}

/** The login page's words for `/login?sso=<code>` (the callback sends a person's browser back there). */
export function explainSso(code: string | null): Say | null {
  switch (code) {
    case null:
    case '':
      return null;
    case 'sso_no_account':
      return (d) => d.errors.ssoNoAccount;
    case 'sso_unavailable':
      return (d) => d.errors.ssoUnavailable;
    case 'sso_not_configured':
      return (d) => d.errors.ssoNotConfigured;
    case 'rate_limited':
      return (d) => d.errors.ssoTooMany;
    default:
      return (d) => d.errors.ssoFailed;
  }
}
