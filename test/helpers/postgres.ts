import type { ExecutionContext, TestFn } from 'ava';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

let skipSaid = false;

/**
 * PostgreSQL for tests: SEGL_TEST_DATABASE_URL points at a server .ci/run starts on 127.0.0.1. Each call makes
 * a fresh database so that runs never share state. Without the variable: CI fails, elsewhere tests skip loudly.
 */
export function postgresAdminUrl(): string | undefined {
  const url = process.env.SEGL_TEST_DATABASE_URL;
  if (url) return url;
  if (process.env.CI === 'true') throw new Error('SEGL_TEST_DATABASE_URL is not set; .ci/run must start PostgreSQL');
  if (!skipSaid)
    process.stderr.write(
      '\n!!! SKIPPING PostgreSQL tests: set SEGL_TEST_DATABASE_URL=postgres://user@127.0.0.1:PORT/postgres\n\n',
    );
  skipSaid = true;
  return undefined;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Declares tests that need PostgreSQL, each with a fresh database of its own, dropped after the test (pass or fail,
 * after the test's own clean-up); without SEGL_TEST_DATABASE_URL they are skipped, loudly (see postgresAdminUrl).
 *
 *   const pgTest = postgresTest(test);
 *   pgTest('PostgreSQL: ...', async (t, database) => { ... database.url ... });
 */
export function postgresTest(
  test: TestFn,
): (title: string, run: (t: ExecutionContext, database: TestDatabase) => Promise<void>) => void {
  const adminUrl = postgresAdminUrl();
  return (title, run) => {
    if (!adminUrl) return void test.skip(title, () => undefined);
    test(title, async (t) => {
      const database = await createTestDatabase(adminUrl);
      try {
        await run(t, database);
      } finally {
        await database.drop();
      }
    });
  };
}

export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `segl_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
