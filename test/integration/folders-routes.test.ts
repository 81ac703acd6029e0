import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import { callApi, createTestStaff, staffEvents } from '../helpers/staff.js';

const { appliance, admin } = useAppliance(test);

let n = 0;
async function folder(parentId?: string, staff = admin): Promise<string> {
  const created = await callApi(staff, 'POST', '/api/v1/folders', {
    name: `f${++n}`,
    ...(parentId ? { parentId } : {}),
  });
  if (created.status !== 201) throw new Error(`create folder: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id;
}

async function grant(folderId: string, userId: string, role: string): Promise<string> {
  const created = await callApi(admin, 'POST', `/api/v1/folders/${folderId}/grants`, { userId, role });
  if (created.status !== 201) throw new Error(`grant: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id;
}

test('admins create, read, rename, move and delete folders', async (t) => {
  const top = await folder();
  const child = await folder(top);
  const other = await folder();
  const got = await callApi(admin, 'GET', `/api/v1/folders/${child}`);
  t.is(got.status, 200);
  t.is(got.body.parentId, top);
  t.is(got.body.role, 'admin');
  t.deepEqual(
    got.body.path.map((p: { id: string }) => p.id),
    [top],
  );

  const renamed = await callApi(admin, 'PATCH', `/api/v1/folders/${child}`, { name: '  Contracts 2026  ' });
  t.is(renamed.status, 200);
  t.is(renamed.body.name, 'Contracts 2026');
  const moved = await callApi(admin, 'PATCH', `/api/v1/folders/${child}`, { parentId: other });
  t.is(moved.status, 200);
  t.is(moved.body.parentId, other);
  const toTop = await callApi(admin, 'PATCH', `/api/v1/folders/${child}`, { parentId: null });
  t.is(toTop.body.parentId, null);

  t.is((await callApi(admin, 'DELETE', `/api/v1/folders/${child}`)).status, 204);
  t.is((await callApi(admin, 'GET', `/api/v1/folders/${child}`)).status, 404);
  const events = await staffEvents(appliance, { targetId: child });
  t.deepEqual(events.map((e) => e.action).sort(), [
    'folder.created',
    'folder.deleted',
    'folder.moved',
    'folder.moved',
    'folder.renamed',
  ]);
  t.true(events.every((e) => e.actorId === admin.id));
});

test('names are unique among siblings, path-like or control names are refused', async (t) => {
  const top = await folder();
  t.is((await callApi(admin, 'POST', '/api/v1/folders', { name: 'Same', parentId: top })).status, 201);
  const clash = await callApi(admin, 'POST', '/api/v1/folders', { name: 'Same', parentId: top });
  t.is(clash.status, 409);
  t.is(clash.body.error, 'folder_name_taken');
  const rootName = `root-${Date.now()}`;
  t.is((await callApi(admin, 'POST', '/api/v1/folders', { name: rootName })).status, 201);
  t.is((await callApi(admin, 'POST', '/api/v1/folders', { name: rootName })).body.error, 'folder_name_taken');
  const sibling = await folder(top);
  t.is((await callApi(admin, 'PATCH', `/api/v1/folders/${sibling}`, { name: 'Same' })).body.error, 'folder_name_taken');
  for (const name of ['../x', 'a/b', 'a\u0000b', 'line\nbreak', '..', '.', '', '   ', 'x'.repeat(201), 'a\\b']) {
    const bad = await callApi(admin, 'POST', '/api/v1/folders', { name, parentId: top });
    t.true(bad.status === 422, `${JSON.stringify(name)} -> ${bad.status}`);
    t.regex(bad.body.error, /^invalid_/);
  }
  t.is((await callApi(admin, 'POST', '/api/v1/folders', { name: 'x'.repeat(200), parentId: top })).status, 201);
});

test('moving a folder into itself or below itself is a 409 folder_cycle', async (t) => {
  const a = await folder();
  const b = await folder(a);
  const c = await folder(b);
  for (const target of [a, b, c]) {
    const moved = await callApi(admin, 'PATCH', `/api/v1/folders/${a}`, { parentId: target });
    t.is(moved.status, 409);
    t.is(moved.body.error, 'folder_cycle');
  }
});

test('only empty folders can be deleted', async (t) => {
  const a = await folder();
  const b = await folder(a);
  const refused = await callApi(admin, 'DELETE', `/api/v1/folders/${a}`);
  t.is(refused.status, 409);
  t.is(refused.body.error, 'folder_not_empty');
  const { db } = appliance.deps;
  await db.models.Document.create({
    id: `doc-${b}`,
    code: `C${Date.now()}`.slice(0, 16),
    title: 't',
    folderId: b,
    status: 'draft',
    sha256: '0'.repeat(64),
    sizeBytes: 1,
    pageCount: 1,
    createdBy: null,
    deletedAt: null,
  });
  t.is((await callApi(admin, 'DELETE', `/api/v1/folders/${b}`)).body.error, 'folder_not_empty');
  await db.models.Document.update({ status: 'deleted', deletedAt: new Date() }, { where: { id: `doc-${b}` } });
  t.is((await callApi(admin, 'DELETE', `/api/v1/folders/${b}`)).status, 204, 'a tombstone does not keep a folder');
  t.is((await callApi(admin, 'DELETE', `/api/v1/folders/${a}`)).status, 204);
});

test('members see only granted folders and their subtrees, with their effective role', async (t) => {
  const m = await createTestStaff(appliance, 'member');
  const hidden = await folder();
  const shared = await folder(hidden);
  const below = await folder(shared);
  const deeper = await folder(below);
  await grant(shared, m.id, 'viewer');
  await grant(below, m.id, 'editor');
  const tree = await callApi(m, 'GET', '/api/v1/folders');
  t.is(tree.status, 200);
  t.is(tree.body.folders.length, 1);
  const [root] = tree.body.folders;
  t.is(root.id, shared);
  t.is(root.parentId, null, 'the hidden parent is not named');
  t.is(root.role, 'viewer');
  t.is(root.children[0].id, below);
  t.is(root.children[0].role, 'editor');
  t.is(root.children[0].children[0].id, deeper);
  t.is(root.children[0].children[0].role, 'editor');
  t.false(JSON.stringify(tree.body).includes(hidden));

  const details = await callApi(m, 'GET', `/api/v1/folders/${shared}`);
  t.is(details.body.parentId, null);
  t.deepEqual(details.body.path, []);
  const hiddenAnswer = await callApi(m, 'GET', `/api/v1/folders/${hidden}`);
  t.is(hiddenAnswer.status, 404);
  t.false(JSON.stringify(hiddenAnswer.body).includes(hidden));
  t.is((await callApi(m, 'GET', '/api/v1/folders/no-such-folder')).status, 404);

  const adminTree = await callApi(admin, 'GET', '/api/v1/folders');
  t.true(JSON.stringify(adminTree.body).includes(hidden));
});

test('members create below folders they manage, never at the top; moves need manager on both sides', async (t) => {
  const m = await createTestStaff(appliance, 'member');
  const managed = await folder();
  const viewed = await folder();
  const managed2 = await folder();
  await grant(managed, m.id, 'manager');
  await grant(managed2, m.id, 'manager');
  await grant(viewed, m.id, 'viewer');
  const top = await callApi(m, 'POST', '/api/v1/folders', { name: 'top' });
  t.is(top.status, 403);
  const inViewed = await callApi(m, 'POST', '/api/v1/folders', { name: 'x', parentId: viewed });
  t.is(inViewed.status, 403);
  const inHidden = await callApi(m, 'POST', '/api/v1/folders', { name: 'x', parentId: await folder() });
  t.is(inHidden.status, 404);
  const child = await folder(managed, m);
  t.is((await callApi(m, 'PATCH', `/api/v1/folders/${child}`, { parentId: viewed })).status, 403);
  t.is((await callApi(m, 'PATCH', `/api/v1/folders/${child}`, { parentId: null })).status, 403);
  t.is((await callApi(m, 'PATCH', `/api/v1/folders/${child}`, { parentId: managed2 })).status, 200);
  t.is((await callApi(m, 'DELETE', `/api/v1/folders/${child}`)).status, 204);
  t.is((await callApi(m, 'DELETE', `/api/v1/folders/${viewed}`)).status, 403);
});
