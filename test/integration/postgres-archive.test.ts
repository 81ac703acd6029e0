import test from 'ava';
import { createHash } from 'node:crypto';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { startTestAppliance } from '../helpers/appliance.js';
import { createTestStaff, jsonInit } from '../helpers/staff.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';
import { tempDir } from '../helpers/external-tool.js';

const adminUrl = postgresAdminUrl();

(adminUrl ? test : test.skip)(
  'the archive runs on PostgreSQL: migrations, grants, upload, list, download, delete, restart',
  async (t) => {
    const database = await createTestDatabase(adminUrl!);
    const dataDir = tempDir('segl-pg-');
    try {
      let appliance = await startTestAppliance({ dataDir, env: { DATABASE_URL: database.url } });
      t.is(appliance.deps.db.dialect, 'postgres');
      const admin = await createTestStaff(appliance, 'admin');
      const member = await createTestStaff(appliance, 'member');
      const folder = (await (await admin.api('/api/v1/folders', jsonInit({ name: 'Kontrakter' }))).json()) as {
        id: string;
      };
      t.is(
        (await admin.api(`/api/v1/folders/${folder.id}/grants`, jsonInit({ userId: member.id, role: 'editor' })))
          .status,
        201,
      );

      const pdf = Buffer.from(await createSamplePdf({ pages: 2, title: 'PostgreSQL' }));
      const form = new FormData();
      form.append('title', 'Avtale på PostgreSQL');
      form.append('folderId', folder.id);
      form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'avtale.pdf');
      const created = await member.api('/api/v1/documents', { method: 'POST', body: form });
      t.is(created.status, 201, await created.clone().text());
      const { id } = (await created.json()) as { id: string };

      const list = (await (
        await member.api(`/api/v1/documents?folderId=${folder.id}&q=${encodeURIComponent('på Postgre')}`)
      ).json()) as { documents: { id: string }[] };
      t.deepEqual(
        list.documents.map((d) => d.id),
        [id],
        'title search is case-insensitive on PostgreSQL too',
      );
      const download = Buffer.from(await (await member.api(`/api/v1/documents/${id}/pdf`)).arrayBuffer());
      t.is(createHash('sha256').update(download).digest('hex'), createHash('sha256').update(pdf).digest('hex'));

      await appliance.close();
      appliance = await startTestAppliance({ dataDir, env: { DATABASE_URL: database.url } });
      const again = await fetch(`${appliance.url}/api/v1/documents/${id}`, {
        headers: { Authorization: `Bearer ${admin.token}` },
      });
      t.is(again.status, 200, 'a restart re-applies nothing and keeps everything');
      const deleted = await fetch(`${appliance.url}/api/v1/documents/${id}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${admin.token}` },
      });
      t.is(deleted.status, 200);
      const gone = await fetch(`${appliance.url}/api/v1/documents/${id}/pdf`, {
        headers: { Authorization: `Bearer ${admin.token}` },
      });
      t.is(gone.status, 404);
      await appliance.close();
    } finally {
      await database.drop();
    }
  },
);
