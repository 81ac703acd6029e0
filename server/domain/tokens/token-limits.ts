import { SeglError } from '../../lib/errors.js';
import { hasFullScope, type Principal } from '../auth/principal.js';

/** The scope a caller needs to create, list or revoke API tokens (sessions and `*` tokens have it). */
export const TOKENS_MANAGE_SCOPE = 'tokens:manage';

function insufficientScope(message: string): SeglError {
  return new SeglError({ code: 'insufficient_scope', message });
}

/** Whether every scope in `scopes` is one the caller holds (a `*` token holds all; `*` itself only a `*` caller). */
export function holdsScopes(caller: Principal, scopes: readonly string[]): boolean {
  if (hasFullScope(caller)) return true;
  return scopes.every((scope) => scope !== '*' && caller.scopes.includes(scope));
}

/**
 * What a caller may give a new token: a subset of its own scopes, and an expiry no later than its own token's.
 * A caller whose token expires and who asks for no expiry gets its own. Answers the expiry to use.
 */
export function limitNewToken(options: {
  caller: Principal;
  scopes: readonly string[];
  expiresAt: Date | null;
}): Date | null {
  const { caller } = options;
  if (!holdsScopes(caller, options.scopes)) {
    throw insufficientScope('a token can only create tokens with scopes it has itself');
  }
  const ceiling = caller.via === 'token' ? (caller.tokenExpiresAt ?? null) : null;
  if (!ceiling) return options.expiresAt;
  if (!options.expiresAt) return ceiling;
  if (options.expiresAt > ceiling) {
    const message = `a token can only create tokens that expire no later than itself (${ceiling.toISOString()})`;
    throw new SeglError({ code: 'expiry_too_late', message });
  }
  return options.expiresAt;
}

/** Only administrators with full scope (a session or a `*` token) may see or revoke other users' tokens. */
export function mayManageOthersTokens(caller: Principal): boolean {
  return caller.role === 'admin' && hasFullScope(caller);
}
