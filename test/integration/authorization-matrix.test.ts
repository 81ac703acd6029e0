import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import {
  createEnrolledStaff,
  createMutableClock,
  createTestStaff,
  signInStaff,
  type TestStaff,
} from '../helpers/staff.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { createApp } from '../../server/http/create-app.js';
import { listRoutes } from '../../server/http/list-routes.js';
import { ROUTE_TABLE } from '../../server/http/contract/route-table.js';
import { routeKey, type RouteContract as RouteSpec } from '../../server/http/contract/route-contract.js';

/**
 * Every folder, grant and document route of the route table x every kind of caller. A member without a grant
 * gets 404 for anything that names a folder or document they cannot see (and none of its data); a weaker grant
 * gets 403; anonymous callers and revoked tokens 401; administrators succeed.
 */

/**
 * `session` is a manager signed in with password + TOTP (cookie); `cross-site` the same cookie sent from another
 * origin.
 */
type Persona =
  | 'admin'
  | 'viewer'
  | 'editor'
  | 'manager'
  | 'outsider'
  | 'anonymous'
  | 'revoked'
  | 'session'
  | 'cross-site';
const PERSONAS: Persona[] = [
  'admin',
  'manager',
  'editor',
  'viewer',
  'outsider',
  'anonymous',
  'revoked',
  'session',
  'cross-site',
];
const FOREIGN_ORIGIN = 'https://evil.example';
const RANK = { viewer: 1, editor: 2, manager: 3 } as const;

const clock = createMutableClock();
const { appliance } = useAppliance(test, { clock, admin: false });
let staff: Record<'admin' | 'viewer' | 'editor' | 'manager' | 'outsider' | 'revoked', TestStaff>;
let sessionUser: { id: string; cookie: string };
let registered: Set<string>;
let documentsPending: string | undefined;
let samplePdf: Uint8Array;
let counter = 0;

const ROUTES = ROUTE_TABLE.filter((r) => /^\/api\/v1\/(folders|documents)(\/|$)/.test(r.path) && r.access);

