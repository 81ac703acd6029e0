import test from 'ava';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { useAppliance } from '../helpers/use-appliance.js';
import { createTestStaff, staffEvents, sendJson } from '../helpers/staff.js';
import { createFolder, grantFolder, markedPdf, uploadDocument } from '../helpers/documents.js';
import { writeDocumentLimits } from '../../server/domain/documents/document-limits.js';
import { parseDocumentCode } from '../../server/domain/documents/document-code.js';

const { appliance, admin } = useAppliance(test);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

test(
  'upload answers 201 with a formatted code; download is byte-identical; nothing at rest ' + 'shows the content',
  async (t) => {
    const marker = `SEGL-MARKER-${randomBytes(8).toString('hex')}`;
    const pdf = await markedPdf(marker, 2);
    t.true(pdf.includes(marker), 'the marker is in the plaintext');
    const response = await uploadDocument(admin, { bytes: pdf, title: 'Contract ÆØÅ "quoted"' });
    t.is(response.status, 201, await response.clone().text());
    const created = (await response.json()) as { id: string; code: string; status: string };
    t.is(created.status, 'draft');
    t.regex(created.code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    t.truthy(parseDocumentCode(created.code.toLowerCase().replace(/-/g, ' ')));

    const download = await admin.api(`/api/v1/documents/${created.id}/pdf`);
    t.is(download.status, 200);
    t.is(download.headers.get('content-type'), 'application/pdf');
    t.regex(
      download.headers.get('content-disposition') ?? '',
      /^attachment; filename="[ -~]+\.pdf"; filename\*=UTF-8''/,
    );
    t.true(Buffer.from(await download.arrayBuffer()).equals(pdf));

    const details = (await (await admin.api(`/api/v1/documents/${created.id}`)).json()) as {
      title: string;
      pageCount: number;
      sha256: string;
    };
    t.is(details.pageCount, 2);
    t.is(details.title, 'Contract ÆØÅ "quoted"');

    const needle = Buffer.from(marker);
    for (const file of filesUnder(appliance.dataDir)) {
      t.false(readFileSync(file).includes(needle), `${file} shows the plaintext`);
    }
    const keyRow = await appliance.deps.db.models.DocumentKey.findByPk(created.id, { raw: true });
    t.truthy(keyRow);
    t.is(keyRow!.kekId.length, 32);
  },
);

test('oversized uploads get 413 and non-PDFs 422', async (t) => {
  await writeDocumentLimits({ db: appliance.deps.db, limits: { maxUploadBytes: 200_000 } });
  try {
    const big = await uploadDocument(admin, { bytes: randomBytes(300_000) });
    t.is(big.status, 413);
    t.is(((await big.json()) as { error: string }).error, 'payload_too_large');
  } finally {
    await appliance.deps.db.models.Setting.destroy({ where: { key: 'documents.maxUploadBytes' } });
  }
  const notPdf = await uploadDocument(admin, { bytes: Buffer.from('hello, this is plain text') });
  t.is(notPdf.status, 422);
  t.is(((await notPdf.json()) as { error: string }).error, 'not_a_pdf');
  const tooMany = await (async () => {
    await writeDocumentLimits({ db: appliance.deps.db, limits: { maxPages: 3 } });
    try {
      return await uploadDocument(admin, { bytes: await markedPdf('pages', 5) });
    } finally {
      await appliance.deps.db.models.Setting.destroy({ where: { key: 'documents.maxPages' } });
    }
  })();
  t.is(tooMany.status, 422);
  t.is(((await tooMany.json()) as { error: string }).error, 'pdf_too_many_pages');
});

test('Idempotency-Key: same request, same answer; another request, 409', async (t) => {
  const pdf = await markedPdf('idempotent');
  const key = `key-${randomBytes(6).toString('hex')}`;
  const first = await uploadDocument(admin, { bytes: pdf, title: 'Once', idempotencyKey: key });
  const second = await uploadDocument(admin, { bytes: pdf, title: 'Once', idempotencyKey: key });
  t.is(first.status, 201);
  t.is(second.status, 201);
  t.deepEqual(await first.json(), await second.json());
  const other = await uploadDocument(admin, { bytes: pdf, title: 'Different', idempotencyKey: key });
  t.is(other.status, 409);
  t.is(((await other.json()) as { error: string }).error, 'idempotency_conflict');
  const concurrent = `key-${randomBytes(6).toString('hex')}`;
  const answers = await Promise.all(
    [1, 2, 3].map(() => uploadDocument(admin, { bytes: pdf, title: 'Race', idempotencyKey: concurrent })),
  );
  const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ id: string }>));
  t.deepEqual(
    answers.map((r) => r.status),
    [201, 201, 201],
  );
  t.is(new Set(bodies.map((b) => b.id)).size, 1);
});

