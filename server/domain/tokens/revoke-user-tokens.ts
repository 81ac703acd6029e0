import type { Transaction } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';

/**
 * Revokes every live API token of a user (an enrolment reset or a disabled account must not leave a way in);
 * each revocation is a `token.revoked` staff event with the reason.
 */
export async function revokeUserTokens(options: {
  db: Database;
  clock: Clock;
  userId: string;
  actorId: string | null;
  reason: 'enrolment_reset' | 'user_disabled';
  ip?: string | null;
  transaction?: Transaction;
}): Promise<number> {
  const { db, clock, transaction } = options;
  const where = { userId: options.userId, revokedAt: null };
  const live = await db.models.ApiToken.findAll({ where, attributes: ['id'], transaction });
  if (!live.length) return 0;
  await db.models.ApiToken.update(
    { revokedAt: clock.now() },
    { where: { ...where, id: live.map((t) => t.id) }, transaction },
  );
  for (const token of live) {
    await recordStaffEvent({
      db,
      clock,
      transaction,
      action: 'token.revoked',
      actorId: options.actorId,
      targetType: 'api_token',
      targetId: token.id,
      ip: options.ip,
      data: { ownerId: options.userId, reason: options.reason },
    });
  }
  return live.length;
}
