import cron from 'node-cron';
import type { Database } from '../domain/database.js';
import { expireDocuments } from '../domain/signing/expire-documents.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { JobRunner } from './job-runner.js';

/** Periodic work: every minute, expire pending documents past their date and poke the job runner. */
export function startScheduler(options: { db: Database; clock: Clock; logger: Logger; runner: JobRunner }): { stop(): void } {
  const { db, clock, logger, runner } = options;
  const task = cron.schedule(
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
  return { stop: () => void task.stop() };
}
