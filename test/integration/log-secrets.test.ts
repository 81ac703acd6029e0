import test from 'ava';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { useAppliance } from '../helpers/use-appliance.js';
import { tempDir } from '../helpers/external-tool.js';
import { createLogger } from '../../server/lib/logger.js';
import { computeTotp, totpStep } from '../../server/domain/auth/totp.js';
import { issueSetupToken } from '../../server/domain/users/setup-first-admin.js';
import { createTestStaff } from '../helpers/staff.js';
import { createDraft, expectJson, mailedCode, sendDraft, SignerClient, tokenOf } from '../helpers/signing.js';

/**
 * A representative flow (setup, login with password + second factor, token, invitation and enrolment, folders,
 * groups, grants, failures) with a debug logger writing to a file: no secret may appear in it, and every
 * access-log line carries its request id.
 */

const ADMIN_PASSWORD = 'Adm1n-Distinctive-Pa55phrase-QXJ7';
const MEMBER_PASSWORD = 'M3mber-Distinctive-Pa55phrase-ZK4W';
const WRONG_PASSWORD = 'Wr0ng-Distinctive-Pa55phrase-HV2P';
const UNKNOWN_TOKEN = `segl_${'Unkn0wnDistinctiveT0ken'.repeat(2)}`;

let logDir: string;
let logPath: string;
let destination: pino.DestinationStream & { flushSync(): void };

const { appliance } = useAppliance(test, () => {
  logDir = tempDir('segl-log-');
  logPath = join(logDir, 'segl.log');
  destination = pino.destination({ dest: logPath, sync: true }) as typeof destination;
  return { logger: createLogger({ level: 'debug', destination }), admin: false };
});

test.after.always(() => {
  if (logDir && !process.env.SEGL_KEEP_TEST_FILES) rmSync(logDir, { recursive: true, force: true });
});

