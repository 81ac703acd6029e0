import test from 'ava';
import { join } from 'node:path';
import { QueryTypes, Sequelize } from 'sequelize';
import { MIGRATIONS, runMigrations } from '../../server/storage/migrations/run-migrations.js';
import { tempDir } from '../helpers/external-tool.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';

const postgresUrl = postgresAdminUrl();
const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString());

for (const dialect of ['sqlite', 'postgres'] as const) {
  (dialect === 'postgres' && !postgresUrl ? test.skip : test)(
    `migration 4 on a ${dialect} database of version 3: documents that already ended get their ` +
      `end time, jobs their document`,
    async (t) => {
      const database = dialect === 'postgres' ? await createTestDatabase(postgresUrl!) : undefined;
      const sequelize = database
        ? new Sequelize(database.url, { dialect: 'postgres', logging: false })
        : new Sequelize({
            dialect: 'sqlite',
            storage: join(tempDir('segl-migration-'), 'segl.sqlite'),
            logging: false,
          });
      try {
        t.deepEqual(
          await runMigrations({ sequelize, migrations: MIGRATIONS.filter((m) => m.version <= 3) }),
          [1, 2, 3],
        );
        const sealedAt = '2024-03-01 10:00:00.000 +00:00';
        const changedAt = '2024-05-02 11:00:00.000 +00:00';
        const statuses = ['draft', 'pending', 'completed', 'declined', 'expired', 'cancelled', 'deleted'];
        for (const [i, status] of statuses.entries()) {
          await sequelize.query(
            `INSERT INTO documents (id, code, title, folder_id, status, sha256, size_bytes, page_count, ` +
              `created_by, deleted_at, sealed_at, created_at, updated_at)
           VALUES (?, ?, ?, ` +
              `NULL, ?, ?, 1, 1, NULL, ?, ?, ?, ?)`,
            {
              replacements: [
                `doc-${status}`,
                `CODE${String(i).padStart(12, '0')}`,
                status,
                status,
                'a'.repeat(64),
                status === 'deleted' ? changedAt : null,
                status === 'completed' ? sealedAt : null,
                changedAt,
                changedAt,
              ],
            },
          );
        }
        await sequelize.query(
          'INSERT INTO jobs (id, kind, dedupe_key, payload, status, attempts, run_at, created_at, ' +
            "updated_at) VALUES ('job-1', 'send-mail', NULL, ?, 'done', 1, ?, ?, ?), ('job-2', " +
            "'timestamp-event', NULL, ?, 'done', 1, ?, ?, ?)",
          {
            replacements: [
              JSON.stringify({ documentId: 'doc-completed', sealed: 'x' }),
              changedAt,
              changedAt,
              changedAt,
              JSON.stringify({ eventId: 'e1' }),
              changedAt,
              changedAt,
              changedAt,
            ],
          },
        );
        t.deepEqual(await runMigrations({ sequelize, migrations: MIGRATIONS.filter((m) => m.version <= 4) }), [4]);
        const jobs = await sequelize.query<{ id: string; document_id: string | null }>(
          'SELECT id, document_id FROM jobs ORDER BY id',
          { type: QueryTypes.SELECT },
        );
        t.deepEqual(
          jobs,
          [
            { id: 'job-1', document_id: 'doc-completed' },
            { id: 'job-2', document_id: null },
          ],
          'existing jobs learn their document from the payload',
        );
        const rows = await sequelize.query<{ status: string; ended_at: string | null; legal_hold: number | boolean }>(
          'SELECT status, ended_at, legal_hold FROM documents ORDER BY id',
          { type: QueryTypes.SELECT },
        );
        const ended = Object.fromEntries(rows.map((row) => [row.status, iso(row.ended_at)]));
        t.is(ended.completed, iso(sealedAt), 'completed: when it was sealed');
        for (const status of ['declined', 'expired', 'cancelled'])
          t.is(ended[status], iso(changedAt), `${status}: its last change`);
        for (const status of ['draft', 'pending']) t.is(ended[status], null, `${status}: not ended`);
        t.is(ended.deleted, iso(changedAt), 'deleted: when it was deleted (it was never sealed)');
        t.true(
          rows.every((row) => !row.legal_hold),
          'no document is held',
        );
        t.deepEqual(
          await runMigrations({ sequelize, migrations: MIGRATIONS.filter((m) => m.version <= 4) }),
          [],
          'a second start applies nothing',
        );
      } finally {
        await sequelize.close();
        await database?.drop();
      }
    },
  );
}
