import { createServer, type Server } from 'node:http';
import { loadConfig, type Config } from './lib/config.js';
import { createLogger, type Logger } from './lib/logger.js';
import { systemClock, type Clock } from './lib/clock.js';
import { openSealer, type Sealer } from './domain/sealer.js';
import { createDocumentVerifier, type DocumentVerifier } from './domain/verify-document.js';
import { loadKeyEncryptionKey } from './crypto/key-encryption-key.js';
import { openDatabase, type Database } from './storage/database.js';
import { createApp, type AppDependencies } from './http/create-app.js';
import { announceStartup } from './domain/announce-startup.js';
import { repairStorage } from './domain/documents/repair-storage.js';
import { removeInterruptedOutboxWrites } from './domain/mail/outbox-mailer.js';
import { openDocumentArchive, type DocumentArchive } from './domain/documents/document-archive.js';
import type { SignerFlow } from './domain/signer-flow/signer-flow.js';
import { createApplianceServices } from './domain/appliance-services.js';
import { createMailer } from './domain/mail/mailer.js';
import { createJobRunner, defaultNodeId, type JobRunner } from './jobs/job-runner.js';
import { createSignerFlowJobHandlers } from './jobs/signer-flow-jobs.js';
import { startScheduler } from './jobs/scheduler.js';
import { createDeliverWebhookHandler } from './jobs/deliver-webhook-job.js';
import { startBackupSchedule } from './jobs/scheduled-backup.js';
import { createStartingHandler, type StartupPhase } from './http/routes/health/starting-handler.js';
import { openJobQueue, WAITING_FOR_TIMESTAMP_AUTHORITY } from './domain/jobs/job-queue.js';
import { createLeaseHolder } from './domain/jobs/scheduled-lease.js';
import { buildApplianceOpenApi } from './http/routes/openapi/build-openapi.js';

/**
 * The service graph: built once here and handed to the HTTP layer (`services`, the use cases), the jobs and the
 * CLI. The parts behind the services (database, KEK, archive, sealer, signer flow) are for jobs, CLI and tests.
 * Background work (job runner, scheduler) is the caller's to start (serve) or leave off (CLI).
 */
export interface OpenedAppliance extends AppDependencies {
  db: Database;
  /** The key-encryption key the appliance started with; document keys open through `archive.keyRing`. */
  kek: Uint8Array;
  sealer: Sealer;
  archive: DocumentArchive;
  /** The signer flow's dependencies (archive, sealer, mail, job queue). */
  signerFlow: SignerFlow;
  /** Verifies uploaded (untrusted) files in worker threads. */
  verifier: DocumentVerifier;
  runner: JobRunner;
  /** Starts the job runner and the minute scheduler. */
  startBackground(): void;
  /** Stops background work, then closes the database. */
  close(): Promise<void>;
}

export interface RunningAppliance {
  config: Config;
  server: Server;
  url: string;
  deps: OpenedAppliance;
  close(): Promise<void>;
}

