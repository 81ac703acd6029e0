import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import { recordStaffEvent } from '../../server/domain/staff-events/record-staff-event.js';
import { fixedClock } from '../../server/lib/clock.js';

const { appliance } = useAppliance(test, { admin: false });

test('recordStaffEvent stores who did what to what, when and from where, without secret-looking data', async (t) => {
  const { db } = appliance.deps;
  const clock = fixedClock('2026-01-02T03:04:05.678Z');
  const { id } = await recordStaffEvent({
    db,
    clock,
    actorId: 'actor-1',
    action: 'folder.created',
    targetType: 'folder',
    targetId: 'folder-1',
    ip: '203.0.113.7',
    data: {
      name: 'Contracts',
      password: 'hunter2',
      apiToken: 'segl_x',
      otpCode: '123456',
      sessionSecret: 's',
      role: 'viewer',
    },
  });
  const row = await db.models.StaffEvent.findByPk(id, { raw: true });
  t.like(row, {
    actorId: 'actor-1',
    action: 'folder.created',
    targetType: 'folder',
    targetId: 'folder-1',
    ip: '203.0.113.7',
  });
  t.is(new Date(row!.at).toISOString(), '2026-01-02T03:04:05.678Z');
  t.deepEqual(JSON.parse(row!.data!), { name: 'Contracts', role: 'viewer' });
});

test("recordStaffEvent joins the caller's transaction: a rolled-back change leaves no event", async (t) => {
  const { db, clock } = appliance.deps;
  await t.throwsAsync(
    db.transaction(async (transaction) => {
      await recordStaffEvent({
        db,
        clock,
        action: 'group.created',
        targetType: 'group',
        targetId: 'rolled-back',
        transaction,
      });
      throw new Error('abort');
    }),
    { message: 'abort' },
  );
  t.is(await db.models.StaffEvent.count({ where: { targetId: 'rolled-back' } }), 0);
  await recordStaffEvent({ db, clock, action: 'system.checked' });
  t.is(await db.models.StaffEvent.count({ where: { action: 'system.checked', actorId: null } }), 1);
});
