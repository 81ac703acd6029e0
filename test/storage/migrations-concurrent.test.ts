import test from 'ava';
import { join } from 'node:path';
import pg from 'pg';
import { QueryTypes, Sequelize } from 'sequelize';
import { MIGRATIONS, MIGRATION_LOCK_KEY, runMigrations } from '../../server/storage/migrations/run-migrations.js';
import { openDatabase } from '../../server/storage/database.js';
import { tempDir } from '../helpers/external-tool.js';
import { poll } from '../helpers/poll.js';
import { postgresTest } from '../helpers/postgres.js';

const pgTest = postgresTest(test);
const LATEST = MIGRATIONS.map((m) => m.version);

async function appliedVersions(sequelize: Sequelize): Promise<number[]> {
  const rows = await sequelize.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version', {
    type: QueryTypes.SELECT,
  });
  return rows.map((row) => Number(row.version));
}

pgTest(
  'PostgreSQL: five connections migrating an empty database at once apply each migration exactly once',
  async (t, database) => {
    const nodes = Array.from(
      { length: 5 },
      () => new Sequelize(database.url, { dialect: 'postgres', logging: false, pool: { max: 2 } }),
    );
    try {
      const results = await Promise.all(nodes.map((sequelize) => runMigrations({ sequelize })));
      t.deepEqual(
        results.flat().sort((a, b) => a - b),
        LATEST,
        'every version was applied by exactly one of them',
      );
      t.deepEqual(await appliedVersions(nodes[0]!), LATEST);
      t.deepEqual(
        await Promise.all(nodes.map((sequelize) => runMigrations({ sequelize }))),
        nodes.map(() => []),
        'a restart applies nothing',
      );
    } finally {
      await Promise.all(nodes.map((sequelize) => sequelize.close()));
    }
  },
);

pgTest(
  'PostgreSQL: a rolling upgrade waits for the migration lock, then applies only what is missing',
  async (t, database) => {
    const old = new Sequelize(database.url, { dialect: 'postgres', logging: false });
    const upgraded = new Sequelize(database.url, { dialect: 'postgres', logging: false });
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      t.deepEqual(
        await runMigrations({ sequelize: old, migrations: MIGRATIONS.filter((m) => m.version <= 3) }),
        [1, 2, 3],
      );
      // another node holds the lock (it is in the middle of a migration): the upgrade waits instead of racing it
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      let finished = false;
      const upgrade = runMigrations({ sequelize: upgraded }).then((applied) => {
        finished = true;
        return applied;
      });
      // advisory locks show in pg_locks for the whole cluster: count this database's waiters only
      const waiters = async () =>
        Number(
          (
            await holder.query<{ count: string }>(
              "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1 " +
                'AND database = (SELECT oid FROM pg_database WHERE datname = current_database())',
              [MIGRATION_LOCK_KEY],
            )
          ).rows[0]!.count,
        );
      const waiting = await poll('a node waiting for the lock', 10_000, async () => (await waiters()) || undefined, 50);
      t.is(waiting, 1, 'the upgrading node waits for the lock');
      t.false(finished);
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      t.deepEqual(
        await upgrade,
        LATEST.filter((v) => v > 3),
      );
      t.deepEqual(await appliedVersions(upgraded), LATEST);
    } finally {
      await holder.end(); // ends its session, and with it the lock if an assertion failed while it was held
      await old.close();
      await upgraded.close();
    }
  },
);

test('SQLite: three appliances opening one new file at once agree on one schema', async (t) => {
  const dataDir = tempDir('segl-migrate-sqlite-');
  const opened = await Promise.all(
    [0, 1, 2].map(() => openDatabase({ dataDir, databaseUrl: `sqlite:${join(dataDir, 'segl.sqlite')}` })),
  );
  try {
    t.deepEqual(await appliedVersions(opened[0]!.sequelize), LATEST);
    const jobColumns = await opened[1]!.sequelize.query<{ name: string }>(
      "SELECT name FROM pragma_table_info('jobs')",
      { type: QueryTypes.SELECT },
    );
    t.true(
      jobColumns.some((c) => c.name === 'waiting_since'),
      'the latest migration ran once and completely',
    );
  } finally {
    await Promise.all(opened.map((db) => db.close()));
  }
});