/** Everything the HTTP app needs, opened from the configuration: keys, PKI, database. */
export async function openAppliance(options: {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /**
   * Reconcile DATA/blobs at start-up (default). Tools (`segl admin`, `segl retention`, …) pass false: they may run
   * beside a serving appliance, whose upload may be between writing its blob and committing the row.
   */
  repairStorage?: boolean;
  /** Told what the start-up does now, for /readyz while it runs. */
  onPhase?: (phase: StartupPhase) => void;
  /** The job runner's node identity when `SEGL_NODE_ID` is not set (a server: host name and port). */
  nodeId?: string;
}): Promise<OpenedAppliance> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  options.onPhase?.('keys');
  const kek = await loadKeyEncryptionKey({ dataDir: config.dataDir, env: { SEGL_KEK: config.kek } });
  const sealer = await openSealer({ config, clock, kek });
  options.onPhase?.('migrations');
  const db: Database = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    logger: logger.child({ module: 'storage' }),
  });
  options.onPhase?.('storage-repair');
  if (options.repairStorage !== false) {
    const graceMs = db.dialect === 'sqlite' ? 0 : 15 * 60_000;
    await repairStorage({ db, dataDir: config.dataDir, logger: logger.child({ module: 'storage-repair' }), graceMs });
    await removeInterruptedOutboxWrites({
      dataDir: config.dataDir,
      olderThan: new Date(Date.now() - graceMs),
    });
    // an erasure that committed just before a crash may have left earlier versions of its rows in the SQLite log
    await db.scrubJournal();
  }
  const archive = openDocumentArchive({
    db,
    clock,
    dataDir: config.dataDir,
    kek,
    kekFromEnvironment: Boolean(config.kek),
    logger: logger.child({ module: 'documents' }),
  });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    dataDir: config.dataDir,
    from: config.mailFrom,
    logger: logger.child({ module: 'mail' }),
    clock,
  });
  let runner: JobRunner | undefined;
  const jobs = {
    kick: () => runner?.kick(),
    settled: (jobId: string, timeoutMs: number): Promise<boolean> =>
      runner ? runner.settled(jobId, timeoutMs) : new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  };
  const flow: SignerFlow = { archive, sealer, mailer, jobs, config };
  runner = createJobRunner({
    queue: openJobQueue(db),
    clock,
    nodeId: config.nodeId ?? options.nodeId,
    logger: logger.child({ module: 'jobs' }),
    handlers: {
      ...createSignerFlowJobHandlers(flow),
      'deliver-webhook': createDeliverWebhookHandler({
        db,
        kek: archive.keyRing,
        allowPrivateNetwork: config.webhookAllowPrivateNetwork,
        logger: logger.child({ module: 'webhooks' }),
      }),
    },
  });
  const verifier = createDocumentVerifier({
    workers: config.verifyWorkers,
    timeoutMs: config.verifyTimeoutMs,
    maxQueue: config.verifyQueue,
  });
  // a TSA answered (a seal, a signing event): what waits for one elsewhere in the queue runs now, on any node
  sealer.onTimestampAnswered(() => runner?.wakeWaiting(WAITING_FOR_TIMESTAMP_AUTHORITY));
  const services = createApplianceServices({ ...flow, config, clock, db, archive, sealer, verifier, kek });
  let scheduler: { stop(): Promise<void> } | undefined;
  let backups: { stop(): Promise<void> } | undefined;
  return {
    config,
    logger,
    clock,
    kek,
    sealer,
    db,
    archive,
    signerFlow: flow,
    services,
    jobs,
    verifier,
    runner,
    startBackground() {
      runner!.start();
      scheduler ??= startScheduler({
        archive,
        clock,
        logger: logger.child({ module: 'scheduler' }),
        runner: runner!,
        retention: { schedule: config.retentionSchedule, defaultDays: config.retentionDays },
        longTerm: {
          schedule: config.ltaSchedule,
          horizonDays: config.ltaHorizonDays,
          retiredAlgorithms: config.ltaRetiredAlgorithms,
          sealer,
        },
      });
      const holder = createLeaseHolder();
      backups ??= startBackupSchedule({ config, archive, clock, logger: logger.child({ module: 'backup' }), holder });
    },
    async close() {
      await scheduler?.stop();
      await backups?.stop();
      await runner!.stop();
      await verifier.close();
      sealer.close();
      await db.close();
    },
  };
}

/** The URL to print for a listening address: the bound address, or localhost when bound to every interface. */
function listeningUrl(host: string | undefined, port: number): string {
  if (!host || host === '0.0.0.0' || host === '::') return `http://localhost:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/**
 * The composition root: configuration, keys, database, HTTP. The server listens first and answers probes while the
 * appliance starts (`/livez` 200, `/readyz` 503 with the phase: keys being created, migrations running or waiting
 * for another node's), then hands every request to the app.
 */
export async function startAppliance(
  options: { dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningAppliance> {
  const config = loadConfig({ env: options.env, dataDir: options.dataDir });
  const logger = createLogger({ level: config.logLevel });
  let phase: StartupPhase = 'keys';
  const starting = createStartingHandler(() => phase);
  const server = createServer(starting);
  server.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = listeningUrl(config.host, port);
  process.stderr.write(`Segl is starting at ${url}\n`);
  let deps: OpenedAppliance;
  try {
    deps = await openAppliance({ config, logger, onPhase: (next) => (phase = next), nodeId: defaultNodeId(port) });
    phase = 'background';
    deps.startBackground();
  } catch (error) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const app = createApp(deps);
  server.off('request', starting);
  server.on('request', app.callback());
  const { publicUrl, dataDir } = config;
  logger.info({ url, host: config.host ?? '*', publicUrl, dataDir }, 'segl is listening');
  await announceStartup({ db: deps.db, config, url, write: (line) => process.stderr.write(`${line}\n`) });
  return {
    config,
    server,
    url,
    deps,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.close();
    },
  };
}

/**
 * The OpenAPI 3.1 document that `GET /api/v1/openapi.json` serves, built from the route contracts without opening
 * anything (no keys, no database): for `segl openapi` and the build, which turns it into the portal's API types.
 */
export function describeApi(options: { publicUrl: string }): Record<string, unknown> {
  return buildApplianceOpenApi({ serverUrl: options.publicUrl });
}
