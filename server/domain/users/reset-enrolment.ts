import { SeglError } from '../../lib/errors.js';
import { createSecret, hashSecret } from '../auth/secret-tokens.js';
import { deleteUserSessions } from '../auth/staff-sessions.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';
import { ENROLMENT_VALIDITY_MS } from './create-user.js';
import { revokeUserTokens } from '../tokens/revoke-user-tokens.js';
import { clearAccountThrottle } from '../auth/attempt-throttle.js';

/**
 * A new one-time enrolment link for a user (an expired invitation, or a lost authenticator): the password, TOTP
 * secret and recovery codes are cleared, every session ends and every API token is revoked (whoever took the
 * authenticator must not keep a way in), and the user enrols again.
 */
export async function resetEnrolment(
  options: StaffAction & { publicUrl: string; userId: string },
): Promise<{ id: string; enrolmentUrl: string }> {
  const { db, clock } = options;
  const user = await db.models.User.findByPk(options.userId);
  if (!user) throw new SeglError({ code: 'not_found', message: 'user not found' });
  if (user.disabledAt) throw new SeglError({ code: 'user_disabled', message: 'enable the user first' });
  const token = createSecret();
  await db.models.User.update(
    {
      passwordHash: null,
      totpSecretWrapped: null,
      totpConfirmedAt: null,
      recoveryCodes: null,
      enrolmentTokenHash: hashSecret(token),
      enrolmentExpiresAt: new Date(clock.now().getTime() + ENROLMENT_VALIDITY_MS),
      failedLogins: 0,
      lockedUntil: null,
    },
    { where: { id: user.id } },
  );
  await deleteUserSessions({ db, userId: user.id });
  const revokedTokens = await revokeUserTokens({
    db,
    clock,
    userId: user.id,
    actorId: options.actorId,
    reason: 'enrolment_reset',
    ip: options.ip,
  });
  await clearAccountThrottle({ db, scope: 'account', subject: user.email });
  await recordStaffEvent({
    db,
    clock,
    action: 'user.enrolment_reset',
    actorId: options.actorId,
    targetType: 'user',
    targetId: user.id,
    ip: options.ip,
    data: { revokedTokens },
  });
  return { id: user.id, enrolmentUrl: `${options.publicUrl}/enrol/${token}` };
}