async function json(who: TestStaff, method: string, path: string, body?: unknown): Promise<any> {
  const response = await who.api(path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

function uploadForm(options: { title: string; folderId: string }): FormData {
  const form = new FormData();
  form.set('title', options.title);
  form.set('folderId', options.folderId);
  form.set('file', new Blob([new Uint8Array(samplePdf)], { type: 'application/pdf' }), 'sample.pdf');
  return form;
}

interface Fixture {
  parent: string;
  folder: string;
  emptyFolder: string;
  sibling: string;
  grant: string;
  document?: { id: string; title: string; code: string };
  /** Strings no one without a grant may ever see. */
  secrets: string[];
  /** A signer of the document, for the routes about one (prepared). */
  signer?: string;
}

/** A fresh subtree per request: P (granted to the members) > F (with a grant and a document), E (empty), S. */
async function createFixture(): Promise<Fixture> {
  const tag = `m${++counter}-${Date.now()}`;
  const admin = staff.admin;
  const parent = (await json(admin, 'POST', '/api/v1/folders', { name: `P ${tag}` })).id;
  for (const role of ['viewer', 'editor', 'manager'] as const) {
    await json(admin, 'POST', `/api/v1/folders/${parent}/grants`, { userId: staff[role].id, role });
  }
  await json(admin, 'POST', `/api/v1/folders/${parent}/grants`, { userId: staff.revoked.id, role: 'manager' });
  await json(admin, 'POST', `/api/v1/folders/${parent}/grants`, { userId: sessionUser.id, role: 'manager' });
  const folder = (await json(admin, 'POST', '/api/v1/folders', { name: `F secret-folder-${tag}`, parentId: parent }))
    .id;
  const emptyFolder = (await json(admin, 'POST', '/api/v1/folders', { name: `E ${tag}`, parentId: parent })).id;
  const sibling = (await json(admin, 'POST', '/api/v1/folders', { name: `S ${tag}`, parentId: parent })).id;
  const grant = (
    await json(admin, 'POST', `/api/v1/folders/${folder}/grants`, { userId: staff.admin.id, role: 'viewer' })
  ).id;
  const fixture: Fixture = { parent, folder, emptyFolder, sibling, grant, secrets: [`secret-folder-${tag}`] };
  if (!documentsPending) {
    const title = `secret-title-${tag}`;
    const response = await admin.api('/api/v1/documents', {
      method: 'POST',
      body: uploadForm({ title, folderId: folder }),
    });
    if (response.status === 201) {
      const body = (await response.json()) as { id: string; code: string };
      fixture.document = { id: body.id, title, code: body.code };
      fixture.secrets.push(title, body.code);
    } else if (response.status === 404 || response.status === 405) {
      documentsPending = `POST /api/v1/documents answered ${response.status}`;
    } else {
      throw new Error(`POST /api/v1/documents: ${response.status} ${await response.text()}`);
    }
  }
  return fixture;
}

/** The request a route gets in the matrix: its path with the fixture's ids and a valid body. */
function requestFor(spec: RouteSpec, fixture: Fixture): { path: string; init: RequestInit } {
  const isDocument = spec.path.startsWith('/api/v1/documents');
  const id = isDocument
    ? fixture.document!.id
    : spec.operationId === 'deleteFolder'
      ? fixture.emptyFolder
      : fixture.folder;
  const path = spec.path
    .replace(':id', id)
    .replace(':grantId', fixture.grant)
    .replace(':signerId', fixture.signer ?? 'none');
  const name = `new-${++counter}`;
  if (spec.upload)
    return { path, init: { method: 'POST', body: uploadForm({ title: `upload ${name}`, folderId: fixture.folder }) } };
  const bodies: Record<string, unknown> = {
    createFolder: { name, parentId: fixture.folder },
    updateFolder: { name },
    createGrant: { userId: staff.outsider.id, role: 'viewer' },
    moveDocument: { folderId: fixture.sibling },
    addSigner: { name: `Signer ${name}`, email: `${name}@example.org`, authMethod: 'email-otp' },
    updateDocument: { folderId: fixture.sibling },
    placeLegalHold: { reason: 'matrix hold' },
    updateSigner: { language: 'en' },
    reorderSigners: { signerIds: [fixture.signer] },
  };
  const body = bodies[spec.operationId] ?? (spec.body ? {} : undefined);
  const init: RequestInit = { method: spec.method.toUpperCase() };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  return { path, init };
}

/** Routes that need the document in a certain state first (signers added, sent), prepared by the administrator. */
async function prepare(spec: RouteSpec, fixture: Fixture): Promise<void> {
  if (
    !fixture.document ||
    !['sendDocument', 'remindSigners', 'updateSigner', 'removeSigner', 'reorderSigners'].includes(spec.operationId)
  )
    return;
  const id = fixture.document.id;
  fixture.signer = (
    await json(staff.admin, 'POST', `/api/v1/documents/${id}/signers`, {
      name: 'Prepared Signer',
      email: `prepared-${++counter}@example.org`,
      authMethod: 'email-otp',
    })
  ).id;
  if (spec.operationId === 'remindSigners') await json(staff.admin, 'POST', `/api/v1/documents/${id}/send`, {});
}

function expectedStatus(spec: RouteSpec, persona: Persona): 'success' | 401 | 403 | 404 {
  if (persona === 'anonymous' || persona === 'revoked') return 401;
  if (persona === 'cross-site') return spec.method === 'get' ? 'success' : 403;
  if (persona === 'admin' || persona === 'session') return 'success';
  const access = spec.access!;
  if (access.kind === 'list') return 'success';
  if (persona === 'outsider') return 404;
  return RANK[persona] >= RANK[access.minimum] ? 'success' : 403;
}

function sendAs(persona: Persona, path: string, init: RequestInit): Promise<Response> {
  if (persona === 'anonymous') return fetch(`${appliance.url}${path}`, init);
  if (persona === 'session' || persona === 'cross-site') {
    const origin = persona === 'session' ? appliance.url : FOREIGN_ORIGIN;
    const headers = {
      ...(init.headers as Record<string, string> | undefined),
      Cookie: `segl_session=${sessionUser.cookie}`,
      Origin: origin,
    };
    return fetch(`${appliance.url}${path}`, { ...init, headers });
  }
  return staff[persona].api(path, init);
}

test.before(async () => {
  samplePdf = await createSamplePdf({ pages: 1, title: 'matrix' });
  staff = {
    admin: await createTestStaff(appliance, 'admin', 'matrix admin'),
    manager: await createTestStaff(appliance, 'member', 'matrix manager'),
    editor: await createTestStaff(appliance, 'member', 'matrix editor'),
    viewer: await createTestStaff(appliance, 'member', 'matrix viewer'),
    outsider: await createTestStaff(appliance, 'member', 'matrix outsider'),
    revoked: await createTestStaff(appliance, 'member', 'matrix revoked'),
  };
  await appliance.deps.db.models.ApiToken.update({ revokedAt: new Date() }, { where: { id: staff.revoked.tokenId } });
  const enrolled = await createEnrolledStaff(appliance, 'member', { name: 'matrix session' });
  sessionUser = { id: enrolled.id, cookie: await signInStaff(appliance, enrolled, clock) };
  registered = new Set(listRoutes({ app: createApp(appliance.deps) }).map(routeKey));
});

test('the matrix covers folder, grant and document routes', (t) => {
  const keys = ROUTES.map(routeKey);
  for (const key of [
    'POST /api/v1/folders',
    'GET /api/v1/folders/:id',
    'DELETE /api/v1/folders/:id/grants/:grantId',
    'GET /api/v1/documents/:id',
  ]) {
    t.true(keys.includes(key), key);
  }
});

for (const spec of ROUTES) {
  test.serial(`${routeKey(spec)} x every caller`, async (t) => {
    if (!registered.has(routeKey(spec))) {
      t.log(`PENDING: ${routeKey(spec)} is not registered yet`);
      t.pass();
      return;
    }
    const rows: string[] = [];
    for (const persona of PERSONAS) {
      const fixture = await createFixture();
      if (spec.path.startsWith('/api/v1/documents') && !fixture.document) {
        t.log(`PENDING: ${routeKey(spec)} (${documentsPending ?? 'no document fixture'})`);
        t.pass();
        return;
      }
      await prepare(spec, fixture);
      const { path, init } = requestFor(spec, fixture);
      const response = await sendAs(persona, path, init);
      const text = await response.text();
      const expected = expectedStatus(spec, persona);
      rows.push(`${persona.padEnd(10)} ${response.status} (expected ${expected})`);
      const where = `${routeKey(spec)} as ${persona}: ${response.status} ${text.slice(0, 200)}`;
      if (expected === 'success') t.true(response.status >= 200 && response.status < 300, where);
      else t.is(response.status, expected, where);
      if (response.status >= 400) {
        t.regex(text, /"error":"[a-z_]+"/, `${where}: an error body`);
      }
      // A cross-site GET carries data the browser would not send (SameSite=Strict) nor let the page read (no CORS).
      if (
        persona === 'outsider' ||
        persona === 'anonymous' ||
        persona === 'revoked' ||
        (persona === 'cross-site' && expected !== 'success')
      ) {
        for (const secret of fixture.secrets) t.false(text.includes(secret), `${where}: leaks ${secret}`);
      }
    }
    t.log(`${routeKey(spec)}\n  ${rows.join('\n  ')}`);
  });
}
