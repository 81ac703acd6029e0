import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { bindContext } from '../bind-context.js';
import { issueOwnToken } from './issue-own-token.js';
import { listApiTokens, revokeApiToken } from './manage-api-tokens.js';

/** API tokens: issued to the caller, listed without secrets, revoked. */
export function createTokenService(context: { db: Database; clock: Clock }) {
  const bind = bindContext(context);
  return { issue: bind(issueOwnToken), list: bind(listApiTokens), revoke: bind(revokeApiToken) };
}

export type TokenService = ReturnType<typeof createTokenService>;
