import type { Transaction } from 'sequelize';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';

/**
 * Revokes every live API token of a user (an enrolment reset or a disabled account must not leave a way in);
 * each revocation is a `token.revoked` staff event with the reason.
 */
export async function revokeUserTokens(
  options: StaffAction & {
    userId: string;
    reason: 'enrolment_reset' | 'user_disabled';
    transaction?: Transaction;
  },
): Promise<number> {
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
