/**
 * A server for the portal benchmark, in a process of its own so the load generator does not share its event loop:
 *   node --import=tsx scripts/bench/portal-server-child.ts appliance DATA_DIR DOCUMENTS
 *   node --import=tsx scripts/bench/portal-server-child.ts bare
 * Listens on 127.0.0.1 only, prints one JSON line `{url, codes?}` on stdout when ready, and exits when stdin closes.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { startAppliance } from '../../server/main.js';
import { createDocumentCode, formatDocumentCode } from '../../server/domain/documents/document-code.js';
import { seedDocuments } from '../../server/domain/benchmark/seed-archive.js';

async function listenLoopback(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The baseline: a bare Koa app answering a small JSON object, like a lookup does. */
async function bare(): Promise<{ url: string }> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = {
      code: '7F3K-9QXM-2B8D-WT4N',
      status: 'completed',
      createdAt: new Date().toISOString(),
      completedAt: null,
      signerCount: 0,
      signedCount: 0,
      level: null,
    };
  });
  return listenLoopback(app.callback());
}

/** The appliance as `segl serve` composes it (own data directory, throttling raised), seeded with documents. */
async function appliance(dataDir: string, documents: number): Promise<{ url: string; codes: string[] }> {
  const env = {
    PORT: '0',
    SEGL_PORTAL_RATE_LIMIT: '1000000000',
    SEGL_LOG_LEVEL: process.env.SEGL_LOG_LEVEL ?? 'silent',
  };
  const running = await startAppliance({ dataDir, env });
  // startAppliance listens on every interface: take its request handler onto a loopback-only server instead.
  const listener = running.server.listeners('request')[0] as RequestListener;
  await new Promise<void>((resolve) => running.server.close(() => resolve()));
  const now = new Date();
  const rows = Array.from(
    { length: documents },
    (_, n) =>
      ({
        id: randomUUID(),
        code: createDocumentCode(),
        title: `Bench ${n}`,
        status: n % 3 === 0 ? 'completed' : n % 3 === 1 ? 'pending' : 'deleted',
        sha256: randomBytes(32).toString('hex'),
        deletedAt: n % 3 === 2 ? now : null,
      }) as const,
  );
  await seedDocuments({ db: running.deps.db, documents: rows });
  const codes = rows.map((row) => row.code);
  const { url } = await listenLoopback(listener);
  return { url, codes: codes.slice(0, 5000).map(formatDocumentCode) };
}

async function main(): Promise<void> {
  // tsx turns source maps on, which makes every `error.stack` (Sequelize reads one per query) costly; the built
  // appliance (`npm start` runs dist/) has them off.
  process.setSourceMapsEnabled(false);
  const [mode, dataDir, count] = process.argv.slice(2);
  const ready =
    mode === 'bare'
      ? await bare()
      : mode === 'appliance' && dataDir
        ? await appliance(dataDir, Number(count) || 10_000)
        : undefined;
  if (!ready) throw new Error('usage: portal-server-child.ts bare | appliance DATA_DIR DOCUMENTS');
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`portal bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
