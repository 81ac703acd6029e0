import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import {
  createEnrolledStaff,
  createMutableClock,
  createTestStaff,
  signInStaff,
  type TestStaff,
} from '../helpers/staff.js';
import { createApiToken } from '../../server/domain/tokens/create-api-token.js';
import { tokenContracts as tokenSpecs } from '../../server/http/routes/tokens/token-contracts.js';
import { routeKey } from '../../server/http/contract/route-contract.js';

/**
 * Every token route x callers holding narrowed tokens: a token never creates, lists or revokes beyond what it holds.
 * Cases are (route, caller, target) with the status expected; the test fails if a token route has no case.
 */

const clock = createMutableClock();
const { appliance, admin } = useAppliance(test, { clock, jobs: false, admin: 'token matrix admin' });
let member: TestStaff;
let memberCookie: string;
const MINUTE = 60_000;

/** Callers: tokens of `member` or `admin` with the given scopes (and expiry); `session` is the member's cookie. */
type Caller =
  | { owner: 'member' | 'admin'; scopes: readonly string[]; expiresInMs?: number }
  | 'session'
  | 'anonymous'
  | 'revoked';

async function tokenFor(
  caller: Exclude<Caller, 'session' | 'anonymous' | 'revoked'>,
): Promise<{ token: string; id: string }> {
  const owner = caller.owner === 'admin' ? admin : member;
  const expiresAt = caller.expiresInMs ? new Date(clock.now().getTime() + caller.expiresInMs) : null;
  const created = await createApiToken({
    db: appliance.deps.db,
    clock,
    userId: owner.id,
    name: 'matrix',
    scopes: [...caller.scopes],
    expiresAt,
  });
  return { token: created.token, id: created.id };
}

