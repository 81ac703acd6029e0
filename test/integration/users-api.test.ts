import test from 'ava';
import { startTestAppliance } from '../helpers/appliance.js';
import { useAppliance } from '../helpers/use-appliance.js';
import {
  createEnrolledStaff,
  createMutableClock,
  createTestStaff,
  enrolThroughLink,
  postJson,
  signInStaff,
  staffEvents,
  jsonInit,
} from '../helpers/staff.js';

const clock = createMutableClock();
const { appliance, admin, member } = useAppliance(test, { clock, member: true });

test.serial('an admin invites a user; the enrolment link sets password and TOTP once; then login works', async (t) => {
  const created = await admin.api(
    '/api/v1/users',
    jsonInit({ email: 'New.Person@Example.org', name: 'New Person', role: 'member' }),
  );
  t.is(created.status, 201);
  const user = (await created.json()) as { id: string; email: string; enrolmentUrl: string };
  t.is(user.email, 'new.person@example.org');
  t.true(user.enrolmentUrl.startsWith(`${appliance.url}/enrol/`));
  const token = user.enrolmentUrl.split('/').pop()!;

  t.is(
    (await admin.api('/api/v1/users', jsonInit({ email: 'new.person@example.org', name: 'Again', role: 'member' })))
      .status,
    409,
  );

  t.is((await fetch(user.enrolmentUrl)).status, 200);
  t.like(await (await postJson(appliance, '/api/v1/enrol/status', { token })).json(), {
    valid: true,
    email: 'new.person@example.org',
  });
  const { confirm, staff } = await enrolThroughLink(appliance, clock, token, {
    id: user.id,
    email: user.email,
    name: 'New Person',
    password: 'my very own password',
  });
  t.is(confirm.status, 200);
  t.is(((await confirm.json()) as { recoveryCodes: string[] }).recoveryCodes.length, 10);
  t.like(await (await postJson(appliance, '/api/v1/enrol/status', { token })).json(), { valid: false });
  t.is(
    (await postJson(appliance, '/api/v1/enrol', { token, password: 'my very own password' })).status,
    404,
    'the link works once',
  );

  const cookie = await signInStaff(appliance, staff, clock);
  const me = await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Cookie: `segl_session=${cookie}` } });
  t.like(await me.json(), { id: user.id, role: 'member' });

  const view = (await (await admin.api(`/api/v1/users/${user.id}`)).json()) as Record<string, unknown>;
  t.like(view, { id: user.id, status: 'active', role: 'member' });
  t.false(JSON.stringify(view).match(/hash|secret|recovery/i) !== null, 'no secrets in the user view');
});

test.serial('members see only themselves; only admins manage users', async (t) => {
  const list = (await (await member.api('/api/v1/users')).json()) as { users: { id: string }[] };
  t.deepEqual(
    list.users.map((u) => u.id),
    [member.id],
  );
  const all = (await (await admin.api('/api/v1/users')).json()) as { users: { id: string }[] };
  t.true(all.users.length >= 3);
  t.is((await member.api(`/api/v1/users/${member.id}`)).status, 200);
  t.is((await member.api(`/api/v1/users/${admin.id}`)).status, 404);
  const forbidden = await member.api('/api/v1/users', jsonInit({ email: 'x@example.org', name: 'X', role: 'admin' }));
  t.is(forbidden.status, 403);
  t.is((await forbidden.json()).error, 'forbidden');
  t.is((await member.api(`/api/v1/users/${member.id}`, jsonInit({ role: 'admin' }, 'PATCH'))).status, 403);
  t.is((await member.api(`/api/v1/users/${admin.id}`, { method: 'DELETE' })).status, 403);
});

