import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Principal } from '../auth/principal.js';
import type { CreatedApiToken } from './create-api-token.js';
import { issueApiToken } from './issue-api-token.js';
import { limitNewToken } from './token-limits.js';

/**
 * A token for the caller: all scopes unless given, and never more power than the caller's own token (scopes a
 * subset, expiry no later). Answers the token (shown once) and the expiry it got.
 */
export async function issueOwnToken(options: {
  db: Database;
  clock: Clock;
  caller: Principal;
  name: string;
  scopes?: string[];
  expiresAt?: Date;
  ip?: string | null;
}): Promise<CreatedApiToken & { expiresAt: Date | null }> {
  const { db, clock, caller } = options;
  const scopes = options.scopes ?? ['*'];
  const expiresAt = limitNewToken({ caller, scopes, expiresAt: options.expiresAt ?? null });
  const userId = caller.userId;
  const created = await issueApiToken({
    db,
    clock,
    actorId: userId,
    userId,
    name: options.name,
    scopes,
    expiresAt,
    ip: options.ip,
  });
  return { ...created, expiresAt };
}
