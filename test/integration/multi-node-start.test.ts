import test from 'ava';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { tempDir } from '../helpers/external-tool.js';
import { poll } from '../helpers/poll.js';
import { createTestDatabase, postgresAdminUrl, postgresTest } from '../helpers/postgres.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { MIGRATION_LOCK_KEY, MIGRATIONS } from '../../server/storage/migrations/run-migrations.js';

/**
 * Several nodes starting at once on an empty PostgreSQL database and an empty shared data volume (a first install,
 * or a rolling upgrade): they agree on one set of keys and one schema, and every one becomes ready.
 */
const postgresUrl = postgresAdminUrl();
const ROUNDS = Number(process.env.SEGL_TEST_START_ROUNDS ?? 10);

async function json(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

(postgresUrl ? test : test.skip)(
  `PostgreSQL: three nodes started at once on an empty database, ${ROUNDS} times, all become healthy`,
  async (t) => {
    t.timeout(ROUNDS * 120_000);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const database = await createTestDatabase(postgresUrl!);
      const dataDir = tempDir('segl-three-nodes-');
      const started = Date.now();
      const attempts = await Promise.allSettled(
        ['one', 'two', 'three'].map((nodeId) =>
          startServerProcess({
            dataDir,
            env: { DATABASE_URL: database.url, SEGL_NODE_ID: nodeId, SEGL_PUBLIC_URL: 'http://segl.test' },
            timeoutMs: 110_000,
          }),
        ),
      );
      const nodes = attempts
        .filter((a): a is PromiseFulfilledResult<ServerProcess> => a.status === 'fulfilled')
        .map((a) => a.value);
      try {
        for (const failed of attempts.filter((a) => a.status === 'rejected'))
          t.fail(`round ${round}: a node did not start: ${String((failed as PromiseRejectedResult).reason)}`);
        t.is(nodes.length, 3, `round ${round}: all three started`);
        const roots = new Set<string>();
        for (const node of nodes) {
          const ready = await json(`${node.url}/readyz`);
          t.deepEqual(ready, { status: 200, body: { status: 'ok' } }, `round ${round}: ${node.url} is ready`);
          const health = await json(`${node.url}/healthz`);
          t.deepEqual(health, { status: 200, body: { status: 'ok' } }, `round ${round}: ${node.url} is healthy`);
          roots.add(await (await fetch(`${node.url}/pki/root.pem`)).text());
        }
        t.is(roots.size, 1, `round ${round}: one appliance root for all nodes`);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          const { rows } = await client.query<{ version: number }>(
            'SELECT version FROM schema_migrations ORDER BY version',
          );
          t.deepEqual(
            rows.map((row) => Number(row.version)),
            MIGRATIONS.map((m) => m.version),
            `round ${round}: each migration recorded once`,
          );
        } finally {
          await client.end();
        }
        t.log(`round ${round}: three nodes healthy ${Date.now() - started} ms after they were started together`);
      } finally {
        await Promise.all(nodes.map((node) => node.kill()));
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  },
);

postgresTest(test)(
  'PostgreSQL: while another node holds the migration lock, a starting node is live but not ready, then ready',
  async (t, database) => {
    t.timeout(180_000);
    const dataDir = tempDir('segl-not-ready-');
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    let node: ServerProcess | undefined;
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      node = await startServerProcess({
        dataDir,
        env: { DATABASE_URL: database.url, SEGL_NODE_ID: 'waiting' },
        until: 'listening',
      });
      // the keys are created first, then the node waits for the lock in the migrations phase
      const waiting = await poll('the waiting node to reach the migrations phase', 60_000, async () => {
        const answer = await json(`${node!.url}/readyz`);
        return answer.body.phase === 'migrations' ? answer : undefined;
      });
      t.is(waiting.status, 503);
      t.like(waiting.body, { error: 'not_ready', status: 'starting', phase: 'migrations' });
      t.deepEqual(await json(`${node.url}/livez`), { status: 200, body: { status: 'ok' } }, 'alive all along');
      t.is((await json(`${node.url}/healthz`)).status, 503);
      const api = await fetch(`${node.url}/api/v1/documents`);
      t.is(api.status, 503);
      t.is(api.headers.get('retry-after'), '5');
      t.like(await api.json(), { error: 'starting' });

      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      const ready = await poll('the node to be ready once the lock was released', 60_000, async () => {
        const answer = await json(`${node!.url}/readyz`);
        return answer.status === 200 ? answer : undefined;
      });
      t.deepEqual(
        ready,
        { status: 200, body: { status: 'ok' } },
        'ready once the lock was released and the migrations ran',
      );
      t.is((await fetch(`${node.url}/api/v1/documents`)).status, 401, 'the API answers (and asks for credentials)');
    } finally {
      await node?.kill();
      await holder.end();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
