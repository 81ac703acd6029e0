import test from 'ava';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import { tempDir } from '../helpers/external-tool.js';
import { openDatabase } from '../../server/storage/database.js';

/** The SQLite files are the owner's only, and every connection runs with the settings erasure relies on. */

const modeOf = (file: string) => statSync(file).mode & 0o777;

test('segl.sqlite, -wal and -shm are 0600, also when an older version left them readable by others', async (t) => {
  const dataDir = tempDir('segl-dbfiles-');
  const file = join(dataDir, 'segl.sqlite');
  let db = await openDatabase({ dataDir });
  await db.models.Setting.create({ key: 'probe', value: 'one', updatedAt: new Date() });
  for (const name of ['segl.sqlite', 'segl.sqlite-wal', 'segl.sqlite-shm']) {
    t.true(existsSync(join(dataDir, name)), name);
    t.is(modeOf(join(dataDir, name)), 0o600, name);
  }
  await db.close();
  for (const name of ['segl.sqlite', 'segl.sqlite-wal', 'segl.sqlite-shm'])
    if (existsSync(join(dataDir, name))) chmodSync(join(dataDir, name), 0o644);
  db = await openDatabase({ dataDir });
  try {
    t.is(modeOf(file), 0o600, 'narrowed at the next start');
    for (const name of ['segl.sqlite-wal', 'segl.sqlite-shm'])
      if (existsSync(join(dataDir, name))) t.is(modeOf(join(dataDir, name)), 0o600, name);
  } finally {
    await db.close();
  }
});

test('each connection: secure_delete, bounded journal, temp store in memory; scrubJournal empties it', async (t) => {
  const dataDir = tempDir('segl-pragmas-');
  const db = await openDatabase({ dataDir });
  try {
    const pragma = async (name: string) =>
      Object.values(
        (await db.sequelize.query<Record<string, unknown>>(`PRAGMA ${name}`, { type: QueryTypes.SELECT }))[0]!,
      )[0];
    const inTransaction = await db.transaction(
      async (transaction) =>
        Object.values(
          (
            await db.sequelize.query<Record<string, unknown>>('PRAGMA secure_delete', {
              type: QueryTypes.SELECT,
              transaction,
            })
          )[0]!,
        )[0],
    );
    t.is(Number(await pragma('secure_delete')), 1);
    t.is(Number(inTransaction), 1, 'transactions run on their own connection, configured the same');
    t.is(Number(await pragma('journal_size_limit')), 1024 * 1024);
    t.is(Number(await pragma('temp_store')), 2, 'MEMORY');
    t.is(String(await pragma('journal_mode')), 'wal');
    await db.models.Setting.create({ key: 'wal-probe', value: 'x'.repeat(10_000), updatedAt: new Date() });
    t.true(statSync(join(dataDir, 'segl.sqlite-wal')).size > 0, 'the write went to the log');
    t.true(await db.scrubJournal());
    t.is(statSync(join(dataDir, 'segl.sqlite-wal')).size, 0, 'checkpointed and truncated');
  } finally {
    await db.close();
  }
});
