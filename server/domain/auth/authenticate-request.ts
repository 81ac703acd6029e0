import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { TOKEN_PREFIX, type Principal } from './principal.js';
import { hashSecret } from './secret-tokens.js';

export const SESSION_COOKIE = 'segl_session';
const TOKEN_PATTERN = /^segl_[A-Za-z0-9_-]{20,200}$/;
/** Writing last-used time at most this often per token keeps reads from turning into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

function unauthenticated(message = 'missing, unknown or revoked credentials'): SeglError {
  return new SeglError({ code: 'unauthenticated', message });
}

/**
 * Resolves the caller from `Authorization: Bearer segl_...` or the staff session cookie. Returns undefined when
 * neither is present; throws 401 for credentials that are malformed, unknown, expired or revoked.
 */
export async function authenticateRequest(options: {
  db: Database;
  clock: Clock;
  authorization?: string;
  sessionToken?: string;
  /** Sessions that have only passed the password step count only where this is true. */
  allowPartialSession?: boolean;
}): Promise<Principal | undefined> {
  const { db, clock } = options;
  const now = clock.now();
  if (options.authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(options.authorization.trim());
    if (!match || !TOKEN_PATTERN.test(match[1]))
      throw unauthenticated('the Authorization header must be "Bearer segl_..."');
    const token = await db.models.ApiToken.findOne({ where: { tokenHash: hashSecret(match[1]) } });
    if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) throw unauthenticated();
    const user = await db.models.User.findByPk(token.userId);
    if (!user || user.disabledAt) throw unauthenticated();
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await db.models.ApiToken.update({ lastUsedAt: now }, { where: { id: token.id } });
    }
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      via: 'token',
      scopes: JSON.parse(token.scopes) as string[],
      tokenId: token.id,
      tokenExpiresAt: token.expiresAt ?? null,
    };
  }
  if (options.sessionToken) {
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(options.sessionToken)) throw unauthenticated();
    const session = await db.models.Session.findOne({
      where: { tokenHash: hashSecret(options.sessionToken), expiresAt: { [Op.gt]: now } },
    });
    if (!session || (session.stage !== 'full' && !options.allowPartialSession)) throw unauthenticated();
    const user = await db.models.User.findByPk(session.userId);
    if (!user || user.disabledAt) throw unauthenticated();
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      via: 'session',
      scopes: ['*'],
      sessionId: session.id,
    };
  }
  return undefined;
}

export { TOKEN_PREFIX };
