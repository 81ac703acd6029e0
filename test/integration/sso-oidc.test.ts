import test from 'ava';
import { startTestAppliance } from '../helpers/appliance.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { cookieValue, staffEvents } from '../helpers/staff.js';
import { createUser } from '../../server/domain/users/create-user.js';
import {
  CookieJar as Jar,
  loginAtProvider as driveProviderLogin,
  startLoopbackOidcProvider,
  type LoopbackOidcProvider,
} from '../helpers/loopback-oidc.js';

const { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } = {
  clientId: 'segl',
  clientSecret: 'a-test-client-secret-that-is-long-enough',
};

/**
 * Starts the staff SSO at Segl (its cookies into `seglJar`) and drives the provider's login and consent as
 * `accountId`; returns the callback URL (not followed).
 */
async function loginAtProvider(options: { accountId: string; seglJar: Jar }): Promise<string> {
  const start = await fetch(`${appliance.url}/api/v1/auth/sso/start`, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`sso/start answered ${start.status}: ${await start.text()}`);
  options.seglJar.take(start);
  return driveProviderLogin({ startResponse: start, issuer: idp.issuer, accountId: options.accountId });
}

let idp: LoopbackOidcProvider;

// serial, and before useAppliance's hook: the appliance is configured with the provider's address
test.serial.before(async () => {
  idp = await startLoopbackOidcProvider();
});
const { appliance } = useAppliance(test, () => ({
  env: {
    SEGL_SSO_ISSUER: idp.issuer,
    SEGL_SSO_CLIENT_ID: CLIENT_ID,
    SEGL_SSO_CLIENT_SECRET: CLIENT_SECRET,
    SEGL_SSO_NAME: 'Test IdP',
    SEGL_SSO_ALLOW_PRIVATE_NETWORK: 'true',
  },
  admin: false,
}));
test.serial.before(() => {
  idp.attach([`${appliance.url}/api/v1/auth/sso/callback`]);
});
test.serial.after.always(async () => {
  await idp?.close();
});

async function finish(callbackUrl: string, jar: Jar): Promise<Response> {
  return fetch(callbackUrl, { redirect: 'manual', headers: { Cookie: jar.header() } });
}

/** A whole SSO login as `accountId`, from a fresh browser (its own cookie jar): Segl's answer to the callback. */
async function signInAtProvider(accountId: string): Promise<Response> {
  const jar = new Jar();
  return finish(await loginAtProvider({ accountId, seglJar: jar }), jar);
}

test.serial(
  'SSO: code + PKCE against a real provider links a verified e-mail to an existing user and signs in',
  async (t) => {
    const { db, clock } = appliance.deps;
    const user = await createUser({ db, clock, email: 'sso.user@example.org', name: 'SSO User', role: 'member' });
    idp.accounts.set('idp-subject-1', { email: 'SSO.User@example.org', email_verified: true, name: 'SSO User' });

    const options = await (await fetch(`${appliance.url}/api/v1/auth/options`)).json();
    t.like(options, { sso: { name: 'Test IdP' } });

    const jar = new Jar();
    const callbackUrl = await loginAtProvider({ accountId: 'idp-subject-1', seglJar: jar });
    t.true(callbackUrl.startsWith(`${appliance.url}/api/v1/auth/sso/callback?`));
    const callback = await finish(callbackUrl, jar);
    t.is(callback.status, 302, await callback.clone().text());
    t.is(callback.headers.get('location'), '/app');
    const session = cookieValue(callback, 'segl_session');
    t.truthy(session);
    const me = await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Cookie: `segl_session=${session}` } });
    t.like(await me.json(), { id: user.id, role: 'member', via: 'session' });
    const linked = await db.models.User.findByPk(user.id);
    t.is(linked!.oidcSubject, 'idp-subject-1');
    t.is(linked!.oidcIssuer, idp.issuer);

    // the same callback again: state and code are spent
    const replay = await finish(callbackUrl, jar);
    t.is(replay.status, 400);
    t.is((await replay.json()).error, 'sso_failed');

    // later logins go by issuer + subject, even when the e-mail address changed at the provider
    idp.accounts.set('idp-subject-1', { email: 'renamed@example.org', email_verified: true, name: 'SSO User' });
    const second = await signInAtProvider('idp-subject-1');
    t.is(second.status, 302);
    const events = await staffEvents(appliance, { targetId: user.id });
    t.true(events.some((e) => e.action === 'user.sso_linked'));
    t.is(events.filter((e) => e.action === 'auth.login_succeeded').length, 2);
  },
);

