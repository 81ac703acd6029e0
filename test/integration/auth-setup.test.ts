import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import {
  announcedLines,
  cookieValue,
  createMutableClock,
  postJson,
  setCookieHeader,
  setupTokenFrom,
  staffEvents,
} from '../helpers/staff.js';
import { computeTotp, decodeBase32, totpStep } from '../../server/domain/auth/totp.js';

const clock = createMutableClock();
const { appliance } = useAppliance(test, { clock, admin: false });

test.serial(
  'first start: a one-time setup link creates the first administrator (password, TOTP, recovery codes)',
  async (t) => {
    const first = setupTokenFrom(await announcedLines(appliance));
    const lines = await announcedLines(appliance);
    const token = setupTokenFrom(lines);
    t.truthy(first);
    t.truthy(token);
    t.not(first, token);
    t.true(
      lines.some((l) => l.includes(`${appliance.url}/setup/${token}`)),
      'the link is under the public URL',
    );

    // the page: plain HTML under a strict CSP, code and styles in files of our own
    const page = await fetch(`${appliance.url}/setup/${token}`);
    t.is(page.status, 200);
    t.regex(page.headers.get('content-type') ?? '', /text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    t.regex(csp, /script-src 'self'/);
    t.notRegex(csp, /unsafe-inline/);
    const html = await page.text();
    t.notRegex(html, /<script>[^<]/, 'no inline script');
    t.notRegex(html, /style=/, 'no inline style');
    t.regex(html, /name="viewport"/);
    t.regex(html, /<div id="auth" data-mode="setup">/);
    t.false(html.includes(token!), 'the shell never contains the link');
    // the page's bundle and stylesheet are the portal build's auth.js and auth.css, content-hashed
    const script = /<script src="(\/portal-assets\/auth-[A-Za-z0-9]+\.js)" defer><\/script>/.exec(html)?.[1];
    const style = /<link rel="stylesheet" href="(\/portal-assets\/auth-[A-Za-z0-9]+\.css)">/.exec(html)?.[1];
    t.truthy(script, 'the sign-in bundle');
    t.truthy(style, 'the sign-in stylesheet');
    const js = await fetch(`${appliance.url}${script}`);
    t.is(js.status, 200);
    t.regex(js.headers.get('content-type') ?? '', /javascript/);
    t.regex(await js.text(), /\/api\/v1\/auth\/totp/);
    t.is((await fetch(`${appliance.url}${style}`)).status, 200);
    for (const [path, mode] of [
      ['/login', 'login'],
      [`/enrol/${'x'.repeat(40)}`, 'enrol'],
    ] as const) {
      const other = await fetch(`${appliance.url}${path}`);
      t.is(other.status, 200);
      t.is(other.headers.get('content-security-policy'), csp, `${path} has the same policy`);
      t.is(other.headers.get('cache-control'), 'no-store');
      t.regex(await other.text(), new RegExp(`data-mode="${mode}"`));
    }

    // an older link is dead once a newer one was printed
    t.deepEqual(await (await postJson(appliance, '/api/v1/setup/status', { token: first })).json(), { valid: false });
    t.deepEqual(await (await postJson(appliance, '/api/v1/setup/status', { token })).json(), { valid: true });

    const setUp = (email: string, name: string, password: string) =>
      postJson(appliance, '/api/v1/setup', { token, email, name, password });
    const weak = await setUp('root@example.org', 'Root', 'short');
    t.is(weak.status, 422);
    t.is((await weak.json()).error, 'weak_password');

    const begin = await setUp('Root@Example.org', 'Root Admin', 'a long enough password');
    t.is(begin.status, 200);
    const started = (await begin.json()) as { totpSecret: string; otpauthUri: string };
    t.regex(started.totpSecret, /^[A-Z2-7]{32}$/);
    t.is(decodeBase32(started.totpSecret).length, 20);
    t.true(started.otpauthUri.startsWith('otpauth://totp/Segl%3Aroot%40example.org?'));
    t.true(started.otpauthUri.includes(`secret=${started.totpSecret}`));

    const wrong = await postJson(appliance, '/api/v1/setup/confirm', {
      token,
      code: '000000' === computeTotp({ secret: started.totpSecret, step: totpStep(clock.now()) }) ? '111111' : '000000',
    });
    t.is(wrong.status, 422);
    t.is((await wrong.json()).error, 'invalid_code');

    const confirm = await postJson(appliance, '/api/v1/setup/confirm', {
      token,
      code: computeTotp({ secret: started.totpSecret, step: totpStep(clock.now()) }),
    });
    t.is(confirm.status, 200);
    const done = (await confirm.json()) as { recoveryCodes: string[] };
    t.is(done.recoveryCodes.length, 10);
    t.is(new Set(done.recoveryCodes).size, 10);
    const flags = setCookieHeader(confirm, 'segl_session') ?? '';
    t.regex(flags, /httponly/i);
    t.regex(flags, /samesite=strict/i);
    const me = await fetch(`${appliance.url}/api/v1/auth/me`, {
      headers: { Cookie: `segl_session=${cookieValue(confirm, 'segl_session')}` },
    });
    t.is(me.status, 200);
    t.like(await me.json(), { email: 'root@example.org', name: 'Root Admin', role: 'admin', via: 'session' });

    // the link works once: now an administrator exists
    t.deepEqual(await (await postJson(appliance, '/api/v1/setup/status', { token })).json(), { valid: false });
    const again = await setUp('second@example.org', 'Second', 'a long enough password');
    t.is(again.status, 404);
    t.is((await again.json()).error, 'invalid_link');
    const reconfirm = await postJson(appliance, '/api/v1/setup/confirm', { token, code: '123456' });
    t.is(reconfirm.status, 404);
    t.is(setupTokenFrom(await announcedLines(appliance)), undefined, 'no new link once an administrator exists');

    const events = await staffEvents(appliance);
    t.true(events.some((e) => e.action === 'user.created'));
    t.false(JSON.stringify(events).includes(started.totpSecret), 'no secret in the staff log');
  },
);

test.serial('setup and enrolment endpoints refuse bad input with stable codes', async (t) => {
  const cases: [string, string | unknown, Record<string, string>, number, string][] = [
    ['/api/v1/setup', '{"token":', {}, 400, 'invalid_json'],
    ['/api/v1/setup', { token: 'x', email: 'a@b.org', name: 'n', password: 'p', extra: 1 }, {}, 422, 'invalid_request'],
    ['/api/v1/setup', { token: 5, email: 'a@b.org', name: 'n', password: 'p' }, {}, 422, 'invalid_request'],
    ['/api/v1/setup', { token: 'x', email: 'not-an-email', name: 'n', password: 'p' }, {}, 422, 'invalid_request'],
    ['/api/v1/setup', [], {}, 422, 'invalid_request'],
    ['/api/v1/setup/confirm', { token: 'x', code: '12345' }, {}, 422, 'invalid_request'],
    ['/api/v1/setup/confirm', { token: 'x'.repeat(40), code: '123456' }, {}, 404, 'invalid_link'],
    ['/api/v1/setup/status', { token: 'a', more: true }, {}, 422, 'invalid_request'],
    [
      '/api/v1/setup/status',
      'token=x',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ],
    [
      '/api/v1/setup',
      { token: 'x', email: 'a@b.org', name: 'n', password: 'p'.repeat(70_000) },
      {},
      413,
      'payload_too_large',
    ],
    [
      '/api/v1/setup',
      { token: 'x'.repeat(40), email: 'a@b.org', name: 'n', password: 'a long enough password' },
      { Origin: 'https://evil.example' },
      403,
      'csrf_rejected',
    ],
    ['/api/v1/enrol', { token: 'x'.repeat(40), password: 'a long enough password' }, {}, 404, 'invalid_link'],
    ['/api/v1/enrol', { token: 'x'.repeat(40), password: 12 }, {}, 422, 'invalid_request'],
    ['/api/v1/enrol/confirm', { token: 'x'.repeat(40), code: '123456' }, {}, 404, 'invalid_link'],
    ['/api/v1/enrol/confirm', {}, {}, 422, 'invalid_request'],
    ['/api/v1/enrol/status', { token: 'x'.repeat(40) }, {}, 200, ''],
  ];
  for (const [path, body, headers, status, code] of cases) {
    const response = await postJson(appliance, path, body, { headers });
    t.is(response.status, status, `${path} ${JSON.stringify(body).slice(0, 80)}`);
    const json = (await response.json()) as { error?: string; valid?: boolean };
    if (code) t.is(json.error, code, path);
    else t.is(json.valid, false);
  }
  t.is(
    (await fetch(`${appliance.url}/enrol/whatever`)).status,
    200,
    'the page itself loads; it tells about dead links',
  );
});
