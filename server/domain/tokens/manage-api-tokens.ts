import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import type { Principal } from '../auth/principal.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import { holdsScopes, mayManageOthersTokens } from './token-limits.js';

/** What the API shows about a token: never the token or its hash. */
export interface ApiTokenView {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

function tokenNotFound(): SeglError {
  return new SeglError({ code: 'not_found', message: 'token not found' });
}

/** The tokens of `userId`; someone else's only for a full-scope administrator (404 otherwise, like an unknown user). */
export async function listApiTokens(options: {
  db: Database;
  caller: Principal;
  userId: string;
}): Promise<ApiTokenView[]> {
  const { caller } = options;
  if (options.userId !== caller.userId && !mayManageOthersTokens(caller)) {
    throw new SeglError({ code: 'not_found', message: 'user not found' });
  }
  const order: [string, string][] = [['createdAt', 'DESC']];
  const tokens = await options.db.models.ApiToken.findAll({ where: { userId: options.userId }, order });
  return tokens.map((t) => ({
    id: t.id,
    userId: t.userId,
    name: t.name,
    prefix: t.prefix,
    scopes: JSON.parse(t.scopes) as string[],
    createdAt: t.createdAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}

/**
 * Revokes a token. The caller's own: itself, or one whose scopes it holds (a narrowed token cannot revoke a
 * broader one); someone else's: full-scope administrators only. Any other answers 404, like a token that does
 * not exist.
 */
export async function revokeApiToken(options: {
  db: Database;
  clock: Clock;
  caller: Principal;
  tokenId: string;
  ip?: string | null;
}): Promise<void> {
  const { db, clock, caller } = options;
  const token = await db.models.ApiToken.findByPk(options.tokenId);
  if (!token) throw tokenNotFound();
  const own = token.userId === caller.userId;
  const withinOwnScopes = () =>
    token.id === caller.tokenId || holdsScopes(caller, JSON.parse(token.scopes) as string[]);
  const allowed = own ? withinOwnScopes() : mayManageOthersTokens(caller);
  if (!allowed) throw tokenNotFound();
  if (!token.revokedAt) {
    await db.models.ApiToken.update({ revokedAt: clock.now() }, { where: { id: token.id } });
    await recordStaffEvent({
      db,
      clock,
      action: 'token.revoked',
      actorId: caller.userId,
      targetType: 'api_token',
      targetId: token.id,
      ip: options.ip,
      data: { ownerId: token.userId },
    });
  }
}
