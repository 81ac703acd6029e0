import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';
import { createUser } from './create-user.js';

/** Creates a staff account and answers its one-time enrolment link (`/enrol/<token>`). */
export async function inviteUser(
  options: StaffAction & {
    publicUrl: string;
    email: string;
    name: string;
    role: 'admin' | 'member';
  },
): Promise<{ id: string; email: string; name: string; role: 'admin' | 'member'; enrolmentUrl: string }> {
  const { db, clock } = options;
  const user = await createUser({ db, clock, email: options.email, name: options.name, role: options.role });
  await recordStaffEvent({
    db,
    clock,
    action: 'user.created',
    actorId: options.actorId,
    targetType: 'user',
    targetId: user.id,
    ip: options.ip,
    data: { role: user.role, via: options.actorId ? 'api' : 'cli' },
  });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    enrolmentUrl: `${options.publicUrl}/enrol/${user.enrolmentToken}`,
  };
}
