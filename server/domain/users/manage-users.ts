import { Op } from 'sequelize';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import { SeglError } from '../../lib/errors.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';
import { deleteUserSessions } from '../auth/staff-sessions.js';
import { describeUser, type UserView } from './describe-user.js';
import { revokeUserTokens } from '../tokens/revoke-user-tokens.js';

function userNotFound(): SeglError {
  return new SeglError({ code: 'not_found', message: 'user not found' });
}

export async function listUsers(options: { db: Database; clock: Clock; onlyId?: string }): Promise<UserView[]> {
  const users = await options.db.models.User.findAll({
    where: options.onlyId ? { id: options.onlyId } : {},
    order: [['email', 'ASC']],
  });
  const now = options.clock.now();
  return users.map((user) => describeUser({ user, now }));
}

export async function getUser(options: { db: Database; clock: Clock; userId: string }): Promise<UserView> {
  const user = await options.db.models.User.findByPk(options.userId);
  if (!user) throw userNotFound();
  return describeUser({ user, now: options.clock.now() });
}

async function assertAnotherAdmin(db: Database, userId: string): Promise<void> {
  const others = await db.models.User.count({ where: { role: 'admin', disabledAt: null, id: { [Op.ne]: userId } } });
  if (others === 0) {
    throw new SeglError({ code: 'last_admin', message: 'the last active administrator cannot be demoted or disabled' });
  }
}

/** Changes name or role, disables (ending every session and revoking every API token) or re-enables an account. */
export async function updateUser(
  options: StaffAction & {
    userId: string;
    changes: { name?: string; role?: 'admin' | 'member'; disabled?: boolean };
  },
): Promise<UserView> {
  const { db, clock, changes } = options;
  const user = await db.models.User.findByPk(options.userId);
  if (!user) throw userNotFound();
  const losesAdmin =
    user.role === 'admin' && !user.disabledAt && (changes.role === 'member' || changes.disabled === true);
  if (losesAdmin) await assertAnotherAdmin(db, user.id);
  const update: Partial<typeof user> = {};
  if (changes.name !== undefined) update.name = changes.name.trim();
  if (changes.role !== undefined) update.role = changes.role;
  if (changes.disabled === true && !user.disabledAt) update.disabledAt = clock.now();
  if (changes.disabled === false && user.disabledAt) update.disabledAt = null;
  await db.models.User.update(update, { where: { id: user.id } });
  if (changes.disabled === true) {
    await deleteUserSessions({ db, userId: user.id });
    await revokeUserTokens({
      db,
      clock,
      userId: user.id,
      actorId: options.actorId,
      reason: 'user_disabled',
      ip: options.ip,
    });
  }
  const action =
    changes.disabled === true ? 'user.disabled' : changes.disabled === false ? 'user.enabled' : 'user.updated';
  await recordStaffEvent({
    db,
    clock,
    action,
    actorId: options.actorId,
    targetType: 'user',
    targetId: user.id,
    ip: options.ip,
    data: { fields: Object.keys(changes) },
  });
  return getUser({ db, clock, userId: user.id });
}
