import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTestAppliance } from '../helpers/appliance.js';
import { bearerApi } from '../helpers/staff.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { verifyDocument } from '../../server/domain/verify-document.js';
import { MIGRATIONS } from '../../server/storage/migrations/run-migrations.js';
import type { ExpectedDocument } from '../fixtures/upgrade/generate-fixture.js';

/**
 * Upgrades from the last release: its data directory (SQLite) and its PostgreSQL dump, made by that release's own
 * code (test/fixtures/upgrade/generate-fixture.ts at c8c7dda), are opened by this code. Every document must still
 * open, decrypt to the same bytes and verify; the API token issued then still works; new work still succeeds.
 */
const FIXTURE = resolve(REPO_ROOT, 'test/fixtures/upgrade/release-c8c7dda');

interface Expected {
  release: string;
  sqlite: { documents: ExpectedDocument[]; token: string };
  postgres: { documents: ExpectedDocument[]; token: string };
}

const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Expected;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function upgradeAndCheck(
  t: ExecutionContext,
  dataDir: string,
  env: Record<string, string>,
  fixture: { documents: ExpectedDocument[]; token: string },
): Promise<void> {
  const appliance = await startTestAppliance({ dataDir, env });
  try {
    const api = bearerApi(appliance.url, fixture.token);
    const versions = (await appliance.deps.db.sequelize.query(
      'SELECT version FROM schema_migrations ORDER BY version',
      { type: 'SELECT' },
    )) as { version: number }[];
    t.deepEqual(
      versions.map((v) => Number(v.version)),
      MIGRATIONS.map((m) => m.version),
      'every migration of this release is applied',
    );
    const root = appliance.sealer.rootCertificatePem();
    for (const doc of fixture.documents) {
      const response = await api(`/api/v1/documents/${doc.id}`);
      t.is(response.status, 200, `${doc.title}: ${await response.clone().text()}`);
      const body = (await response.json()) as { status: string; code: string; title: string };
      t.is(body.status, doc.status, doc.title);
      t.is(body.code, doc.code);
      t.is(body.title, doc.title);
      const pdf = new Uint8Array(await (await api(`/api/v1/documents/${doc.id}/pdf`)).arrayBuffer());
      if (doc.finalSha256) {
        t.is(
          sha256(pdf),
          doc.finalSha256,
          `${doc.title}: the sealed PDF is byte for byte the one sealed before the upgrade`,
        );
        const report = verifyDocument({ bytes: pdf, trustAnchorsPem: root });
        t.is(report.status, 'passed', `${doc.title}: ${JSON.stringify(report.problems)}`);
        t.is(report.level, 'B-LTA');
      } else {
        t.is(sha256(pdf), doc.originalSha256, `${doc.title}: the original decrypts to the uploaded bytes`);
      }
      const trail = (await (await api(`/api/v1/documents/${doc.id}/audit-trail`)).json()) as {
        chain: { intact: boolean };
      };
      t.true(trail.chain.intact, `${doc.title}: the audit chain is intact`);
      t.is(
        (await fetch(`${appliance.url}/api/v1/verify/${doc.code}`)).status,
        200,
        'the portal still finds it by code',
      );
    }
    const form = new FormData();
    form.set('title', 'After the upgrade');
    form.set(
      'file',
      new Blob([new Uint8Array(await createSamplePdf({ pages: 1 }))], { type: 'application/pdf' }),
      'new.pdf',
    );
    t.is((await api('/api/v1/documents', { method: 'POST', body: form })).status, 201, 'new uploads work');
  } finally {
    await appliance.close();
  }
}

test('a SQLite data directory of the last release upgrades, and every document opens and verifies', async (t) => {
  const dataDir = join(tempDir('segl-upgrade-sqlite-'), 'data');
  cpSync(join(FIXTURE, 'sqlite-data'), dataDir, { recursive: true });
  await upgradeAndCheck(t, dataDir, {}, expected.sqlite);
});

const adminUrl = postgresAdminUrl();
const havePsql = adminUrl ? requireTools('psql') : false;
(adminUrl && havePsql ? test : test.skip)(
  'a PostgreSQL database of the last release upgrades, and every document opens and verifies',
  async (t) => {
    const database = await createTestDatabase(adminUrl!);
    try {
      const load = runTool(
        'psql',
        ['--quiet', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '-d', database.url, '-f', join(FIXTURE, 'postgres.sql')],
        { timeoutMs: 60_000 },
      );
      t.is(load.status, 0, load.stderr);
      const dataDir = join(tempDir('segl-upgrade-pg-'), 'data');
      cpSync(join(FIXTURE, 'postgres-data'), dataDir, { recursive: true });
      await upgradeAndCheck(t, dataDir, { DATABASE_URL: database.url }, expected.postgres);
    } finally {
      await database.drop();
    }
  },
);