test.serial('SSO never creates accounts and never trusts unverified e-mail addresses', async (t) => {
  const { db, clock } = appliance.deps;
  idp.accounts.set('stranger', { email: 'stranger@example.org', email_verified: true, name: 'Stranger' });
  const stranger = await signInAtProvider('stranger');
  t.is(stranger.status, 403);
  t.is((await stranger.json()).error, 'sso_no_account');
  t.is(cookieValue(stranger, 'segl_session') ?? '', '');
  t.is(await db.models.User.count({ where: { email: 'stranger@example.org' } }), 0);
  // the same from a person's browser: back to the login page, which explains it
  const jar3 = new Jar();
  const callback = await loginAtProvider({ accountId: 'stranger', seglJar: jar3 });
  const headers = { Cookie: jar3.header(), Accept: 'text/html' };
  const browser = await fetch(callback, { redirect: 'manual', headers });
  t.is(browser.status, 302);
  t.is(browser.headers.get('location'), '/login?sso=sso_no_account');
  t.is(cookieValue(browser, 'segl_session') ?? '', '');

  await createUser({ db, clock, email: 'unverified@example.org', name: 'Unverified', role: 'admin' });
  idp.accounts.set('unverified', { email: 'unverified@example.org', email_verified: false, name: 'Unverified' });
  const unverified = await signInAtProvider('unverified');
  t.is(unverified.status, 403);
});

test.serial('SSO callback refuses a missing or forged state cookie and provider errors', async (t) => {
  idp.accounts.set('idp-subject-2', { email: 'x2@example.org', email_verified: true, name: 'X' });
  const jar = new Jar();
  const callbackUrl = await loginAtProvider({ accountId: 'idp-subject-2', seglJar: jar });
  const noCookie = await fetch(callbackUrl, { redirect: 'manual' });
  t.is(noCookie.status, 400);
  t.is((await noCookie.json()).error, 'sso_failed');
  const forged = await fetch(callbackUrl, {
    redirect: 'manual',
    headers: { Cookie: 'segl_sso=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  });
  t.is(forged.status, 400);
  // another login's state cookie does not fit this callback
  const otherJar = new Jar();
  const other = await fetch(`${appliance.url}/api/v1/auth/sso/start`, { redirect: 'manual' });
  otherJar.take(other);
  const swapped = await finish(callbackUrl, otherJar);
  t.is(swapped.status, 400);
  const denied = await fetch(`${appliance.url}/api/v1/auth/sso/callback?error=access_denied&state=x`, {
    redirect: 'manual',
    headers: { Cookie: jar.header() },
  });
  t.is(denied.status, 400);
  t.is((await fetch(`${appliance.url}/api/v1/auth/sso/callback`, { redirect: 'manual' })).status, 400);
  t.is(
    (await fetch(`${appliance.url}/api/v1/auth/sso/callback?code=${'x'.repeat(5000)}`, { redirect: 'manual' })).status,
    422,
  );
  // a person's browser is sent back to the login page, which says it in words; API clients keep the JSON
  const html = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
  const callback = `${appliance.url}/api/v1/auth/sso/callback`;
  for (const url of [callbackUrl, `${callback}?error=access_denied&state=x`, `${callback}?code=${'x'.repeat(5000)}`]) {
    const browser = await fetch(url, { redirect: 'manual', headers: html });
    t.is(browser.status, 302, url.slice(0, 80));
    t.is(browser.headers.get('location'), '/login?sso=sso_failed');
    t.is(browser.headers.get('cache-control'), 'no-store');
  }
});

test('SSO refuses a provider on a loopback address unless the operator allows it', async (t) => {
  const guarded = await startTestAppliance({
    env: { SEGL_SSO_ISSUER: idp.issuer, SEGL_SSO_CLIENT_ID: CLIENT_ID, SEGL_SSO_CLIENT_SECRET: CLIENT_SECRET },
  });
  try {
    const start = await fetch(`${guarded.url}/api/v1/auth/sso/start`, { redirect: 'manual' });
    t.is(start.status, 502);
    t.is((await start.json()).error, 'outbound_refused');
  } finally {
    await guarded.close();
  }
});
