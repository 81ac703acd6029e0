import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { normalizeEmail } from '../users/create-user.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';
import { createApiToken, type CreatedApiToken } from './create-api-token.js';

/** Creates a token and records it in the staff log (the token itself never is). */
export async function issueApiToken(
  options: StaffAction & {
    userId: string;
    name: string;
    scopes?: string[];
    expiresAt?: Date | null;
  },
): Promise<CreatedApiToken> {
  const { db, clock } = options;
  if (options.expiresAt && options.expiresAt <= clock.now()) {
    throw new SeglError({ code: 'invalid_request', message: 'expiresAt must be in the future' });
  }
  const created = await createApiToken({
    db,
    clock,
    userId: options.userId,
    name: options.name,
    scopes: options.scopes,
    expiresAt: options.expiresAt,
  });
  await recordStaffEvent({
    db,
    clock,
    action: 'token.created',
    actorId: options.actorId,
    targetType: 'api_token',
    targetId: created.id,
    ip: options.ip,
    data: { ownerId: options.userId, scopes: created.scopes },
  });
  return created;
}

/** For the CLI: a full-scope token for the user with this e-mail address (enrolled or not). */
export async function issueApiTokenForEmail(options: {
  db: Database;
  clock: Clock;
  email: string;
  name: string;
}): Promise<CreatedApiToken & { userId: string }> {
  const user = await options.db.models.User.findOne({ where: { email: normalizeEmail(options.email) } });
  if (!user)
    throw new SeglError({
      code: 'unknown_user',
      message: `no user has the e-mail address ${normalizeEmail(options.email)}`,
      status: 404,
    });
  if (user.disabledAt) throw new SeglError({ code: 'user_disabled', message: 'this user is disabled' });
  const created = await issueApiToken({
    db: options.db,
    clock: options.clock,
    actorId: null,
    userId: user.id,
    name: options.name,
    ip: null,
  });
  return { ...created, userId: user.id };
}
