import test from 'ava';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { createEnrolledStaff, createMutableClock, sendJson, signInStaff, staffEvents } from '../helpers/staff.js';
import { startLoopbackOidcProvider } from '../helpers/loopback-oidc.js';
import { createTimestampRequest } from '../../server/crypto/timestamp-client.js';
import { buildOcspRequest } from '../../server/crypto/ocsp-client.js';
import { unwrapSecret } from '../../server/crypto/key-encryption-key.js';
import { derivePurposeKey } from '../../server/crypto/purpose-key.js';
import { createApiToken } from '../../server/domain/tokens/create-api-token.js';
import { createSsoClient } from '../../server/domain/auth/sso-client.js';
import { HSTS_VALUE } from '../../server/http/middleware/security-headers.js';

/**
 * /tsa and /pki (they sign on every request) are rate-limited per client network and /tsa is staff-only unless
 * made public; HSTS with an https public URL; no-store on authenticated and signer answers; account changes
 * revoke sessions and tokens; browser cookies are sealed under a key derived for that purpose only.
 */

const LIMIT = 3;
let network = 0;
const fresh = () => `203.0.113.${++network}`;

const timestampQuery = () =>
  Buffer.from(
    createTimestampRequest({
      digest: createHash('sha256').update(`q${Math.random()}`).digest(),
      nonce: 42n,
      certReq: true,
    }),
  );

function postTsa(target: TestAppliance, ip: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${target.url}/tsa`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/timestamp-query', 'X-Forwarded-For': ip, ...headers },
    body: timestampQuery(),
  });
}

const clock = createMutableClock();
const { appliance, admin } = useAppliance(test, {
  clock,
  jobs: false,
  env: { SEGL_TRUSTED_PROXIES: '127.0.0.1', SEGL_TSA_RATE_LIMIT: String(LIMIT), SEGL_PKI_RATE_LIMIT: String(LIMIT) },
  admin: 'endpoints admin',
});

test.serial(
  '/tsa is off for the public: anonymous 401, a token without the tsa scope 403, with it a reply',
  async (t) => {
    const anonymous = await postTsa(appliance, fresh());
    t.is(anonymous.status, 401);
    t.is((await anonymous.json()).error, 'unauthenticated');
    const narrow = await createApiToken({
      db: appliance.deps.db,
      clock,
      userId: admin.id,
      name: 'docs',
      scopes: ['documents:read'],
    });
    const refused = await postTsa(appliance, fresh(), { Authorization: `Bearer ${narrow.token}` });
    t.is(refused.status, 403);
    const tsa = await createApiToken({ db: appliance.deps.db, clock, userId: admin.id, name: 'tsa', scopes: ['tsa'] });
    const answer = await postTsa(appliance, fresh(), { Authorization: `Bearer ${tsa.token}` });
    t.is(answer.status, 200);
    t.is(answer.headers.get('content-type'), 'application/timestamp-reply');
    t.true((await answer.arrayBuffer()).byteLength > 500, 'a signed reply');
  },
);

test.serial('/tsa is rate-limited per client network, authenticated or not', async (t) => {
  const ip = fresh();
  const auth = { Authorization: `Bearer ${admin.token}` };
  for (let i = 0; i < LIMIT; i += 1) t.is((await postTsa(appliance, ip, auth)).status, 200);
  const over = await postTsa(appliance, ip, auth);
  t.is(over.status, 429);
  t.is((await over.json()).error, 'rate_limited');
  t.truthy(over.headers.get('retry-after'));
  t.is((await postTsa(appliance, fresh(), auth)).status, 200, 'another network');
  clock.advance(61_000);
  t.is((await postTsa(appliance, ip, auth)).status, 200, 'the window passed');
});

test.serial('/pki/ocsp and /pki/crl are rate-limited per client network; IPv6 per /64', async (t) => {
  const request = Buffer.from(
    buildOcspRequest({
      certificate: appliance.sealer.pki.seal.certificate,
      issuer: appliance.sealer.pki.root.certificate,
    }),
  );
  const ocsp = (ip: string) =>
    fetch(`${appliance.url}/pki/ocsp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/ocsp-request', 'X-Forwarded-For': ip },
      body: request,
    });
  const v6 = '2001:db8:aa:bb::1';
  for (let i = 0; i < LIMIT; i += 1) t.is((await ocsp(v6)).status, 200);
  t.is((await ocsp('2001:db8:aa:bb:ffff::9')).status, 429, 'the same /64');
  t.is(
    (await fetch(`${appliance.url}/pki/ocsp/${request.toString('base64url')}`, { headers: { 'X-Forwarded-For': v6 } }))
      .status,
    429,
    'GET form too',
  );
  t.is((await ocsp('2001:db8:aa:bc::1')).status, 200, 'another /64');
  const ip = fresh();
  for (let i = 0; i < LIMIT; i += 1)
    t.is((await fetch(`${appliance.url}/pki/crl`, { headers: { 'X-Forwarded-For': ip } })).status, 200);
  t.is((await fetch(`${appliance.url}/pki/crl`, { headers: { 'X-Forwarded-For': ip } })).status, 429);
  t.is(
    (await fetch(`${appliance.url}/pki/root.pem`, { headers: { 'X-Forwarded-For': ip } })).status,
    200,
    'the root certificate is not signed per request',
  );
});

