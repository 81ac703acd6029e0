/**
 * The appliance for the signing benchmark, in a process of its own so that the signers' HTTP clients do not share
 * its event loop:
 *   node --import=tsx scripts/bench/signing-server-child.ts DATA_DIR
 * Started as `segl serve` starts it (startAppliance: job runner, scheduler), then moved onto 127.0.0.1, with
 * SEGL_PUBLIC_URL pointing at itself, mail to DATA_DIR/outbox, the built-in TSA, and 127.0.0.1 as trusted proxy
 * (each simulated signer sends its own X-Forwarded-For address, as behind a reverse proxy). Prints one JSON line
 * `{url, publicUrl, token}` (a full-scope staff API token) when ready; when stdin closes it prints one more line
 * with the job queue's record (`{jobs}`), closes the appliance and exits.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAppliance } from '../../server/main.js';
import { createUser } from '../../server/domain/users/create-user.js';
import { createApiToken } from '../../server/domain/tokens/create-api-token.js';
import { listJobOutcomes } from '../../server/domain/jobs/job-outcomes.js';

export interface SigningServerReady {
  url: string;
  publicUrl: string;
  token: string;
}

export interface SigningServerJobs {
  jobs: {
    kind: string;
    status: string;
    count: number;
    retried: number;
    failedAttempts: number;
    lastErrors: string[];
  }[];
}

async function main(): Promise<void> {
  // tsx turns source maps on, which makes every `error.stack` (Sequelize reads one per query) costly; the built
  // appliance (`npm start` runs dist/) has them off.
  process.setSourceMapsEnabled(false);
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: signing-server-child.ts DATA_DIR');
  // The port first, so that SEGL_PUBLIC_URL (certificate URLs, the Origin check, links in mail) names this server.
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const running = await startAppliance({
    dataDir,
    env: {
      PORT: String(port),
      SEGL_PUBLIC_URL: url,
      SEGL_TRUSTED_PROXIES: '127.0.0.1',
      SEGL_LOG_LEVEL: process.env.SEGL_LOG_LEVEL ?? 'silent',
    },
  });
  // startAppliance listens on every interface: take its request handler onto a loopback-only server instead.
  const listener = running.server.listeners('request')[0] as RequestListener;
  await new Promise<void>((resolve) => running.server.close(() => resolve()));
  const server = createServer(listener);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const deps = running.deps;
  const user = await createUser({
    db: deps.db,
    clock: deps.clock,
    email: 'bench.sender@example.org',
    name: 'Bench Sender',
    role: 'admin',
  });
  const token = await createApiToken({ db: deps.db, clock: deps.clock, userId: user.id, name: 'signing bench' });
  const ready: SigningServerReady = { url, publicUrl: running.config.publicUrl, token: token.token };
  process.stdout.write(`${JSON.stringify(ready)}\n`);

  let closing = false;
  const finish = async () => {
    if (closing) return;
    closing = true;
    const rows = await listJobOutcomes({ db: deps.db });
    const groups = new Map<string, SigningServerJobs['jobs'][number]>();
    for (const row of rows) {
      const key = `${row.kind}/${row.status}`;
      const group = groups.get(key) ?? {
        kind: row.kind,
        status: row.status,
        count: 0,
        retried: 0,
        failedAttempts: 0,
        lastErrors: [],
      };
      group.count += 1;
      // attempts counts claims; a job done at once has 1. completeJob clears lastError, so a done job with more
      // than one attempt failed before; a queued one with lastError waits for a retry.
      const failures =
        row.status === 'done'
          ? row.attempts - 1
          : row.status === 'running'
            ? row.attempts - 1
            : row.lastError
              ? row.attempts
              : 0;
      group.failedAttempts += Math.max(0, failures);
      if (row.lastError && group.lastErrors.length < 3) group.lastErrors.push(row.lastError.slice(0, 300));
      if (row.attempts > 1) group.retried += 1;
      groups.set(key, group);
    }
    const record: SigningServerJobs = { jobs: [...groups.values()] };
    process.stdout.write(`${JSON.stringify(record)}\n`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await running.close();
    process.exit(0);
  };
  process.stdin.resume();
  process.stdin.on('end', () => void finish());
  process.stdin.on('close', () => void finish());
}

main().catch((error: unknown) => {
  process.stderr.write(`signing bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
