import { randomUUID } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { SeglError } from '../../lib/errors.js';
import { normalizeName } from '../folders/folder-name.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';

function nameTaken(): SeglError {
  return new SeglError({ code: 'group_name_taken', message: 'a group with this name exists' });
}

/** Creates a staff group (administrators decide who may do that; the route checks). */
export async function createGroup(options: StaffAction & { name: string }): Promise<{ id: string }> {
  const { db, clock } = options;
  const name = normalizeName({ name: options.name, what: 'group' });
  const id = randomUUID();
  try {
    await db.transaction(async (transaction) => {
      if (await db.models.Group.findOne({ where: { name }, attributes: ['id'], transaction })) throw nameTaken();
      await db.models.Group.create({ id, name }, { transaction });
      await recordStaffEvent({
        db,
        clock,
        actorId: options.actorId,
        action: 'group.created',
        targetType: 'group',
        targetId: id,
        ip: options.ip,
        data: { name },
        transaction,
      });
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw nameTaken();
    throw error;
  }
  return { id };
}
