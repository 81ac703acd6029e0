import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';

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

export async function listApiTokens(options: { db: Database; userId: string }): Promise<ApiTokenView[]> {
  const tokens = await options.db.models.ApiToken.findAll({ where: { userId: options.userId }, order: [['createdAt', 'DESC']] });
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

/** Revokes a token of the caller (admins: anyone's). Someone else's token answers 404, like one that does not exist. */
export async function revokeApiToken(options: { db: Database; clock: Clock; actor: { userId: string; role: 'admin' | 'member' }; tokenId: string; ip?: string | null }): Promise<void> {
  const { db, clock, actor } = options;
  const token = await db.models.ApiToken.findByPk(options.tokenId);
  if (!token || (token.userId !== actor.userId && actor.role !== 'admin')) throw new SeglError({ code: 'not_found', message: 'token not found', status: 404 });
  if (!token.revokedAt) {
    await db.models.ApiToken.update({ revokedAt: clock.now() }, { where: { id: token.id } });
    await recordStaffEvent({ db, clock, action: 'token.revoked', actorId: actor.userId, targetType: 'api_token', targetId: token.id, ip: options.ip, data: { ownerId: token.userId } });
  }
}
