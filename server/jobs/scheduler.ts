import cron from 'node-cron';
import type { Database } from '../domain/database.js';
import type { DocumentArchive } from '../domain/documents/document-archive.js';
import { expireDocuments } from '../domain/signing/expire-documents.js';
import { runRetention } from '../domain/retention/run-retention.js';
import { pruneFinishedJobs } from '../domain/jobs/job-queue.js';

/** Finished jobs stay a week for the operator to look at, then go (their payloads have served their purpose). */
const FINISHED_JOBS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { JobRunner } from './job-runner.js';

/**
 * Periodic work: every minute, expire pending documents past their date and poke the job runner; hourly, prune
 * finished jobs older than a week; on the retention
 * schedule (`SEGL_RETENTION_SCHEDULE`, default 02:30 daily), delete the documents past their retention period.
 */
export function startScheduler(options: {
  db: Database;
  archive: DocumentArchive;
  clock: Clock;
  logger: Logger;
  runner: JobRunner;
  retention: { schedule: string | null; defaultDays: number | null };
}): { stop(): Promise<void> } {
  const { db, archive, clock, logger, runner } = options;
  const minute = cron.schedule(
    '* * * * *',
    async () => {
      try {
        const expired = await expireDocuments({ db, now: clock.now(), limit: 500 });
        if (expired) logger.info({ expired }, 'documents expired');
        runner.kick();
      } catch (error) {
        logger.error({ err: error }, 'scheduled sweep failed');
      }
    },
    { name: 'segl-minute', noOverlap: true },
  );
  const hourly = cron.schedule(
    '17 * * * *',
    async () => {
      try {
        const pruned = await pruneFinishedJobs({ db, olderThan: new Date(clock.now().getTime() - FINISHED_JOBS_KEPT_MS) });
        if (pruned) logger.info({ pruned }, 'finished jobs pruned');
      } catch (error) {
        logger.error({ err: error }, 'pruning finished jobs failed');
      }
    },
    { name: 'segl-hourly', noOverlap: true },
  );
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const retention = options.retention.schedule
    ? cron.schedule(
        options.retention.schedule,
        () => {
          running = scheduledRetentionRun({ archive, clock, logger, defaultDays: options.retention.defaultDays, signal: stopping.signal }).finally(() => {
            running = undefined;
          });
          return running;
        },
        { name: 'segl-retention', noOverlap: true },
      )
    : undefined;
  return {
    /** Stops the schedules and waits for a retention run to stop between two documents (so the database can close). */
    stop: async () => {
      stopping.abort();
      void minute.stop();
      void hourly.stop();
      void retention?.stop();
      await running;
    },
  };
}

/** One retention run as the scheduler makes it: logged, never thrown. */
export async function scheduledRetentionRun(options: { archive: DocumentArchive; clock: Clock; logger: Logger; defaultDays: number | null; signal?: AbortSignal }): Promise<void> {
  const started = Date.now();
  try {
    const report = await runRetention({ archive: options.archive, defaultDays: options.defaultDays, now: options.clock.now(), signal: options.signal });
    const summary = { due: report.due.length, deleted: report.deleted, skipped: report.skipped, failed: report.failed.length, interrupted: Boolean(report.interrupted), ms: Date.now() - started };
    if (report.failed.length) options.logger.error(summary, 'retention run finished with failures');
    else options.logger.info(summary, 'retention run finished');
  } catch (error) {
    options.logger.error({ err: error }, 'retention run failed');
  }
}
