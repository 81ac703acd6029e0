import test from 'ava';
import { z } from 'zod';
import { useAppliance } from '../helpers/use-appliance.js';
import { jsonInit } from '../helpers/staff.js';
import { createApp } from '../../server/http/create-app.js';
import { listRoutes } from '../../server/http/list-routes.js';
import { ROUTE_TABLE } from '../../server/http/contract/route-table.js';
import { routeKey, type RouteContract as RouteSpec } from '../../server/http/contract/route-contract.js';

/** Hostile or broken input answers 4xx with a JSON `error` code, never a 500. */

const { appliance, admin } = useAppliance(test);
let registered: Set<string>;
let folderId: string;
let groupId: string;

test.before(async () => {
  registered = new Set(listRoutes({ app: createApp(appliance.deps) }).map(routeKey));
  folderId = (await (await admin.api('/api/v1/folders', jsonInit({ name: 'bad input' }))).json()).id;
  groupId = (await (await admin.api('/api/v1/groups', jsonInit({ name: 'bad input' }))).json()).id;
});

async function send(path: string, init: RequestInit): Promise<{ status: number; body: any; text: string }> {
  const response = await admin.api(path, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** A 4xx JSON error; `status` narrows it. */
function assertClientError(
  t: import('ava').ExecutionContext,
  answer: { status: number; body: any; text: string },
  where: string,
  status?: number,
): void {
  if (status) t.is(answer.status, status, `${where}: ${answer.text.slice(0, 200)}`);
  else t.true(answer.status >= 400 && answer.status < 500, `${where}: ${answer.status} ${answer.text.slice(0, 200)}`);
  t.is(typeof answer.body?.error, 'string', `${where}: error code in ${answer.text.slice(0, 200)}`);
  t.regex(String(answer.body?.error), /^[a-z][a-z0-9_]*$/, where);
}

/** Real ids for the routes' parameters so bodies are what gets tested. */
function pathFor(spec: RouteSpec): string {
  const id = spec.path.startsWith('/api/v1/groups')
    ? groupId
    : spec.path.startsWith('/api/v1/folders')
      ? folderId
      : 'does-not-exist';
  return spec.path.replace(/:id\b/, id).replace(/:[A-Za-z]+/g, 'does-not-exist');
}

function propertiesOf(spec: RouteSpec): Record<string, { type?: string }> {
  if (!spec.body) return {};
  const schema = z.toJSONSchema(spec.body, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string }>;
    anyOf?: Array<{ properties?: Record<string, { type?: string }> }>;
  };
  return schema.properties ?? Object.assign({}, ...(schema.anyOf ?? []).map((s) => s.properties ?? {}));
}

const JSON_ROUTES = ROUTE_TABLE.filter((r) => (r.method === 'post' || r.method === 'patch') && !r.upload);
const BIG = JSON.stringify({ name: 'x'.repeat(70 * 1024) });

for (const spec of JSON_ROUTES) {
  test(`${routeKey(spec)} refuses broken and hostile bodies`, async (t) => {
    if (!registered.has(routeKey(spec))) {
      t.log(`PENDING: ${routeKey(spec)} is not registered`);
      t.pass();
      return;
    }
    const path = pathFor(spec);
    const method = spec.method.toUpperCase();
    const props = propertiesOf(spec);
    const payloads: Array<[string, string]> = [
      ['malformed JSON', '{"name": '],
      ['not JSON at all', 'name=x'],
      ['a JSON array', '[]'],
      ['a JSON string', '"x"'],
      ['JSON null', 'null'],
      ['prototype pollution', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}'],
      ['unknown fields only', JSON.stringify({ unknownField: 1 })],
      [
        'every field of the wrong type',
        JSON.stringify(
          Object.fromEntries(
            Object.keys(props).map((k) => [k, props[k].type === 'string' ? { $ne: 1 } : 'not-a-number']),
          ),
        ),
      ],
      ['every field an array', JSON.stringify(Object.fromEntries(Object.keys(props).map((k) => [k, [1, 2]])))],
      ...['../x', 'a/b', 'a\u0000b', '..', '%2e%2e%2f', 'x'.repeat(5000)].map((bad): [string, string] => [
        `path-like or oversized strings (${JSON.stringify(bad.slice(0, 10))})`,
        JSON.stringify(
          Object.fromEntries(
            Object.entries(props)
              .filter(([, p]) => p.type === 'string')
              .map(([k]) => [k, bad]),
          ),
        ),
      ]),
    ];
    for (const [what, body] of payloads) {
      const answer = await send(path, jsonInit(body, method));
      t.not(answer.status, 500, `${routeKey(spec)} with ${what}`);
      if (answer.status >= 400) assertClientError(t, answer, `${routeKey(spec)} with ${what}`);
    }
    const big = await send(path, jsonInit(BIG, method));
    assertClientError(t, big, `${routeKey(spec)} with a body over 64 KB`);
    if (big.status !== 413)
      t.log(`${routeKey(spec)}: a body over 64 KB answered ${big.status} ${big.body?.error} (not 413)`);
  });
}

test('my routes answer 413 for JSON bodies over 64 KB, also without Content-Length', async (t) => {
  for (const [method, path] of [
    ['POST', '/api/v1/folders'],
    ['PATCH', `/api/v1/folders/${folderId}`],
    ['POST', `/api/v1/folders/${folderId}/grants`],
    ['POST', '/api/v1/groups'],
    ['POST', `/api/v1/groups/${groupId}/members`],
  ]) {
    assertClientError(t, await send(path, jsonInit(BIG, method)), `${method} ${path}`, 413);
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(BIG));
        controller.close();
      },
    });
    const streamed = await send(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    assertClientError(t, streamed, `${method} ${path} chunked`, 413);
  }
});

