import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests: SEGL_TEST_DATABASE_URL points at a server .ci/run starts on 127.0.0.1. Each call makes
 * a fresh database so that runs never share state. Without the variable: CI fails, elsewhere tests skip loudly.
 */
export function postgresAdminUrl(): string | undefined {
  const url = process.env.SEGL_TEST_DATABASE_URL;
  if (url) return url;
  if (process.env.CI === 'true') throw new Error('SEGL_TEST_DATABASE_URL is not set; .ci/run must start PostgreSQL');
  process.stderr.write(
    '\n!!! SKIPPING PostgreSQL tests: set SEGL_TEST_DATABASE_URL=postgres://user@127.0.0.1:PORT/postgres\n\n',
  );
  return undefined;
}

export async function createTestDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
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
