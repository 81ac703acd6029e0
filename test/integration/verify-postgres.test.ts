import test from 'ava';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { startTestAppliance } from '../helpers/appliance.js';
import { createTestStaff } from '../helpers/staff.js';
import { uploadDocument } from '../helpers/documents.js';
import { matchAtPortal } from '../helpers/signing.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';
import { tempDir } from '../helpers/external-tool.js';

const adminUrl = postgresAdminUrl();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

(adminUrl ? test : test.skip)(
  'the portal API answers on PostgreSQL: lookup, completion, match, tombstone, file check',
  async (t) => {
    const database = await createTestDatabase(adminUrl!);
    const dataDir = tempDir('segl-pg-verify-');
    const appliance = await startTestAppliance({
      dataDir,
      env: { DATABASE_URL: database.url, SEGL_PORTAL_RATE_LIMIT: '10000' },
    });
    try {
      t.is(appliance.deps.db.dialect, 'postgres');
      const admin = await createTestStaff(appliance, 'admin');
      const pdf = await createSamplePdf({ pages: 1, title: 'PostgreSQL portal' });
      const sealed = (await appliance.sealer.sealBytes({ input: pdf, level: 'B-LTA' })).output;
      const created = await uploadDocument(admin, { bytes: sealed, title: 'Avtale' });
      t.is(created.status, 201);
      const { id, code } = (await created.json()) as { id: string; code: string };
      const get = async (c: string) => fetch(`${appliance.url}/api/v1/verify/${c}`);
      const match = async (hash: string) => (await matchAtPortal(appliance, code, hash)).json();

      t.like(await (await get(code.toLowerCase())).json(), { code, status: 'draft', completedAt: null, level: null });
      t.is((await get('ZZZZ-ZZZZ-ZZZZ-ZZZZ')).status, 404);
      const all = await Promise.all([code, code, 'ZZZZ-ZZZZ-ZZZZ-ZZZY'].map(get));
      t.deepEqual(
        all.map((r) => r.status),
        [200, 200, 404],
      );

      const final = randomBytes(100);
      const completedAt = new Date(Date.now() - 1000);
      await appliance.deps.db.models.DocumentBlob.create({
        id: randomUUID(),
        documentId: id,
        kind: 'final',
        blobName: `final-${randomUUID()}`,
        sha256: sha256(final),
        sizeBytes: 100,
        createdAt: completedAt,
      });
      await appliance.deps.db.models.Document.update(
        { status: 'completed', sealedAt: completedAt, sealedLevel: 'B-LTA', finalSha256: sha256(final) },
        { where: { id } },
      );
      t.like(await (await get(code)).json(), {
        status: 'completed',
        level: 'B-LTA',
        completedAt: completedAt.toISOString(),
      });
      t.like(await match(sha256(final)), { match: true, matchedVersion: 'final', title: 'Avtale' });
      t.deepEqual(await match('b'.repeat(64)), { match: false });

      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(sealed)]), 'x.pdf');
      const report = await (await fetch(`${appliance.url}/api/v1/verify/file`, { method: 'POST', body: form })).json();
      t.like(report, { status: 'passed', knownDocument: { code, status: 'completed', version: 'original' } });

      t.is((await admin.api(`/api/v1/documents/${id}`, { method: 'DELETE' })).status, 200);
      const tombstone = await (await get(code)).json();
      t.like(tombstone, { status: 'deleted', sha256: sha256(final) });
      t.truthy(tombstone.deletedAt);
    } finally {
      await appliance.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