test('my routes: unknown fields and wrong types are 422 invalid_request, malformed JSON 400', async (t) => {
  const cases: Array<[string, string, unknown, number, string]> = [
    ['POST', '/api/v1/folders', { name: 'ok', admin: true }, 422, 'invalid_request'],
    ['POST', '/api/v1/folders', { name: 42 }, 422, 'invalid_request'],
    ['POST', '/api/v1/folders', { name: 'ok', parentId: 42 }, 422, 'invalid_request'],
    ['POST', '/api/v1/folders', { name: 'ok', parentId: '../etc' }, 422, 'invalid_request'],
    ['POST', '/api/v1/folders', { name: 'ok', parentId: 'does-not-exist' }, 404, 'not_found'],
    ['POST', '/api/v1/folders', '{"name":', 400, 'invalid_json'],
    ['PATCH', `/api/v1/folders/${folderId}`, {}, 422, 'invalid_request'],
    ['PATCH', `/api/v1/folders/${folderId}`, { name: 'a/b' }, 422, 'invalid_folder_name'],
    ['PATCH', `/api/v1/folders/${folderId}`, { name: '../x' }, 422, 'invalid_folder_name'],
    // control characters are refused for every JSON body,
    ['PATCH', `/api/v1/folders/${folderId}`, { name: 'a\u0000b' }, 422, 'invalid_request'],
    ['PATCH', `/api/v1/folders/${folderId}`, { parentId: 'does-not-exist' }, 404, 'not_found'],
    [
      'POST',
      `/api/v1/folders/${folderId}/grants`,
      { userId: admin.id, role: 'viewer', folderId },
      422,
      'invalid_request',
    ],
    ['POST', `/api/v1/folders/${folderId}/grants`, { userId: [admin.id], role: 'viewer' }, 422, 'invalid_request'],
    ['POST', '/api/v1/groups', { name: 'a/b' }, 422, 'invalid_group_name'],
    ['POST', '/api/v1/groups', { name: 'x', members: [] }, 422, 'invalid_request'],
    ['POST', `/api/v1/groups/${groupId}/members`, { userId: 'a/b' }, 422, 'invalid_request'],
    ['POST', `/api/v1/groups/${groupId}/members`, { userId: 'ghost' }, 422, 'unknown_user'],
  ];
  for (const [method, path, body, status, error] of cases) {
    const answer = await send(path, jsonInit(body, method));
    assertClientError(t, answer, `${method} ${path} ${JSON.stringify(body)}`, status);
    t.is(answer.body.error, error, `${method} ${path} ${JSON.stringify(body)}`);
  }
});

test('ill-formed and unknown ids in paths are 404 on every route, never 500', async (t) => {
  const ids = [
    'does-not-exist',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    'a'.repeat(65),
    "1'%20OR%20'1'%3D'1",
    '%E2%80%AE',
    '..',
  ];
  for (const spec of ROUTE_TABLE.filter((r) => r.path.includes('/:') && registered.has(routeKey(r)))) {
    for (const id of ids) {
      const path = spec.path.replace(/:[A-Za-z]+/g, id);
      const init: RequestInit = spec.body
        ? jsonInit({}, spec.method.toUpperCase())
        : { method: spec.method.toUpperCase() };
      const answer = await send(path, init);
      t.not(answer.status, 500, `${spec.method} ${path}`);
      t.true(answer.status >= 400 && answer.status < 500, `${spec.method} ${path}: ${answer.status}`);
      if (answer.body) t.is(typeof answer.body.error, 'string', `${spec.method} ${path}`);
      const mine = spec.path.startsWith('/api/v1/folders') || spec.path.startsWith('/api/v1/groups');
      if (mine && !spec.body) t.is(answer.status, 404, `${spec.method} ${path}`);
    }
  }
});

test('query parameters with NUL, huge or wrong values never cause a 500', async (t) => {
  const values = ['a\u0000b', 'x'.repeat(5000), '../x', '-1', '1e309', '[object Object]', "' OR 1=1 --"];
  for (const spec of ROUTE_TABLE.filter(
    (r) => r.method === 'get' && r.query && registered.has(routeKey(r)) && !r.path.includes(':'),
  )) {
    for (const name of Object.keys(spec.query!.shape)) {
      for (const value of values) {
        const answer = await send(`${spec.path}?${new URLSearchParams({ [name]: value })}`, { method: 'GET' });
        t.not(answer.status, 500, `${routeKey(spec)} ?${name}=${JSON.stringify(value.slice(0, 12))}`);
        if (answer.status >= 400)
          assertClientError(t, answer, `${routeKey(spec)} ?${name}=${JSON.stringify(value.slice(0, 12))}`);
      }
    }
    const repeated = await send(
      `${spec.path}?${Object.keys(spec.query!.shape)[0]}=a&${Object.keys(spec.query!.shape)[0]}=b`,
      { method: 'GET' },
    );
    t.not(repeated.status, 500, `${routeKey(spec)} with a repeated parameter`);
  }
});
