import cron from 'node-cron';
import type { DocumentArchive } from '../domain/documents/document-archive.js';
import { expireDocuments } from '../domain/signer-flow/expire-documents.js';
import { runRetention } from '../domain/retention/run-retention.js';
import { runLtaRenewal } from '../domain/lta/run-lta-renewal.js';
import type { Sealer } from '../domain/sealer.js';
import { pruneFinishedJobs } from '../domain/jobs/job-queue.js';
import { createLeaseHolder, releaseScheduledLease, takeScheduledLease } from '../domain/jobs/scheduled-lease.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { JobRunner } from './job-runner.js';

/** Finished jobs stay a week for the operator to look at, then go (their payloads have served their purpose). */
const FINISHED_JOBS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Periodic work; what is shared takes a lease in the database first, so that of several appliances on one database
 * one does it. Every minute, poke the job runner and expire pending documents past their date; hourly, prune
 * finished jobs older than a week; on the retention schedule (`SEGL_RETENTION_SCHEDULE`, default 02:30 daily),
 * delete the documents past their retention period.
 */
export function startScheduler(options: {
  archive: DocumentArchive;
  clock: Clock;
  logger: Logger;
  runner: JobRunner;
  retention: { schedule: string | null; defaultDays: number | null };
  /** Long-term archive renewal (SEGL_LTA_SCHEDULE); absent or a null schedule: off. */
  longTerm?: { schedule: string | null; horizonDays: number; retiredAlgorithms: string[]; sealer: Sealer };
}): { stop(): Promise<void> } {
  const { archive, clock, logger, runner } = options;
  const { db } = archive;
  const holder = createLeaseHolder();
  const lease = (name: string, ttlMs: number) => takeScheduledLease({ db, name, holder, now: clock.now(), ttlMs });
  // work in progress, which stop() waits for before the database closes
  const inFlight = new Set<Promise<void>>();
  const tracked = (work: () => Promise<void>) => () => {
    const promise = work().finally(() => inFlight.delete(promise));
    inFlight.add(promise);
    return promise;
  };
  const minute = cron.schedule(
    '* * * * *',
    tracked(async () => {
      try {
        runner.kick();
        if (await lease('expire-documents', 50_000)) {
          const expired = await expireDocuments({ db, now: clock.now(), limit: 500 });
          if (expired) logger.info({ expired }, 'documents expired');
        }
      } catch (error) {
        logger.error({ err: error }, 'scheduled sweep failed');
      }
    }),
    { name: 'segl-minute', noOverlap: true },
  );
  const hourly = cron.schedule(
    '17 * * * *',
    tracked(async () => {
      try {
        if (!(await lease('prune-jobs', 50 * 60_000))) return;
        const pruned = await pruneFinishedJobs({
          db,
          olderThan: new Date(clock.now().getTime() - FINISHED_JOBS_KEPT_MS),
        });
        if (pruned) logger.info({ pruned }, 'finished jobs pruned');
      } catch (error) {
        logger.error({ err: error }, 'pruning finished jobs failed');
      }
    }),
    { name: 'segl-hourly', noOverlap: true },
  );
  const stopping = new AbortController();
  const retention = options.retention.schedule
    ? cron.schedule(
        options.retention.schedule,
        tracked(() =>
          scheduledRetentionRun({
            archive,
            clock,
            logger,
            holder,
            defaultDays: options.retention.defaultDays,
            signal: stopping.signal,
          }),
        ),
        { name: 'segl-retention', noOverlap: true },
      )
    : undefined;
  const longTerm = options.longTerm?.schedule
    ? cron.schedule(
        options.longTerm.schedule,
        tracked(() =>
          scheduledLtaRun({ archive, clock, logger, holder, longTerm: options.longTerm!, signal: stopping.signal }),
        ),
        { name: 'segl-lta-renewal', noOverlap: true },
      )
    : undefined;
  return {
    /**
     * Stops the schedules and waits for the work in progress (retention stops between two documents), so the database
     * can close.
     */
    stop: async () => {
      stopping.abort();
      void minute.stop();
      void hourly.stop();
      void retention?.stop();
      void longTerm?.stop();
      await Promise.all([...inFlight]);
    },
  };
}