test.serial(
  'no-store on authenticated answers (errors too) and signer pages; no HSTS on an http public URL',
  async (t) => {
    const auth = { Authorization: `Bearer ${admin.token}` };
    for (const path of [
      '/api/v1/auth/me',
      '/api/v1/folders',
      '/api/v1/tokens',
      '/api/v1/users',
      '/api/v1/documents/00000000-0000-0000-0000-000000000000',
    ]) {
      const response = await fetch(`${appliance.url}${path}`, { headers: auth });
      t.is(response.headers.get('cache-control'), 'no-store', `${path} -> ${response.status}`);
      t.is(response.headers.get('strict-transport-security'), null);
    }
    for (const path of [
      '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '/api/v1/signing/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '/enrol/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const response = await fetch(`${appliance.url}${path}`);
      t.is(response.headers.get('cache-control'), 'no-store', `${path} -> ${response.status}`);
    }
  },
);

test.serial('HSTS when the public URL is https; SEGL_TSA_PUBLIC=on opens /tsa, still rate-limited', async (t) => {
  const secure = await startTestAppliance({
    jobs: false,
    env: { SEGL_PUBLIC_URL: 'https://segl.example.org', SEGL_TSA_PUBLIC: 'on', SEGL_TSA_RATE_LIMIT: '2' },
  });
  t.teardown(async () => {
    await secure.close();
    rmSync(secure.dataDir, { recursive: true, force: true });
  });
  for (const path of ['/healthz', '/pki/root.pem', '/api/v1/verify/0000-0000-0000-0000', '/nowhere']) {
    t.is((await fetch(`${secure.url}${path}`)).headers.get('strict-transport-security'), HSTS_VALUE, path);
  }
  const tsa = (ip: string) => postTsa(secure, ip);
  t.is((await tsa('192.0.2.1')).status, 200, 'anyone');
  t.is((await tsa('192.0.2.1')).status, 200);
  t.is((await tsa('192.0.2.1')).status, 429);
});

test.serial('resetting an enrolment or disabling a user ends their sessions and revokes their tokens', async (t) => {
  for (const change of ['reset', 'disable'] as const) {
    const staff = await createEnrolledStaff(appliance, 'member');
    const cookie = await signInStaff(appliance, staff, clock);
    const token = await createApiToken({ db: appliance.deps.db, clock, userId: staff.id, name: 'pipeline' });
    const me = (headers: Record<string, string>) => fetch(`${appliance.url}/api/v1/auth/me`, { headers });
    t.is((await me({ Authorization: `Bearer ${token.token}` })).status, 200);
    const request =
      change === 'reset'
        ? sendJson(admin, 'POST', `/api/v1/users/${staff.id}/enrolment`, {})
        : admin.api(`/api/v1/users/${staff.id}`, { method: 'DELETE' });
    t.is((await request).status, 200);
    t.is((await me({ Authorization: `Bearer ${token.token}` })).status, 401, `${change}: the token is dead`);
    t.is((await me({ Cookie: `segl_session=${cookie}` })).status, 401, `${change}: the session is dead`);
    if (change === 'disable') {
      const enable = await sendJson(admin, 'PATCH', `/api/v1/users/${staff.id}`, { disabled: false });
      t.is(enable.status, 200);
      t.is(
        (await me({ Authorization: `Bearer ${token.token}` })).status,
        401,
        're-enabling does not bring the token back',
      );
    }
    const row = await appliance.deps.db.models.ApiToken.findByPk(token.id);
    t.truthy(row!.revokedAt);
    const events = await staffEvents(appliance, { targetId: token.id, action: 'token.revoked' });
    t.is(events.length, 1);
    t.like(JSON.parse(events[0]!.data!), {
      ownerId: staff.id,
      reason: change === 'reset' ? 'enrolment_reset' : 'user_disabled',
    });
  }
});

test.serial('the SSO state cookie is sealed under a key derived for cookies, not under the KEK', async (t) => {
  const idp = await startLoopbackOidcProvider();
  t.teardown(() => idp.close());
  idp.attach([`${appliance.url}/api/v1/auth/sso/callback`]);
  const kek = appliance.deps.kek;
  const sso = {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    name: 'IdP',
    allowPrivateNetwork: true,
  };
  const client = createSsoClient({ sso, publicUrl: appliance.url, kek, clock });
  const { stateCookie } = await client.startLogin();
  const sealed = new Uint8Array(Buffer.from(stateCookie, 'base64url'));
  t.throws(
    () => unwrapSecret({ kek, wrapped: sealed, label: 'segl/sso-state' }),
    undefined,
    'the KEK itself does not open it',
  );
  const cookieKey = derivePurposeKey({ kek, purpose: 'cookie-encryption' });
  t.notDeepEqual(cookieKey, kek);
  t.deepEqual(derivePurposeKey({ kek, purpose: 'cookie-encryption' }), cookieKey, 'deterministic');
  const state = JSON.parse(
    Buffer.from(unwrapSecret({ kek: cookieKey, wrapped: sealed, label: 'segl/sso-state' })).toString('utf8'),
  );
  t.truthy(state.nonce);
  const strict = createSsoClient({ sso: { ...sso, allowPrivateNetwork: false }, publicUrl: appliance.url, kek, clock });
  await t.throwsAsync(
    strict.startLogin(),
    { code: 'outbound_refused' } as never,
    'a provider on loopback needs the opt-in',
  );
});