test(
  'members see only granted folders; upload needs editor, move editor on both, delete ' + 'manager; others 404',
  async (t) => {
    const member = await createTestStaff(appliance, 'member');
    const mine = await createFolder(appliance);
    const viewOnly = await createFolder(appliance);
    const hidden = await createFolder(appliance);
    await grantFolder(appliance, { folderId: mine, userId: member.id, role: 'editor' });
    await grantFolder(appliance, { folderId: viewOnly, userId: member.id, role: 'viewer' });
    const pdf = await markedPdf('access');

    t.is((await uploadDocument(member, { bytes: pdf })).status, 422, 'members must name a folder');
    t.is((await uploadDocument(member, { bytes: pdf, folderId: hidden })).status, 404);
    t.is((await uploadDocument(member, { bytes: pdf, folderId: viewOnly })).status, 403);
    const ownResponse = await uploadDocument(member, { bytes: pdf, folderId: mine, title: 'Member doc' });
    t.is(ownResponse.status, 201);
    const own = (await ownResponse.json()) as { id: string };
    const secret = (await (
      await uploadDocument(admin, { bytes: pdf, folderId: hidden, title: 'Hidden doc' })
    ).json()) as { id: string };

    t.is((await member.api(`/api/v1/documents/${secret.id}`)).status, 404);
    t.is((await member.api(`/api/v1/documents/${secret.id}/pdf`)).status, 404);
    t.is((await member.api(`/api/v1/documents/${secret.id}`, { method: 'DELETE' })).status, 404);
    const listed = (await (await member.api('/api/v1/documents?limit=100')).json()) as { documents: { id: string }[] };
    t.true(listed.documents.some((d) => d.id === own.id));
    t.false(listed.documents.some((d) => d.id === secret.id));
    t.is((await member.api(`/api/v1/documents?folderId=${hidden}`)).status, 404);

    const move = (id: string, folderId: string) =>
      sendJson(member, 'POST', `/api/v1/documents/${id}/move`, { folderId });
    t.is((await move(own.id, viewOnly)).status, 403, 'editor needed on the target');
    t.is((await move(own.id, hidden)).status, 404);
    t.is((await member.api(`/api/v1/documents/${own.id}`, { method: 'DELETE' })).status, 403, 'manager needed');

    const other = await createFolder(appliance);
    await grantFolder(appliance, { folderId: other, userId: member.id, role: 'manager' });
    const moved = await move(own.id, other);
    t.is(moved.status, 200);
    t.is(((await moved.json()) as { folderId: string }).folderId, other);

    const blob = await appliance.deps.db.models.DocumentBlob.findOne({ where: { documentId: own.id }, raw: true });
    const blobPath = join(appliance.dataDir, 'blobs', blob!.blobName.slice(0, 2), blob!.blobName);
    t.true(existsSync(blobPath));
    const deleted = await member.api(`/api/v1/documents/${own.id}`, { method: 'DELETE' });
    t.is(deleted.status, 200);
    t.is(((await deleted.json()) as { status: string }).status, 'deleted');
    t.false(existsSync(blobPath), 'the blob file is gone');
    t.is(
      await appliance.deps.db.models.DocumentKey.count({ where: { documentId: own.id } }),
      0,
      'the wrapped key is shredded',
    );
    t.is((await member.api(`/api/v1/documents/${own.id}/pdf`)).status, 404);
    const tombstone = (await (await member.api(`/api/v1/documents/${own.id}`)).json()) as {
      status: string;
      sha256: string;
    };
    t.is(tombstone.status, 'deleted');
    t.is(tombstone.sha256.length, 64);
    const events = await staffEvents(appliance, { targetId: own.id });
    t.deepEqual(events.map((e) => e.action).sort(), ['document.created', 'document.deleted', 'document.moved']);
  },
);

test('the list pages by cursor and filters by folder, status, title and creation time', async (t) => {
  const folder = await createFolder(appliance);
  const pdf = await markedPdf('list');
  const ids: string[] = [];
  for (let i = 0; i < 7; i += 1) {
    const response = await uploadDocument(admin, {
      bytes: pdf,
      folderId: folder,
      title: i % 2 ? `Invoice ${i}` : `Letter ${i}`,
    });
    ids.push(((await response.json()) as { id: string }).id);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/api/v1/documents?folderId=${folder}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await (await admin.api(query)).json()) as { documents: { id: string }[]; nextCursor: string | null };
    t.true(page.documents.length <= 3);
    seen.push(...page.documents.map((d) => d.id));
    cursor = page.nextCursor;
  } while (cursor);
  t.deepEqual([...seen].sort(), [...ids].sort());
  t.is(seen.length, 7);
  const invoices = (await (await admin.api(`/api/v1/documents?folderId=${folder}&q=invoice`)).json()) as {
    documents: { title: string }[];
  };
  t.is(invoices.documents.length, 3);
  t.true(invoices.documents.every((d) => d.title.startsWith('Invoice')));
  const drafts = (await (await admin.api(`/api/v1/documents?folderId=${folder}&status=draft`)).json()) as {
    documents: unknown[];
  };
  t.is(drafts.documents.length, 7);
  const future = (await (
    await admin.api(`/api/v1/documents?folderId=${folder}&createdFrom=${new Date(Date.now() + 3600_000).toISOString()}`)
  ).json()) as { documents: unknown[] };
  t.is(future.documents.length, 0);
  t.is((await admin.api('/api/v1/documents?limit=101')).status, 422);
  t.is((await admin.api('/api/v1/documents?cursor=nonsense')).status, 422);
});

test('the document list refuses cursors it did not hand out (422 invalid_cursor, no query)', async (t) => {
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  for (const cursor of [
    'bm9wZQ',
    cursorOf([0, 'abc']),
    cursorOf(['not a date', 'abc']),
    cursorOf(['2026-01-01', 'a;b']),
  ]) {
    const response = await admin.api(`/api/v1/documents?cursor=${cursor}`);
    t.is(response.status, 422, cursor);
    t.is(((await response.json()) as { error: string }).error, 'invalid_cursor');
  }
});
