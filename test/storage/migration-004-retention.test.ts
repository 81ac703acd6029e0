import test from 'ava';
import { join } from 'node:path';
import { QueryTypes, Sequelize } from 'sequelize';
import { MIGRATIONS, runMigrations } from '../../server/storage/migrations/run-migrations.js';
import { tempDir } from '../helpers/external-tool.js';

test('migration 4 on a database of version 3: documents that already ended get their end time, the others none', async (t) => {
  const sequelize = new Sequelize({ dialect: 'sqlite', storage: join(tempDir('segl-migration-'), 'segl.sqlite'), logging: false });
  try {
    t.deepEqual(await runMigrations({ sequelize, migrations: MIGRATIONS.filter((m) => m.version <= 3) }), [1, 2, 3]);
    const sealedAt = '2024-03-01 10:00:00.000 +00:00';
    const changedAt = '2024-05-02 11:00:00.000 +00:00';
    const statuses = ['draft', 'pending', 'completed', 'declined', 'expired', 'cancelled', 'deleted'];
    for (const [i, status] of statuses.entries()) {
      await sequelize.query(
        `INSERT INTO documents (id, code, title, folder_id, status, sha256, size_bytes, page_count, created_by, deleted_at, sealed_at, created_at, updated_at)
         VALUES (?, ?, ?, NULL, ?, ?, 1, 1, NULL, NULL, ?, ?, ?)`,
        { replacements: [`doc-${status}`, `CODE${String(i).padStart(12, '0')}`, status, status, 'a'.repeat(64), status === 'completed' ? sealedAt : null, changedAt, changedAt] },
      );
    }
    t.deepEqual(await runMigrations({ sequelize }), [4]);
    const rows = await sequelize.query<{ status: string; ended_at: string | null; legal_hold: number }>('SELECT status, ended_at, legal_hold FROM documents ORDER BY id', { type: QueryTypes.SELECT });
    const ended = Object.fromEntries(rows.map((row) => [row.status, row.ended_at]));
    t.is(ended.completed, sealedAt, 'completed: when it was sealed');
    for (const status of ['declined', 'expired', 'cancelled']) t.is(ended[status], changedAt, `${status}: its last change`);
    for (const status of ['draft', 'pending', 'deleted']) t.is(ended[status], null, `${status}: not ended`);
    t.true(rows.every((row) => row.legal_hold === 0), 'no document is held');
    t.deepEqual(await runMigrations({ sequelize }), [], 'a second start applies nothing');
  } finally {
    await sequelize.close();
  }
});
