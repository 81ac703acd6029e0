import test from 'ava';
import { startTestAppliance } from '../helpers/appliance.js';
import { useAppliance } from '../helpers/use-appliance.js';
import {
  cookieValue,
  createEnrolledStaff,
  createInvitedUser,
  createMutableClock,
  nextTotp,
  postJson,
  setCookieHeader,
  signInStaff,
  staffEvents,
} from '../helpers/staff.js';
import { computeTotp, totpStep } from '../../server/domain/auth/totp.js';

const clock = createMutableClock();
const { appliance } = useAppliance(test, { clock, admin: false });

const me = (cookie: string, headers: Record<string, string> = {}) =>
  fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Cookie: `segl_session=${cookie}`, ...headers } });

test.serial('password then TOTP gives a full session under a new cookie; logout ends it', async (t) => {
  const staff = await createEnrolledStaff(appliance, 'member');
  const login = await postJson(appliance, '/api/v1/auth/login', {
    email: staff.email.toUpperCase(),
    password: staff.password,
  });
  t.is(login.status, 200);
  t.like(await login.json(), { next: 'totp' });
  const flags = setCookieHeader(login, 'segl_session') ?? '';
  t.regex(flags, /;\s*httponly/i);
  t.regex(flags, /;\s*samesite=strict/i);
  t.regex(flags, /;\s*path=\//i);
  t.notRegex(flags, /;\s*secure/i, 'not Secure on an http public URL');
  const partial = cookieValue(login, 'segl_session')!;
  t.is((await me(partial)).status, 401, 'the password alone opens nothing');
  t.is((await fetch(`${appliance.url}/api/v1/tokens`, { headers: { Cookie: `segl_session=${partial}` } })).status, 401);

  const totp = await postJson(appliance, '/api/v1/auth/totp', { code: nextTotp(staff, clock) }, { cookie: partial });
  t.is(totp.status, 200);
  const full = cookieValue(totp, 'segl_session')!;
  t.not(full, partial, 'the session token rotates on upgrade');
  t.is((await me(partial)).status, 401, 'the old cookie value is dead');
  const who = await me(full);
  t.is(who.status, 200);
  t.like(await who.json(), { id: staff.id, email: staff.email, role: 'member', via: 'session' });

  const logout = await postJson(appliance, '/api/v1/auth/logout', '', {
    cookie: full,
    headers: { 'Content-Length': '0' },
  });
  t.is(logout.status, 200);
  t.regex(setCookieHeader(logout, 'segl_session') ?? '', /expires=Thu, 01 Jan 1970/i);
  t.is((await me(full)).status, 401);
  t.is((await postJson(appliance, '/api/v1/auth/logout', {})).status, 200, 'logout without a session is harmless');

  const events = await staffEvents(appliance, { targetId: staff.id });
  t.true(events.some((e) => e.action === 'auth.login_succeeded'));
  t.true(events.some((e) => e.action === 'auth.logout'));
  t.false(JSON.stringify(events).includes(staff.password));
});

test.serial('wrong password and unknown e-mail answer the same 401', async (t) => {
  const staff = await createEnrolledStaff(appliance, 'member');
  const wrong = await postJson(appliance, '/api/v1/auth/login', {
    email: staff.email,
    password: 'not the password at all',
  });
  const unknown = await postJson(appliance, '/api/v1/auth/login', {
    email: 'nobody@example.org',
    password: 'not the password at all',
  });
  t.is(wrong.status, 401);
  t.is(unknown.status, 401);
  t.deepEqual(await wrong.json(), await unknown.json());
  t.is(setCookieHeader(wrong, 'segl_session'), undefined);
  // an account still enrolling has no password: the same answer
  const invited = await createInvitedUser(appliance, { role: 'member', name: 'Invited' });
  const pending = await postJson(appliance, '/api/v1/auth/login', {
    email: invited.email,
    password: 'not the password at all',
  });
  t.is(pending.status, 401);
  t.deepEqual(
    await pending.json(),
    await (await postJson(appliance, '/api/v1/auth/login', { email: 'nobody2@example.org', password: 'x' })).json(),
  );
});

test.serial('wrong and replayed TOTP codes are refused; a recovery code works once', async (t) => {
  const staff = await createEnrolledStaff(appliance, 'member');
  const login = await postJson(appliance, '/api/v1/auth/login', { email: staff.email, password: staff.password });
  const partial = cookieValue(login, 'segl_session')!;
  const step = totpStep(clock.now());
  const wrongCode = computeTotp({ secret: staff.totpSecret, step: step + 5 });
  const wrong = await postJson(appliance, '/api/v1/auth/totp', { code: wrongCode }, { cookie: partial });
  t.is(wrong.status, 401);
  t.is((await wrong.json()).error, 'invalid_code');

  // the enrolment used the current step: the same code again is a replay
  const replay = await postJson(
    appliance,
    '/api/v1/auth/totp',
    { code: computeTotp({ secret: staff.totpSecret, step: staff.lastStep }) },
    { cookie: partial },
  );
  t.is(replay.status, 401);

  const code = nextTotp(staff, clock);
  const ok = await postJson(appliance, '/api/v1/auth/totp', { code }, { cookie: partial });
  t.is(ok.status, 200);

  const login2 = await postJson(appliance, '/api/v1/auth/login', { email: staff.email, password: staff.password });
  const partial2 = cookieValue(login2, 'segl_session')!;
  const replay2 = await postJson(appliance, '/api/v1/auth/totp', { code }, { cookie: partial2 });
  t.is(replay2.status, 401, 'a code that signed in once is spent');

  const recovery = await postJson(
    appliance,
    '/api/v1/auth/totp',
    { recoveryCode: staff.recoveryCodes[3].toLowerCase() },
    { cookie: partial2 },
  );
  t.is(recovery.status, 200);
  t.is((await recovery.json()).remainingRecoveryCodes, 9);

  const login3 = await postJson(appliance, '/api/v1/auth/login', { email: staff.email, password: staff.password });
  const again = await postJson(
    appliance,
    '/api/v1/auth/totp',
    { recoveryCode: staff.recoveryCodes[3] },
    { cookie: cookieValue(login3, 'segl_session') },
  );
  t.is(again.status, 401, 'each recovery code works once');
  t.is(
    (await postJson(appliance, '/api/v1/auth/totp', { code: '123456' })).status,
    401,
    'no pending login, no second factor',
  );
});

test.serial(
  'five failures lock the account: 429 with Retry-After, also with the right password, until the lock expires',
  async (t) => {
    const staff = await createEnrolledStaff(appliance, 'member');
    for (let i = 0; i < 5; i += 1) {
      const response = await postJson(appliance, '/api/v1/auth/login', {
        email: staff.email,
        password: `wrong password ${i}!`,
      });
      t.is(response.status, 401);
    }
    const locked = await postJson(appliance, '/api/v1/auth/login', { email: staff.email, password: staff.password });
    t.is(locked.status, 429);
    t.is((await locked.json()).error, 'rate_limited');
    const retryAfter = Number(locked.headers.get('retry-after'));
    t.true(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);

    // unknown e-mail addresses are throttled after as many failures (no oracle)
    for (let i = 0; i < 5; i += 1)
      t.is(
        (
          await postJson(appliance, '/api/v1/auth/login', {
            email: 'ghost@example.org',
            password: `wrong password ${i}!`,
          })
        ).status,
        401,
      );
    const ghost = await postJson(appliance, '/api/v1/auth/login', {
      email: 'ghost@example.org',
      password: 'wrong password x!',
    });
    t.is(ghost.status, 429);
    t.truthy(ghost.headers.get('retry-after'));

    clock.advance(16 * 60 * 1000);
    const cookie = await signInStaff(appliance, staff, clock);
    t.is((await me(cookie)).status, 200, 'the lock expires');
  },
);

test.serial('failed TOTP attempts count towards the lock too', async (t) => {
  const staff = await createEnrolledStaff(appliance, 'member');
  const login = await postJson(appliance, '/api/v1/auth/login', { email: staff.email, password: staff.password });
  const partial = cookieValue(login, 'segl_session')!;
  const bad = computeTotp({ secret: staff.totpSecret, step: totpStep(clock.now()) + 7 });
  for (let i = 0; i < 5; i += 1)
    t.is((await postJson(appliance, '/api/v1/auth/totp', { code: bad }, { cookie: partial })).status, 401);
  const locked = await postJson(appliance, '/api/v1/auth/login', { email: staff.email, password: staff.password });
  t.is(locked.status, 429);
  t.truthy(locked.headers.get('retry-after'));
  clock.advance(16 * 60 * 1000);
});

test.serial('cookie sessions: a foreign Origin is refused (403), a form body too (415)', async (t) => {
  const staff = await createEnrolledStaff(appliance, 'member');
  const cookie = await signInStaff(appliance, staff, clock);
  const foreign = await postJson(
    appliance,
    '/api/v1/tokens',
    { name: 'x' },
    { cookie, headers: { Origin: 'https://evil.example' } },
  );
  t.is(foreign.status, 403);
  t.is((await foreign.json()).error, 'csrf_rejected');
  const form = await fetch(`${appliance.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Cookie: `segl_session=${cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'name=x',
  });
  t.is(form.status, 415);
  const same = await postJson(
    appliance,
    '/api/v1/tokens',
    { name: 'from the app' },
    { cookie, headers: { Origin: appliance.url } },
  );
  t.is(same.status, 201);
  const loginCsrf = await postJson(
    appliance,
    '/api/v1/auth/login',
    { email: staff.email, password: staff.password },
    { headers: { Origin: 'https://evil.example' } },
  );
  t.is(loginCsrf.status, 403);
});

test.serial('login endpoints refuse bad input with stable codes, never 500', async (t) => {
  const cases: [string, unknown, Record<string, string>, number, string][] = [
    ['/api/v1/auth/login', '{"email":', {}, 400, 'invalid_json'],
    ['/api/v1/auth/login', { email: 'a@b.org' }, {}, 422, 'invalid_request'],
    ['/api/v1/auth/login', { email: 'a@b.org', password: 42 }, {}, 422, 'invalid_request'],
    ['/api/v1/auth/login', { email: 'a\u0000b', password: 'x' }, {}, 422, 'invalid_request'],
    ['/api/v1/auth/login', { email: 'a@b.org', password: 'x', remember: true }, {}, 422, 'invalid_request'],
    ['/api/v1/auth/login', { email: 'a@b.org', password: 'x'.repeat(1025) }, {}, 422, 'invalid_request'],
    ['/api/v1/auth/login', { email: 'a@b.org', password: 'x'.repeat(70_000) }, {}, 413, 'payload_too_large'],
    ['/api/v1/auth/login', 'email=a', { 'Content-Type': 'text/plain' }, 415, 'unsupported_media_type'],
    ['/api/v1/auth/totp', { code: 'abcdef' }, {}, 422, 'invalid_request'],
    ['/api/v1/auth/totp', { code: '123456', recoveryCode: 'x' }, {}, 422, 'invalid_request'],
    ['/api/v1/auth/totp', null, {}, 422, 'invalid_request'],
    ['/api/v1/auth/logout', { extra: 1 }, {}, 422, 'invalid_request'],
  ];
  for (const [path, body, headers, status, code] of cases) {
    const response = await postJson(appliance, path, body === null ? 'null' : body, { headers });
    t.is(response.status, status, `${path} ${JSON.stringify(body)?.slice(0, 60)}`);
    t.is(((await response.json()) as { error: string }).error, code);
  }
  t.is((await fetch(`${appliance.url}/api/v1/auth/me`)).status, 401);
  t.is((await me('not-a-session')).status, 401);
  t.is((await me('x'.repeat(43))).status, 401);
  t.is((await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Authorization: 'Bearer nope' } })).status, 401);
  t.is(
    (await fetch(`${appliance.url}/api/v1/auth/sso/start`, { redirect: 'manual' })).status,
    404,
    'no SSO configured',
  );
  const options = await (await fetch(`${appliance.url}/api/v1/auth/options`)).json();
  t.deepEqual(options, { password: true, sso: null });
  t.is((await fetch(`${appliance.url}/login`)).status, 200);
});

test('the session cookie is Secure when the public URL is https', async (t) => {
  const secureClock = createMutableClock();
  const other = await startTestAppliance({ clock: secureClock, env: { SEGL_PUBLIC_URL: 'https://segl.example.org' } });
  try {
    const staff = await createEnrolledStaff(other, 'member');
    const login = await postJson(other, '/api/v1/auth/login', { email: staff.email, password: staff.password });
    t.is(login.status, 200);
    t.regex(setCookieHeader(login, 'segl_session') ?? '', /;\s*secure/i);
  } finally {
    await other.close();
  }
});
