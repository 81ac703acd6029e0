import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import { bearerApi, createMutableClock, jsonInit, staffEvents } from '../helpers/staff.js';

/** The appliance's clock: expiry is tested by moving it, not by sleeping. */
const clock = createMutableClock();
const { appliance, admin, member } = useAppliance(test, { clock, member: true });

const bearer = (token: string, path: string, init?: RequestInit) => bearerApi(appliance.url, token)(path, init);

test('create (shown once), list (never the secret), revoke: a revoked token gets 401', async (t) => {
  const created = await member.api('/api/v1/tokens', jsonInit({ name: 'CI pipeline' }));
  t.is(created.status, 201);
  t.is(created.headers.get('cache-control'), 'no-store');
  const token = (await created.json()) as { id: string; token: string; prefix: string; scopes: string[]; name: string };
  t.regex(token.token, /^segl_[A-Za-z0-9_-]+$/);
  t.deepEqual(token.scopes, ['*']);
  t.is(token.prefix, token.token.slice(0, 12));

  const meResponse = await bearer(token.token, '/api/v1/auth/me');
  t.is(meResponse.status, 200);
  t.like(await meResponse.json(), { id: member.id, via: 'token', tokenId: token.id });

  const list = await member.api('/api/v1/tokens');
  t.is(list.status, 200);
  const text = await list.text();
  t.false(text.includes(token.token), 'the token never shows again');
  t.false(/hash/i.test(text));
  const listed = (JSON.parse(text) as { tokens: Record<string, unknown>[] }).tokens.find((x) => x.id === token.id)!;
  t.like(listed, { name: 'CI pipeline', prefix: token.prefix, scopes: ['*'], revokedAt: null });
  t.truthy(listed.createdAt);
  t.true('lastUsedAt' in listed);
  t.truthy(listed.lastUsedAt, 'last use is recorded');

  const revoke = await member.api(`/api/v1/tokens/${token.id}`, { method: 'DELETE' });
  t.is(revoke.status, 200);
  t.is((await bearer(token.token, '/api/v1/auth/me')).status, 401);
  t.is((await bearer(token.token, '/api/v1/tokens')).status, 401);
  const after = (await (await member.api('/api/v1/tokens')).json()) as {
    tokens: { id: string; revokedAt: string | null }[];
  };
  t.truthy(after.tokens.find((x) => x.id === token.id)!.revokedAt);
  t.is(
    (await member.api(`/api/v1/tokens/${token.id}`, { method: 'DELETE' })).status,
    200,
    'revoking twice is harmless',
  );

  const events = await staffEvents(appliance, { targetId: token.id });
  t.deepEqual(events.map((e) => e.action).sort(), ['token.created', 'token.revoked']);
  t.false(JSON.stringify(events).includes(token.token));
});

test("members see and revoke only their own tokens; admins anyone's", async (t) => {
  const mine = (await (await admin.api('/api/v1/tokens', jsonInit({ name: 'admin tool' }))).json()) as {
    id: string;
    token: string;
  };
  t.is(
    (await member.api(`/api/v1/tokens/${mine.id}`, { method: 'DELETE' })).status,
    404,
    "someone else's token is 404",
  );
  t.is((await member.api(`/api/v1/tokens?userId=${admin.id}`)).status, 404);
  t.is((await bearer(mine.token, '/api/v1/auth/me')).status, 200);

  const theirs = (await (await member.api('/api/v1/tokens', jsonInit({ name: 'member tool' }))).json()) as {
    id: string;
    token: string;
  };
  const adminList = (await (await admin.api(`/api/v1/tokens?userId=${member.id}`)).json()) as {
    tokens: { id: string }[];
  };
  t.true(adminList.tokens.some((x) => x.id === theirs.id));
  t.is((await admin.api(`/api/v1/tokens/${theirs.id}`, { method: 'DELETE' })).status, 200);
  t.is((await bearer(theirs.token, '/api/v1/auth/me')).status, 401);
  t.is((await admin.api('/api/v1/tokens/00000000-0000-0000-0000-000000000000', { method: 'DELETE' })).status, 404);
});

test('scopes and expiry: a scoped token cannot mint a broader one; an expired token is 401', async (t) => {
  const scoped = (await (
    await member.api('/api/v1/tokens', jsonInit({ name: 'read only', scopes: ['documents:read', 'tokens:manage'] }))
  ).json()) as { token: string; scopes: string[] };
  t.deepEqual(scoped.scopes, ['documents:read', 'tokens:manage']);
  const broader = await bearer(scoped.token, '/api/v1/tokens', jsonInit({ name: 'escalate' }));
  t.is(broader.status, 403);
  t.is((await broader.json()).error, 'insufficient_scope');
  t.is(
    (await bearer(scoped.token, '/api/v1/tokens', jsonInit({ name: 'same', scopes: ['documents:read'] }))).status,
    201,
  );

  const soon = new Date(clock.now().getTime() + 60_000).toISOString();
  const expiring = (await (
    await member.api('/api/v1/tokens', jsonInit({ name: 'short', expiresAt: soon }))
  ).json()) as {
    token: string;
    expiresAt: string;
  };
  t.is(expiring.expiresAt, soon);
  t.is((await bearer(expiring.token, '/api/v1/auth/me')).status, 200);
  clock.advance(59_000);
  t.is((await bearer(expiring.token, '/api/v1/auth/me')).status, 200, 'a second before it expires');
  clock.advance(2_000);
  t.is((await bearer(expiring.token, '/api/v1/auth/me')).status, 401, 'a second after');
});

test('token endpoints refuse bad input with stable codes', async (t) => {
  const cases: [RequestInit, number, string][] = [
    [jsonInit('{"name":'), 400, 'invalid_json'],
    [jsonInit({}), 422, 'invalid_request'],
    [jsonInit({ name: '' }), 422, 'invalid_request'],
    [jsonInit({ name: 5 }), 422, 'invalid_request'],
    [jsonInit({ name: 'a\u0000b' }), 422, 'invalid_request'],
    [jsonInit({ name: 'x', admin: true }), 422, 'invalid_request'],
    [jsonInit({ name: 'x', scopes: [] }), 422, 'invalid_request'],
    [jsonInit({ name: 'x', scopes: ['Bad Scope'] }), 422, 'invalid_request'],
    [jsonInit({ name: 'x', expiresAt: 'tomorrow' }), 422, 'invalid_request'],
    [jsonInit({ name: 'x', expiresAt: '2001-01-01T00:00:00Z' }), 422, 'invalid_request'],
    [jsonInit({ name: 'x'.repeat(70_000) }), 413, 'payload_too_large'],
    [{ method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'name=x' }, 415, 'unsupported_media_type'],
  ];
  for (const [init, status, code] of cases) {
    const response = await member.api('/api/v1/tokens', init);
    t.is(response.status, status, String(init.body).slice(0, 60));
    t.is(((await response.json()) as { error: string }).error, code);
  }
  t.is((await member.api('/api/v1/tokens?userId=a&x=1')).status, 422);
  t.is((await member.api('/api/v1/tokens?userId=../x')).status, 422);
  t.is((await member.api('/api/v1/tokens/..%2F..', { method: 'DELETE' })).status, 404);
  t.is((await fetch(`${appliance.url}/api/v1/tokens`)).status, 401);
  t.is(
    (
      await fetch(`${appliance.url}/api/v1/tokens`, {
        headers: { Authorization: 'Bearer segl_unknownunknownunknownunknown' },
      })
    ).status,
    401,
  );
  t.is((await fetch(`${appliance.url}/api/v1/tokens`, { headers: { Authorization: 'Basic abc' } })).status, 401);
});
