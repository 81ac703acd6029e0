import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import { callApi, staffEvents } from '../helpers/staff.js';

const { appliance, admin, member } = useAppliance(test, { member: true });

test('administrators manage groups and their members', async (t) => {
  const created = await callApi(admin, 'POST', '/api/v1/groups', { name: 'Legal' });
  t.is(created.status, 201);
  const id = created.body.id;
  t.is((await callApi(admin, 'POST', '/api/v1/groups', { name: 'Legal' })).body.error, 'group_name_taken');
  t.is((await callApi(admin, 'POST', `/api/v1/groups/${id}/members`, { userId: member.id })).status, 201);
  t.is(
    (await callApi(admin, 'POST', `/api/v1/groups/${id}/members`, { userId: member.id })).body.error,
    'already_member',
  );
  t.is((await callApi(admin, 'POST', `/api/v1/groups/${id}/members`, { userId: 'nobody' })).body.error, 'unknown_user');

  const got = await callApi(admin, 'GET', `/api/v1/groups/${id}`);
  t.is(got.status, 200);
  t.is(got.body.name, 'Legal');
  t.deepEqual(
    got.body.members.map((m: { id: string }) => m.id),
    [member.id],
  );
  const list = await callApi(admin, 'GET', '/api/v1/groups');
  t.like(
    list.body.groups.find((g: { id: string }) => g.id === id),
    { name: 'Legal', memberCount: 1 },
  );

  t.is((await callApi(admin, 'DELETE', `/api/v1/groups/${id}/members/${member.id}`)).status, 204);
  t.is((await callApi(admin, 'DELETE', `/api/v1/groups/${id}/members/${member.id}`)).status, 404);
  t.is((await callApi(admin, 'DELETE', `/api/v1/groups/${id}`)).status, 204);
  t.is((await callApi(admin, 'GET', `/api/v1/groups/${id}`)).status, 404);
  const events = await staffEvents(appliance, { targetId: id });
  t.deepEqual(events.map((e) => e.action).sort(), [
    'group.created',
    'group.deleted',
    'group.member.added',
    'group.member.removed',
  ]);
});

test('deleting a group removes its grants', async (t) => {
  const group = await callApi(admin, 'POST', '/api/v1/groups', { name: 'Temp' });
  const folder = await callApi(admin, 'POST', '/api/v1/folders', { name: `for-group-${Date.now()}` });
  await callApi(admin, 'POST', `/api/v1/groups/${group.body.id}/members`, { userId: member.id });
  await callApi(admin, 'POST', `/api/v1/folders/${folder.body.id}/grants`, { groupId: group.body.id, role: 'viewer' });
  t.is((await callApi(member, 'GET', `/api/v1/folders/${folder.body.id}`)).status, 200);
  await callApi(admin, 'DELETE', `/api/v1/groups/${group.body.id}`);
  t.is((await callApi(member, 'GET', `/api/v1/folders/${folder.body.id}`)).status, 404);
  t.is((await callApi(admin, 'GET', `/api/v1/folders/${folder.body.id}/grants`)).body.grants.length, 0);
});

test('members get 403 and anonymous callers 401 on every group route', async (t) => {
  const group = await callApi(admin, 'POST', '/api/v1/groups', { name: 'Closed' });
  const routes: Array<[string, string, unknown?]> = [
    ['POST', '/api/v1/groups', { name: 'x' }],
    ['GET', '/api/v1/groups'],
    ['GET', `/api/v1/groups/${group.body.id}`],
    ['POST', `/api/v1/groups/${group.body.id}/members`, { userId: member.id }],
    ['DELETE', `/api/v1/groups/${group.body.id}/members/${member.id}`],
    ['DELETE', `/api/v1/groups/${group.body.id}`],
  ];
  for (const [method, path, body] of routes) {
    const asMember = await callApi(member, method, path, body);
    t.is(asMember.status, 403, `${method} ${path}`);
    t.false(JSON.stringify(asMember.body).includes('Closed'));
    const anonymous = await fetch(`${appliance.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    t.is(anonymous.status, 401, `${method} ${path}`);
  }
});