test.serial('a representative flow logs no secrets, and every request line has a requestId', async (t) => {
  const secrets = new Map<string, string>([
    ['admin password', ADMIN_PASSWORD],
    ['member password', MEMBER_PASSWORD],
    ['wrong password', WRONG_PASSWORD],
    ['unknown bearer token', UNKNOWN_TOKEN],
  ]);
  /** Six-digit codes only count as leaked where they stand alone (they also occur inside ids and times). */
  const codes: string[] = [];
  const origin = appliance.url;
  let cookie = '';
  const call = async (
    method: string,
    path: string,
    options: { body?: unknown; bearer?: string; expect?: number } = {},
  ) => {
    const headers: Record<string, string> = { Origin: origin };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
    else if (cookie) headers.Cookie = cookie;
    const response = await fetch(`${appliance.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('segl_session='));
    if (setCookie) {
      cookie = setCookie.split(';')[0];
      const value = cookie.slice('segl_session='.length);
      if (value) secrets.set(`session cookie ${secrets.size}`, value);
    }
    const text = await response.text();
    if (options.expect !== undefined) t.is(response.status, options.expect, `${method} ${path}: ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as any) : undefined;
  };
  const totpFor = (secret: string) => {
    const code = computeTotp({ secret, step: totpStep(appliance.deps.clock.now()) });
    codes.push(code);
    return code;
  };

  // First administrator through the setup link.
  const setupToken = (await issueSetupToken({ db: appliance.deps.db }))!;
  t.truthy(setupToken);
  secrets.set('setup token', setupToken);
  const page = await fetch(`${appliance.url}/setup/${setupToken}`);
  await page.text();
  await call('POST', '/api/v1/setup/status', { body: { token: setupToken }, expect: 200 });
  const email = `log.admin.${Date.now()}@example.org`;
  const begun = await call('POST', '/api/v1/setup', {
    body: { token: setupToken, email, name: 'Log Admin', password: ADMIN_PASSWORD },
    expect: 200,
  });
  secrets.set('admin TOTP secret', begun.totpSecret);
  const done = await call('POST', '/api/v1/setup/confirm', {
    body: { token: setupToken, code: totpFor(begun.totpSecret) },
    expect: 200,
  });
  for (const [i, c] of (done.recoveryCodes as string[]).entries()) secrets.set(`recovery code ${i}`, c);

  // Sign in again: a wrong password, then password + recovery code (the TOTP step is used up).
  cookie = '';
  await call('POST', '/api/v1/auth/login', { body: { email, password: WRONG_PASSWORD }, expect: 401 });
  await call('POST', '/api/v1/auth/login', { body: { email, password: ADMIN_PASSWORD }, expect: 200 });
  await call('POST', '/api/v1/auth/totp', { body: { recoveryCode: done.recoveryCodes[0] }, expect: 200 });
  await call('GET', '/api/v1/auth/me', { expect: 200 });

  // An API token, shown once, then used.
  const issued = await call('POST', '/api/v1/tokens', { body: { name: 'log test' }, expect: 201 });
  secrets.set('API token', issued.token);
  const token = issued.token as string;
  await call('GET', '/api/v1/auth/me', { bearer: token, expect: 200 });
  await call('GET', '/api/v1/auth/me', { bearer: UNKNOWN_TOKEN, expect: 401 });

  // Invite a member; they enrol with a password and TOTP.
  const invited = await call('POST', '/api/v1/users', {
    bearer: token,
    body: { email: `log.member.${Date.now()}@example.org`, name: 'Log Member', role: 'member' },
    expect: 201,
  });
  const enrolToken = String(invited.enrolmentUrl).split('/enrol/')[1];
  secrets.set('enrolment token', enrolToken);
  await (await fetch(`${appliance.url}/enrol/${enrolToken}`)).text();
  cookie = '';
  await call('POST', '/api/v1/enrol/status', { body: { token: enrolToken }, expect: 200 });
  const enrolling = await call('POST', '/api/v1/enrol', {
    body: { token: enrolToken, password: MEMBER_PASSWORD },
    expect: 200,
  });
  secrets.set('member TOTP secret', enrolling.totpSecret);
  const enrolled = await call('POST', '/api/v1/enrol/confirm', {
    body: { token: enrolToken, code: totpFor(enrolling.totpSecret) },
    expect: 200,
  });
  for (const [i, c] of (enrolled.recoveryCodes as string[]).entries()) secrets.set(`member recovery code ${i}`, c);

  // Archive administration.
  const folder = await call('POST', '/api/v1/folders', { bearer: token, body: { name: 'Log folder' }, expect: 201 });
  const group = await call('POST', '/api/v1/groups', { bearer: token, body: { name: 'Log group' }, expect: 201 });
  await call('POST', `/api/v1/groups/${group.id}/members`, {
    bearer: token,
    body: { userId: invited.id },
    expect: 201,
  });
  await call('POST', `/api/v1/folders/${folder.id}/grants`, {
    bearer: token,
    body: { groupId: group.id, role: 'editor' },
    expect: 201,
  });
  await call('GET', '/api/v1/folders', { expect: 200 });

  // Revoke the token; it stops working.
  await call('DELETE', `/api/v1/tokens/${issued.id}`, { bearer: token, expect: 200 });
  await call('GET', '/api/v1/auth/me', { bearer: token, expect: 401 });
  await call('POST', '/api/v1/auth/logout', { body: {}, expect: 200 });

  destination.flushSync();
  const log = readFileSync(logPath, 'utf8');
  const lines = log
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  t.true(lines.length > 20, `the flow was logged (${lines.length} lines)`);

  const leaks: string[] = [];
  for (const [what, secret] of secrets) {
    t.truthy(secret, what);
    const line = log.split('\n').find((l) => l.includes(secret));
    if (line) leaks.push(`${what}: ${line.replace(secret, '<<SECRET>>').slice(0, 300)}`);
  }
  for (const code of codes) {
    const line = log.split('\n').find((l) => new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`).test(l));
    if (line) leaks.push(`one-time code: ${line.slice(0, 300)}`);
  }
  t.deepEqual(leaks, [], `secrets in the log:\n${leaks.join('\n')}`);

  const requests = lines.filter((line) => line.msg === 'request');
  t.true(requests.length >= 24, `${requests.length} request lines (one per call of the flow)`);
  for (const line of requests)
    t.regex(String(line.requestId), /^[0-9a-f-]{36}$/, `request line without requestId: ${JSON.stringify(line)}`);
  const errors = lines.filter((line) => Number(line.level) >= 50);
  t.deepEqual(errors, [], 'no errors logged during the flow');
});

test.serial('the signing flow logs no signing links, codes or signer sessions', async (t) => {
  const sender = await createTestStaff(appliance, 'admin', 'Log Sender');
  const draft = await createDraft(sender, { signers: [{ name: 'Logg Signer', email: 'logg@example.org' }] });
  const sent = await sendDraft(sender, draft.id);
  const token = tokenOf(sent.signers[0]!.signingUrl);
  const signer = new SignerClient(appliance, token, { 'User-Agent': 'LogTest/1' });
  await expectJson(await signer.request(''), 200);
  await expectJson(await signer.post('/otp', {}), 202);
  const code = await mailedCode(appliance.dataDir, 'logg@example.org');
  await expectJson(await signer.post('/otp/verify', { code: code === '000000' ? '111111' : '000000' }), 422);
  await expectJson(await signer.post('/otp/verify', { code }), 200);
  const session = signer.jar.get('segl_signer')!;
  await signer.request('/pdf');
  await expectJson(await signer.post('/sign', { consent: true }), 200);
  await expectJson(await fetch(`${appliance.url}/api/v1/signing/${token.slice(0, -4)}AAAA`), 404);
  // the router ignores case; a doubled slash reaches no route but is logged all the same
  for (const path of [`/API/V1/SIGNING/${token}`, `/S/${token}`, `//api/v1/signing/${token}`, `/Setup/${token}`])
    await (await fetch(`${appliance.url}${path}`)).arrayBuffer();

  destination.flushSync();
  const log = readFileSync(logPath, 'utf8');
  t.true(log.includes('/s/:token') || log.includes('/api/v1/signing/'), 'the signing requests were logged');
  const leaks: string[] = [];
  for (const [what, secret] of [
    ['signing token', token],
    ['signer session', session],
    ['signing token prefix', token.slice(0, 20)],
  ] as const) {
    const line = log.split('\n').find((l) => l.includes(secret));
    if (line) leaks.push(`${what}: ${line.replace(secret, '<<SECRET>>').slice(0, 300)}`);
  }
  const codeLine = log.split('\n').find((l) => new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`).test(l));
  if (codeLine) leaks.push(`one-time code: ${codeLine.slice(0, 300)}`);
  t.deepEqual(leaks, [], `secrets in the log:\n${leaks.join('\n')}`);
});