const RETENTION_LEASE_MS = 10 * 60_000;
const LTA_LEASE_MS = 60 * 60_000;

/** One long-term renewal run under the `lta-renewal` lease (one appliance of several runs it), logged, never thrown. */
export async function scheduledLtaRun(options: {
  archive: DocumentArchive;
  clock: Clock;
  logger: Logger;
  holder: string;
  longTerm: { horizonDays: number; retiredAlgorithms: string[]; sealer: Sealer };
  signal?: AbortSignal;
}): Promise<void> {
  const { archive, clock, holder } = options;
  const { db } = archive;
  try {
    if (!(await takeScheduledLease({ db, name: 'lta-renewal', holder, now: clock.now(), ttlMs: LTA_LEASE_MS }))) return;
    const report = await runLtaRenewal({
      archive,
      sealer: options.longTerm.sealer,
      policy: {
        now: clock.now(),
        horizonDays: options.longTerm.horizonDays,
        retiredAlgorithms: options.longTerm.retiredAlgorithms,
      },
      signal: options.signal,
    });
    if (report.interrupted)
      await releaseScheduledLease({ db, name: 'lta-renewal', holder, now: clock.now() }).catch(() => undefined);
    const summary = {
      checked: report.checked,
      renewed: report.renewed.length,
      failed: report.failed.length,
      interrupted: Boolean(report.interrupted),
    };
    if (report.failed.length) options.logger.error(summary, 'long-term renewal finished with failures');
    else options.logger.info(summary, 'long-term renewal finished');
  } catch (error) {
    options.logger.error({ err: error }, 'long-term renewal failed');
  }
}

/**
 * One retention run as the scheduler makes it: under the `retention` lease (renewed while it works, released at the
 * end, so that one appliance of several runs it), logged, never thrown.
 */
export async function scheduledRetentionRun(options: {
  archive: DocumentArchive;
  clock: Clock;
  logger: Logger;
  holder: string;
  defaultDays: number | null;
  signal?: AbortSignal;
}): Promise<void> {
  const { archive, clock, holder } = options;
  const { db } = archive;
  const started = Date.now();
  try {
    if (!(await takeScheduledLease({ db, name: 'retention', holder, now: clock.now(), ttlMs: RETENTION_LEASE_MS }))) {
      options.logger.info('retention runs on another appliance now');
      return;
    }
    let renewed = Date.now();
    let renewal: Promise<unknown> = Promise.resolve();
    const report = await runRetention({
      archive,
      defaultDays: options.defaultDays,
      now: clock.now(),
      signal: options.signal,
      onProgress: () => {
        if (Date.now() - renewed < 60_000) return;
        renewed = Date.now();
        renewal = takeScheduledLease({
          db,
          name: 'retention',
          holder,
          now: clock.now(),
          ttlMs: RETENTION_LEASE_MS,
        }).catch((error: unknown) => options.logger.warn({ err: error }, 'could not renew the retention lease'));
      },
    });
    await renewal;
    // A finished run keeps its lease until it expires, so that another appliance firing on the same schedule a
    // moment later does not run it again; a run stopped by a shutdown gives it up for another to finish the work.
    if (report.interrupted)
      await releaseScheduledLease({ db, name: 'retention', holder, now: clock.now() }).catch(() => undefined);
    const summary = {
      due: report.due.length,
      deleted: report.deleted,
      skipped: report.skipped,
      failed: report.failed.length,
      interrupted: Boolean(report.interrupted),
      ms: Date.now() - started,
    };
    if (report.failed.length) options.logger.error(summary, 'retention run finished with failures');
    else options.logger.info(summary, 'retention run finished');
  } catch (error) {
    options.logger.error({ err: error }, 'retention run failed');
  }
}
