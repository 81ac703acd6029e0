import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { cookieValue } from '../helpers/staff.js';
import { createUser } from '../../server/domain/users/create-user.js';

type RequestHandler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
interface ProviderAccount { accountId: string; claims(): Promise<Record<string, unknown>> }
/** oidc-provider ships no type declarations: the little used here, typed by hand. */
type ProviderClass = new (issuer: string, configuration: Record<string, unknown> & { findAccount(ctx: unknown, id: string): Promise<ProviderAccount | undefined> }) => { callback(): RequestHandler };
const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderClass };

/** A real OpenID provider (oidc-provider) on 127.0.0.1 with its development login and consent pages. */
interface TestProvider {
  issuer: string;
  /** Registers Segl's client (its redirect URI is known only once the appliance listens) and starts answering. */
  attach(redirectUri: string): void;
  accounts: Map<string, { email: string; email_verified: boolean; name: string }>;
  close(): Promise<void>;
}

const CLIENT_ID = 'segl';
const CLIENT_SECRET = 'a-test-client-secret-that-is-long-enough';

async function startProvider(): Promise<TestProvider> {
  const accounts = new Map<string, { email: string; email_verified: boolean; name: string }>();
  let handler: RequestHandler | undefined;
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const attach = (redirectUri: string) => {
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['a-cookie-signing-key-for-tests-only'] },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  handler = provider.callback();
  };
  return { issuer, accounts, attach, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Minimal cookie jar for one origin. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Drives the browser's part: start at Segl, log in and consent at the provider (posting its forms), and return
 * the callback URL the provider redirects back to (not followed).
 */
async function loginAtProvider(options: { appliance: TestAppliance; issuer: string; accountId: string; seglJar: Jar }): Promise<string> {
  const start = await fetch(`${options.appliance.url}/api/v1/auth/sso/start`, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`sso/start answered ${start.status}: ${await start.text()}`);
  options.seglJar.take(start);
  const idpJar = new Jar();
  let next = new URL(start.headers.get('location')!);
  for (let hop = 0; hop < 20; hop += 1) {
    if (next.origin !== options.issuer) return next.href;
    const response = await fetch(next, { redirect: 'manual', headers: { Cookie: idpJar.header() } });
    idpJar.take(response);
    if (response.status >= 300 && response.status < 400) {
      next = new URL(response.headers.get('location')!, next);
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected provider page (${response.status}): ${html.replace(/<style>[\s\S]*<\/style>/, '').slice(0, 1500)}`);
    const form = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login: options.accountId, password: 'irrelevant' } : {}) });
    const submitted = await fetch(new URL(action.replace(/&amp;/g, '&'), next), {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: idpJar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    idpJar.take(submitted);
    next = new URL(submitted.headers.get('location')!, next);
  }
  throw new Error('too many redirects at the provider');
}

let appliance: TestAppliance;
let idp: TestProvider;

test.before(async () => {
  idp = await startProvider();
  appliance = await startTestAppliance({
    env: { SEGL_SSO_ISSUER: idp.issuer, SEGL_SSO_CLIENT_ID: CLIENT_ID, SEGL_SSO_CLIENT_SECRET: CLIENT_SECRET, SEGL_SSO_NAME: 'Test IdP', SEGL_SSO_ALLOW_PRIVATE_NETWORK: 'true' },
  });
  idp.attach(`${appliance.url}/api/v1/auth/sso/callback`);
});
test.after.always(async () => {
  await appliance?.close();
  await idp?.close();
});

async function finish(callbackUrl: string, jar: Jar): Promise<Response> {
  return fetch(callbackUrl, { redirect: 'manual', headers: { Cookie: jar.header() } });
}

test.serial('SSO: code + PKCE against a real provider links a verified e-mail to an existing user and signs in', async (t) => {
  const { db, clock } = appliance.deps;
  const user = await createUser({ db, clock, email: 'sso.user@example.org', name: 'SSO User', role: 'member' });
  idp.accounts.set('idp-subject-1', { email: 'SSO.User@example.org', email_verified: true, name: 'SSO User' });

  const options = await (await fetch(`${appliance.url}/api/v1/auth/options`)).json();
  t.like(options, { sso: { name: 'Test IdP' } });

  const jar = new Jar();
  const callbackUrl = await loginAtProvider({ appliance, issuer: idp.issuer, accountId: 'idp-subject-1', seglJar: jar });
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
  const jar2 = new Jar();
  const second = await finish(await loginAtProvider({ appliance, issuer: idp.issuer, accountId: 'idp-subject-1', seglJar: jar2 }), jar2);
  t.is(second.status, 302);
  const events = await db.models.StaffEvent.findAll({ where: { targetId: user.id }, raw: true });
  t.true(events.some((e) => e.action === 'user.sso_linked'));
  t.is(events.filter((e) => e.action === 'auth.login_succeeded').length, 2);
});

test.serial('SSO never creates accounts and never trusts unverified e-mail addresses', async (t) => {
  const { db, clock } = appliance.deps;
  idp.accounts.set('stranger', { email: 'stranger@example.org', email_verified: true, name: 'Stranger' });
  const jar = new Jar();
  const stranger = await finish(await loginAtProvider({ appliance, issuer: idp.issuer, accountId: 'stranger', seglJar: jar }), jar);
  t.is(stranger.status, 403);
  t.is((await stranger.json()).error, 'sso_no_account');
  t.is(cookieValue(stranger, 'segl_session') ?? '', '');
  t.is(await db.models.User.count({ where: { email: 'stranger@example.org' } }), 0);

  await createUser({ db, clock, email: 'unverified@example.org', name: 'Unverified', role: 'admin' });
  idp.accounts.set('unverified', { email: 'unverified@example.org', email_verified: false, name: 'Unverified' });
  const jar2 = new Jar();
  const unverified = await finish(await loginAtProvider({ appliance, issuer: idp.issuer, accountId: 'unverified', seglJar: jar2 }), jar2);
  t.is(unverified.status, 403);
});

test.serial('SSO callback refuses a missing or forged state cookie and provider errors', async (t) => {
  idp.accounts.set('idp-subject-2', { email: 'x2@example.org', email_verified: true, name: 'X' });
  const jar = new Jar();
  const callbackUrl = await loginAtProvider({ appliance, issuer: idp.issuer, accountId: 'idp-subject-2', seglJar: jar });
  const noCookie = await fetch(callbackUrl, { redirect: 'manual' });
  t.is(noCookie.status, 400);
  t.is((await noCookie.json()).error, 'sso_failed');
  const forged = await fetch(callbackUrl, { redirect: 'manual', headers: { Cookie: 'segl_sso=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
  t.is(forged.status, 400);
  // another login's state cookie does not fit this callback
  const otherJar = new Jar();
  const other = await fetch(`${appliance.url}/api/v1/auth/sso/start`, { redirect: 'manual' });
  otherJar.take(other);
  const swapped = await finish(callbackUrl, otherJar);
  t.is(swapped.status, 400);
  const denied = await fetch(`${appliance.url}/api/v1/auth/sso/callback?error=access_denied&state=x`, { redirect: 'manual', headers: { Cookie: jar.header() } });
  t.is(denied.status, 400);
  t.is((await fetch(`${appliance.url}/api/v1/auth/sso/callback`, { redirect: 'manual' })).status, 400);
  t.is((await fetch(`${appliance.url}/api/v1/auth/sso/callback?code=${'x'.repeat(5000)}`, { redirect: 'manual' })).status, 422);
});

test('SSO refuses a provider on a loopback address unless the operator allows it', async (t) => {
  const guarded = await startTestAppliance({ env: { SEGL_SSO_ISSUER: idp.issuer, SEGL_SSO_CLIENT_ID: CLIENT_ID, SEGL_SSO_CLIENT_SECRET: CLIENT_SECRET } });
  try {
    const start = await fetch(`${guarded.url}/api/v1/auth/sso/start`, { redirect: 'manual' });
    t.is(start.status, 502);
    t.is((await start.json()).error, 'outbound_refused');
  } finally {
    await guarded.close();
  }
});