async function send(caller: Caller, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (caller === 'session') Object.assign(headers, { Cookie: `segl_session=${memberCookie}`, Origin: appliance.url });
  else if (caller === 'revoked') {
    const revoked = await tokenFor({ owner: 'member', scopes: ['*'] });
    await appliance.deps.db.models.ApiToken.update({ revokedAt: clock.now() }, { where: { id: revoked.id } });
    headers.Authorization = `Bearer ${revoked.token}`;
  } else if (caller !== 'anonymous') headers.Authorization = `Bearer ${(await tokenFor(caller)).token}`;
  return fetch(`${appliance.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A fresh token to act on: the member's full-scope one, a narrower one of the member's, or the admin's. */
async function target(kind: 'member-full' | 'member-narrow' | 'admin-full'): Promise<string> {
  const owner = kind === 'admin-full' ? admin : member;
  return (
    await createApiToken({
      db: appliance.deps.db,
      clock,
      userId: owner.id,
      name: `target ${kind}`,
      scopes: kind === 'member-narrow' ? ['documents:read'] : ['*'],
    })
  ).id;
}

const READ_ONLY = { owner: 'member', scopes: ['documents:read'] } as const;
const MANAGE = { owner: 'member', scopes: ['tokens:manage'] } as const;
const MANAGE_READ_SOON = {
  owner: 'member',
  scopes: ['tokens:manage', 'documents:read'],
  expiresInMs: 2 * MINUTE,
} as const;
const ADMIN_READ = { owner: 'admin', scopes: ['users', 'documents:read'] } as const;
const ADMIN_MANAGE = { owner: 'admin', scopes: ['tokens:manage', 'users'] } as const;
const ADMIN_FULL = { owner: 'admin', scopes: ['*'] } as const;
const MEMBER_FULL = { owner: 'member', scopes: ['*'] } as const;

interface Case {
  operationId: keyof typeof tokenSpecs;
  caller: Caller;
  label: string;
  request: () => Promise<Response>;
  status: number;
  error?: string;
  check?: (body: any) => void;
}

const soonIso = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

function cases(): Case[] {
  type Body = Record<string, unknown> | (() => Record<string, unknown>);
  const create = (
    caller: Caller,
    label: string,
    body: Body,
    status: number,
    error?: string,
    check?: (b: any) => void,
  ): Case => ({
    operationId: 'createToken',
    caller,
    label,
    request: () =>
      send(caller, 'POST', '/api/v1/tokens', { name: 'new', ...(typeof body === 'function' ? body() : body) }),
    status,
    error,
    check,
  });
  const list = (
    caller: Caller,
    label: string,
    who: 'self' | 'member' | 'admin',
    status: number,
    error?: string,
  ): Case => ({
    operationId: 'listTokens',
    caller,
    label,
    request: () =>
      send(
        caller,
        'GET',
        who === 'self' ? '/api/v1/tokens' : `/api/v1/tokens?userId=${who === 'member' ? member.id : admin.id}`,
      ),
    status,
    error,
  });
  const revoke = (
    caller: Caller,
    label: string,
    kind: Parameters<typeof target>[0],
    status: number,
    error?: string,
  ): Case => ({
    operationId: 'revokeToken',
    caller,
    label,
    request: async () => send(caller, 'DELETE', `/api/v1/tokens/${await target(kind)}`),
    status,
    error,
  });
  return [
    create('anonymous', 'no credentials', {}, 401, 'unauthenticated'),
    create('revoked', 'a revoked token', {}, 401, 'unauthenticated'),
    create(
      READ_ONLY,
      'a read-only token (no tokens:manage)',
      { scopes: ['documents:read'] },
      403,
      'insufficient_scope',
    ),
    create(READ_ONLY, 'a read-only token asking for no expiry', {}, 403, 'insufficient_scope'),
    create(MANAGE, 'tokens:manage asking for every scope', {}, 403, 'insufficient_scope'),
    create(
      MANAGE,
      'tokens:manage asking for a scope it lacks',
      { scopes: ['documents:write'] },
      403,
      'insufficient_scope',
    ),
    create(MANAGE, 'tokens:manage asking for "*" explicitly', { scopes: ['*'] }, 403, 'insufficient_scope'),
    create(MANAGE, 'tokens:manage asking for its own scope', { scopes: ['tokens:manage'] }, 201, undefined, (b) =>
      t2(b, ['tokens:manage'], null),
    ),
    create(
      MANAGE_READ_SOON,
      'an expiring token asking for no expiry gets its own',
      { scopes: ['documents:read'] },
      201,
      undefined,
      (b) => t2(b, ['documents:read'], 'ceiling'),
    ),
    create(
      MANAGE_READ_SOON,
      'an expiring token asking for a later expiry',
      () => ({ scopes: ['documents:read'], expiresAt: soonIso(60 * MINUTE) }),
      422,
      'expiry_too_late',
    ),
    create(
      MANAGE_READ_SOON,
      'an expiring token asking for an earlier expiry',
      () => ({ scopes: ['documents:read'], expiresAt: soonIso(MINUTE) }),
      201,
    ),
    create(
      MANAGE_READ_SOON,
      'an expiring token asking for a superset',
      { scopes: ['documents:read', 'documents:write'] },
      403,
      'insufficient_scope',
    ),
    create(MEMBER_FULL, 'a full-scope token', () => ({ expiresAt: soonIso(60 * MINUTE) }), 201),
    create('session', 'a session', {}, 201, undefined, (b) => t2(b, ['*'], null)),
    list('anonymous', 'no credentials', 'self', 401, 'unauthenticated'),
    list(READ_ONLY, 'a read-only token', 'self', 403, 'insufficient_scope'),
    list(MANAGE, 'tokens:manage, own tokens', 'self', 200),
    list(MANAGE, "tokens:manage, another user's", 'admin', 404, 'not_found'),
    list(MEMBER_FULL, "a member's full token, another user's", 'admin', 404, 'not_found'),
    list(ADMIN_READ, "an administrator's read-only token, another user's", 'member', 403, 'insufficient_scope'),
    list(ADMIN_MANAGE, "an administrator's narrowed token, another user's", 'member', 404, 'not_found'),
    list(ADMIN_MANAGE, "an administrator's narrowed token, own", 'self', 200),
    list(ADMIN_FULL, "an administrator's full token, another user's", 'member', 200),
    revoke('anonymous', 'no credentials', 'member-full', 401, 'unauthenticated'),
    revoke(READ_ONLY, "a read-only token, its owner's full token", 'member-full', 403, 'insufficient_scope'),
    revoke(MANAGE, "tokens:manage, its owner's full token", 'member-full', 404, 'not_found'),
    revoke(MANAGE, "tokens:manage, its owner's narrower read token", 'member-narrow', 404, 'not_found'),
    revoke(MANAGE_READ_SOON, "tokens:manage + documents:read, its owner's read token", 'member-narrow', 200),
    revoke(MEMBER_FULL, "a member's full token, an administrator's token", 'admin-full', 404, 'not_found'),
    revoke(ADMIN_MANAGE, "an administrator's narrowed token, a member's token", 'member-full', 404, 'not_found'),
    revoke(ADMIN_FULL, "an administrator's full token, a member's token", 'member-full', 200),
    revoke('session', "a session, its own user's full token", 'member-full', 200),
  ];
}

let ceilingFor: Date;
/** Checks a created token's scopes and expiry (`ceiling`: the caller's own expiry). */
function t2(body: { scopes: string[]; expiresAt: string | null }, scopes: string[], expiry: null | 'ceiling'): void {
  if (JSON.stringify(body.scopes) !== JSON.stringify(scopes)) throw new Error(`scopes ${JSON.stringify(body.scopes)}`);
  if (expiry === null && body.expiresAt !== null) throw new Error(`expected no expiry, got ${body.expiresAt}`);
  if (expiry === 'ceiling' && (body.expiresAt === null || new Date(body.expiresAt) > ceilingFor))
    throw new Error(`expiry ${body.expiresAt} beyond the caller's`);
}

test.before(async () => {
  const enrolled = await createEnrolledStaff(appliance, 'member', { name: 'token matrix member' });
  member = { ...(await createTestStaff(appliance, 'member', 'unused')), id: enrolled.id };
  memberCookie = await signInStaff(appliance, enrolled, clock);
});

test('every token route has cases with narrowed tokens', (t) => {
  const covered = new Set(cases().map((c) => c.operationId));
  for (const spec of Object.values(tokenSpecs))
    t.true(covered.has(spec.operationId as keyof typeof tokenSpecs), routeKey(spec));
  for (const spec of Object.values(tokenSpecs))
    t.is(spec.scope, 'tokens:manage', `${routeKey(spec)} needs tokens:manage`);
});

for (const c of cases()) {
  test.serial(`${c.operationId}: ${c.label} -> ${c.status}`, async (t) => {
    ceilingFor = new Date(clock.now().getTime() + 2 * MINUTE);
    const response = await c.request();
    const text = await response.text();
    t.is(response.status, c.status, text);
    if (c.error) t.is(JSON.parse(text).error, c.error);
    if (response.status < 300) t.is(response.headers.get('cache-control'), 'no-store');
    if (c.check) t.notThrows(() => c.check!(JSON.parse(text)));
  });
}

test.serial('a created token works only within what it was given', async (t) => {
  const parent = await tokenFor(MANAGE_READ_SOON);
  const made = await fetch(`${appliance.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${parent.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'child', scopes: ['documents:read'] }),
  });
  const child = (await made.json()) as { token: string; expiresAt: string };
  const me = () => fetch(`${appliance.url}/api/v1/tokens`, { headers: { Authorization: `Bearer ${child.token}` } });
  t.is((await me()).status, 403, 'the child has no tokens:manage');
  clock.advance(2 * MINUTE + 1000);
  t.is(
    (await fetch(`${appliance.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${child.token}` } })).status,
    401,
    'it expired with its parent',
  );
});