test.serial('disabling a user ends their sessions and tokens; PATCH changes name and role', async (t) => {
  const staff = await createEnrolledStaff(appliance, 'member');
  const cookie = await signInStaff(appliance, staff, clock);
  const token = (await (await postJson(appliance, '/api/v1/tokens', { name: 'theirs' }, { cookie })).json()) as {
    token: string;
  };
  const renamed = await admin.api(`/api/v1/users/${staff.id}`, jsonInit({ name: 'Renamed', role: 'admin' }, 'PATCH'));
  t.is(renamed.status, 200);
  t.like(await renamed.json(), { name: 'Renamed', role: 'admin' });

  const disabled = await admin.api(`/api/v1/users/${staff.id}`, { method: 'DELETE' });
  t.is(disabled.status, 200);
  t.like(await disabled.json(), { status: 'disabled' });
  t.is((await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Cookie: `segl_session=${cookie}` } })).status, 401);
  t.is(
    (await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token.token}` } })).status,
    401,
  );
  t.is((await postJson(appliance, '/api/v1/auth/login', { email: staff.email, password: staff.password })).status, 401);
  t.is(await appliance.deps.db.models.Session.count({ where: { userId: staff.id } }), 0);

  const enabled = await admin.api(`/api/v1/users/${staff.id}`, jsonInit({ disabled: false }, 'PATCH'));
  t.like(await enabled.json(), { status: 'active' });
  const events = await staffEvents(appliance, { targetId: staff.id });
  t.true(events.some((e) => e.action === 'user.disabled'));
});

test.serial(
  "an admin resets a user's enrolment (lost authenticator): old password and sessions stop, a new link works",
  async (t) => {
    const staff = await createEnrolledStaff(appliance, 'member');
    const cookie = await signInStaff(appliance, staff, clock);
    t.is((await member.api(`/api/v1/users/${staff.id}/enrolment`, jsonInit({}))).status, 403);
    const reset = await admin.api(`/api/v1/users/${staff.id}/enrolment`, jsonInit({}));
    t.is(reset.status, 200);
    const { enrolmentUrl } = (await reset.json()) as { enrolmentUrl: string };
    t.true(enrolmentUrl.startsWith(`${appliance.url}/enrol/`));
    t.is(
      (await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Cookie: `segl_session=${cookie}` } })).status,
      401,
    );
    t.is(
      (await postJson(appliance, '/api/v1/auth/login', { email: staff.email, password: staff.password })).status,
      401,
    );
    const token = enrolmentUrl.split('/').pop()!;
    t.like(await (await postJson(appliance, '/api/v1/enrol/status', { token })).json(), {
      valid: true,
      email: staff.email,
    });
    t.like(await (await admin.api(`/api/v1/users/${staff.id}`)).json(), { status: 'invited' });
    t.is((await admin.api('/api/v1/users/00000000-0000-0000-0000-000000000000/enrolment', jsonInit({}))).status, 404);
    t.is((await admin.api(`/api/v1/users/${staff.id}/enrolment`, jsonInit({ force: true }))).status, 422);
  },
);

test.serial('the last active administrator can be neither demoted nor disabled', async (t) => {
  const solo = await startTestAppliance();
  try {
    const only = await createTestStaff(solo, 'admin');
    const demote = await only.api(`/api/v1/users/${only.id}`, jsonInit({ role: 'member' }, 'PATCH'));
    t.is(demote.status, 409);
    t.is((await demote.json()).error, 'last_admin');
    t.is((await only.api(`/api/v1/users/${only.id}`, { method: 'DELETE' })).status, 409);
  } finally {
    await solo.close();
  }
});

test.serial('user endpoints refuse bad input with stable codes', async (t) => {
  const cases: [string, RequestInit, number, string][] = [
    ['/api/v1/users', jsonInit('{"email"'), 400, 'invalid_json'],
    ['/api/v1/users', jsonInit({ email: 'a@example.org', name: 'A' }), 422, 'invalid_request'],
    ['/api/v1/users', jsonInit({ email: 'a@example.org', name: 'A', role: 'root' }), 422, 'invalid_request'],
    ['/api/v1/users', jsonInit({ email: 'nope', name: 'A', role: 'member' }), 422, 'invalid_request'],
    ['/api/v1/users', jsonInit({ email: 'a@example.org', name: '', role: 'member' }), 422, 'invalid_request'],
    ['/api/v1/users', jsonInit({ email: 'a@example.org', name: 'a\u0000b', role: 'member' }), 422, 'invalid_request'],
    [
      '/api/v1/users',
      jsonInit({ email: 'a@example.org', name: 'A', role: 'member', password: 'x' }),
      422,
      'invalid_request',
    ],
    [
      '/api/v1/users',
      jsonInit({ email: 'a@example.org', name: 'A'.repeat(70_000), role: 'member' }),
      413,
      'payload_too_large',
    ],
    [
      '/api/v1/users',
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=a' },
      415,
      'unsupported_media_type',
    ],
    [`/api/v1/users/${member.id}`, jsonInit({}, 'PATCH'), 422, 'invalid_request'],
    [`/api/v1/users/${member.id}`, jsonInit({ disabled: 'yes' }, 'PATCH'), 422, 'invalid_request'],
    [`/api/v1/users/${member.id}`, jsonInit({ email: 'x@example.org' }, 'PATCH'), 422, 'invalid_request'],
    ['/api/v1/users/00000000-0000-0000-0000-000000000000', jsonInit({ name: 'x' }, 'PATCH'), 404, 'not_found'],
    ['/api/v1/users/00000000-0000-0000-0000-000000000000', { method: 'DELETE' }, 404, 'not_found'],
    ['/api/v1/users/00000000-0000-0000-0000-000000000000', {}, 404, 'not_found'],
    ['/api/v1/users/bad%20id', {}, 404, 'not_found'],
    ['/api/v1/users?role=admin', {}, 422, 'invalid_request'],
  ];
  for (const [path, init, status, code] of cases) {
    const response = await admin.api(path, init);
    t.is(response.status, status, `${init.method ?? 'GET'} ${path} ${String(init.body).slice(0, 50)}`);
    t.is(((await response.json()) as { error: string }).error, code);
  }
  t.is((await fetch(`${appliance.url}/api/v1/users`)).status, 401);
});
