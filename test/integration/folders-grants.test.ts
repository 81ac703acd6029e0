import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import { callApi, createTestStaff, staffEvents } from '../helpers/staff.js';

const { appliance, admin } = useAppliance(test);

let n = 0;
async function folder(parentId?: string): Promise<string> {
  const created = await callApi(admin, 'POST', '/api/v1/folders', {
    name: `g${++n}`,
    ...(parentId ? { parentId } : {}),
  });
  if (created.status !== 201) throw new Error(`create folder: ${created.status}`);
  return created.body.id;
}

test('grants are listed, inherited downwards and removed', async (t) => {
  const m = await createTestStaff(appliance, 'member');
  const top = await folder();
  const child = await folder(top);
  const created = await callApi(admin, 'POST', `/api/v1/folders/${top}/grants`, { userId: m.id, role: 'viewer' });
  t.is(created.status, 201);
  t.is(typeof created.body.id, 'string');
  t.is((await callApi(m, 'GET', `/api/v1/folders/${child}`)).body.role, 'viewer');

  const list = await callApi(admin, 'GET', `/api/v1/folders/${top}/grants`);
  t.is(list.status, 200);
  t.is(list.body.grants.length, 1);
  t.like(list.body.grants[0], { id: created.body.id, role: 'viewer', user: { id: m.id, email: m.email }, group: null });
  t.is(
    (await callApi(admin, 'POST', `/api/v1/folders/${top}/grants`, { userId: m.id, role: 'editor' })).body.error,
    'grant_exists',
  );

  t.is(
    (await callApi(admin, 'DELETE', `/api/v1/folders/${child}/grants/${created.body.id}`)).status,
    404,
    'a grant is addressed under its own folder',
  );
  t.is((await callApi(admin, 'DELETE', `/api/v1/folders/${top}/grants/${created.body.id}`)).status, 204);
  t.is((await callApi(m, 'GET', `/api/v1/folders/${child}`)).status, 404);
  const events = await staffEvents(appliance, { targetId: top });
  t.deepEqual(events.map((e) => e.action).sort(), ['folder.created', 'grant.created', 'grant.deleted']);
  t.like(JSON.parse(events.find((e) => e.action === 'grant.created')!.data!), { userId: m.id, role: 'viewer' });
});

test('group grants reach the group members', async (t) => {
  const m = await createTestStaff(appliance, 'member');
  const top = await folder();
  const group = await callApi(admin, 'POST', '/api/v1/groups', { name: `team ${Date.now()}` });
  await callApi(admin, 'POST', `/api/v1/groups/${group.body.id}/members`, { userId: m.id });
  t.is(
    (await callApi(admin, 'POST', `/api/v1/folders/${top}/grants`, { groupId: group.body.id, role: 'editor' })).status,
    201,
  );
  t.is((await callApi(m, 'GET', `/api/v1/folders/${top}`)).body.role, 'editor');
  const list = await callApi(admin, 'GET', `/api/v1/folders/${top}/grants`);
  t.like(list.body.grants[0], { role: 'editor', user: null, group: { id: group.body.id } });
});

test('the subject must exist and be exactly one of userId and groupId', async (t) => {
  const m = await createTestStaff(appliance, 'member');
  const top = await folder();
  const cases: Array<[unknown, number, string]> = [
    [{ userId: 'no-such-user', role: 'viewer' }, 422, 'unknown_user'],
    [{ groupId: 'no-such-group', role: 'viewer' }, 422, 'unknown_group'],
    [{ userId: m.id, groupId: 'g', role: 'viewer' }, 422, 'invalid_request'],
    [{ role: 'viewer' }, 422, 'invalid_request'],
    [{ userId: m.id, role: 'admin' }, 422, 'invalid_request'],
    [{ userId: m.id, role: 'owner' }, 422, 'invalid_request'],
    [{ userId: 42, role: 'viewer' }, 422, 'invalid_request'],
    [{ userId: m.id, role: 'viewer', extra: true }, 422, 'invalid_request'],
  ];
  for (const [body, status, error] of cases) {
    const answer = await callApi(admin, 'POST', `/api/v1/folders/${top}/grants`, body);
    t.is(answer.status, status, JSON.stringify(body));
    t.is(answer.body.error, error, JSON.stringify(body));
  }
});

test('managers grant on what they manage; others get 403, and 404 for folders they cannot see', async (t) => {
  const manager = await createTestStaff(appliance, 'member');
  const editor = await createTestStaff(appliance, 'member');
  const outsider = await createTestStaff(appliance, 'member');
  const target = await createTestStaff(appliance, 'member');
  const top = await folder();
  const child = await folder(top);
  await callApi(admin, 'POST', `/api/v1/folders/${top}/grants`, { userId: manager.id, role: 'manager' });
  await callApi(admin, 'POST', `/api/v1/folders/${top}/grants`, { userId: editor.id, role: 'editor' });

  const given = await callApi(manager, 'POST', `/api/v1/folders/${child}/grants`, {
    userId: target.id,
    role: 'manager',
  });
  t.is(given.status, 201, 'a manager may grant up to manager, also below');
  t.is((await callApi(manager, 'GET', `/api/v1/folders/${child}/grants`)).status, 200);
  t.is(
    (await callApi(editor, 'POST', `/api/v1/folders/${child}/grants`, { userId: target.id, role: 'viewer' })).status,
    403,
  );
  t.is((await callApi(editor, 'GET', `/api/v1/folders/${child}/grants`)).status, 403);
  t.is((await callApi(editor, 'DELETE', `/api/v1/folders/${child}/grants/${given.body.id}`)).status, 403);
  const hidden = await callApi(outsider, 'POST', `/api/v1/folders/${child}/grants`, {
    userId: outsider.id,
    role: 'manager',
  });
  t.is(hidden.status, 404);
  t.is((await callApi(outsider, 'GET', `/api/v1/folders/${child}/grants`)).status, 404);
  t.is((await callApi(manager, 'DELETE', `/api/v1/folders/${child}/grants/${given.body.id}`)).status, 204);
});
