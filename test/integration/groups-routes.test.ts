import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import type { TestStaff } from '../helpers/staff.js';

const { appliance, admin, member } = useAppliance(test, { member: true });

async function call(
  staff: TestStaff | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const init: RequestInit = {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  const response = staff ? await staff.api(path, init) : await fetch(`${appliance.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

test('administrators manage groups and their members', async (t) => {
  const created = await call(admin, 'POST', '/api/v1/groups', { name: 'Legal' });
  t.is(created.status, 201);
  const id = created.body.id;
  t.is((await call(admin, 'POST', '/api/v1/groups', { name: 'Legal' })).body.error, 'group_name_taken');
  t.is((await call(admin, 'POST', `/api/v1/groups/${id}/members`, { userId: member.id })).status, 201);
  t.is((await call(admin, 'POST', `/api/v1/groups/${id}/members`, { userId: member.id })).body.error, 'already_member');
  t.is((await call(admin, 'POST', `/api/v1/groups/${id}/members`, { userId: 'nobody' })).body.error, 'unknown_user');

  const got = await call(admin, 'GET', `/api/v1/groups/${id}`);
  t.is(got.status, 200);
  t.is(got.body.name, 'Legal');
  t.deepEqual(
    got.body.members.map((m: { id: string }) => m.id),
    [member.id],
  );
  const list = await call(admin, 'GET', '/api/v1/groups');
  t.like(
    list.body.groups.find((g: { id: string }) => g.id === id),
    { name: 'Legal', memberCount: 1 },
  );

  t.is((await call(admin, 'DELETE', `/api/v1/groups/${id}/members/${member.id}`)).status, 204);
  t.is((await call(admin, 'DELETE', `/api/v1/groups/${id}/members/${member.id}`)).status, 404);
  t.is((await call(admin, 'DELETE', `/api/v1/groups/${id}`)).status, 204);
  t.is((await call(admin, 'GET', `/api/v1/groups/${id}`)).status, 404);
  const events = await appliance.deps.db.models.StaffEvent.findAll({ where: { targetId: id }, raw: true });
  t.deepEqual(events.map((e) => e.action).sort(), [
    'group.created',
    'group.deleted',
    'group.member.added',
    'group.member.removed',
  ]);
});

test('deleting a group removes its grants', async (t) => {
  const group = await call(admin, 'POST', '/api/v1/groups', { name: 'Temp' });
  const folder = await call(admin, 'POST', '/api/v1/folders', { name: `for-group-${Date.now()}` });
  await call(admin, 'POST', `/api/v1/groups/${group.body.id}/members`, { userId: member.id });
  await call(admin, 'POST', `/api/v1/folders/${folder.body.id}/grants`, { groupId: group.body.id, role: 'viewer' });
  t.is((await call(member, 'GET', `/api/v1/folders/${folder.body.id}`)).status, 200);
  await call(admin, 'DELETE', `/api/v1/groups/${group.body.id}`);
  t.is((await call(member, 'GET', `/api/v1/folders/${folder.body.id}`)).status, 404);
  t.is((await call(admin, 'GET', `/api/v1/folders/${folder.body.id}/grants`)).body.grants.length, 0);
});

test('members get 403 and anonymous callers 401 on every group route', async (t) => {
  const group = await call(admin, 'POST', '/api/v1/groups', { name: 'Closed' });
  const routes: Array<[string, string, unknown?]> = [
    ['POST', '/api/v1/groups', { name: 'x' }],
    ['GET', '/api/v1/groups'],
    ['GET', `/api/v1/groups/${group.body.id}`],
    ['POST', `/api/v1/groups/${group.body.id}/members`, { userId: member.id }],
    ['DELETE', `/api/v1/groups/${group.body.id}/members/${member.id}`],
    ['DELETE', `/api/v1/groups/${group.body.id}`],
  ];
  for (const [method, path, body] of routes) {
    const asMember = await call(member, method, path, body);
    t.is(asMember.status, 403, `${method} ${path}`);
    t.false(JSON.stringify(asMember.body).includes('Closed'));
    t.is((await call(undefined, method, path, body)).status, 401, `${method} ${path}`);
  }
});
