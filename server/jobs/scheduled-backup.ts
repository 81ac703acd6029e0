import cron from 'node-cron';
import path from 'node:path';
import type { Config } from '../lib/config.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { DocumentArchive } from '../domain/documents/document-archive.js';
import { backupRuns } from '../lib/metrics.js';
import { createBackup } from '../domain/backup/create-backup.js';
import { pruneScheduledBackups, scheduledBackupName } from '../domain/backup/backup-rotation.js';
import { releaseScheduledLease, takeScheduledLease } from '../domain/jobs/scheduled-lease.js';

const LEASE = 'backup';
const LEASE_MS = 10 * 60_000;
const RENEW_MS = 60_000;
/** After a run, the lease is kept this long so another node firing on the same schedule does not back up again. */
const HOLD_AFTER_RUN_MS = 50_000;

export interface BackupRunOptions {
  config: Config;
  /** The database of the archive is what a backup copies and where its lease is held. */
  archive: Pick<DocumentArchive, 'db'>;
  clock: Clock;
  logger: Logger;
  holder: string;
}

/**
 * One scheduled backup, as the appliance runs it: under the database lease `backup` (so that of several nodes on
 * one database one takes it), renewed while it runs, into SEGL_BACKUP_DIR, then the oldest beyond SEGL_BACKUP_KEEP
 * are deleted. Scheduled backups never contain the KEK. Logged and counted, never thrown.
 */
export async function scheduledBackupRun(options: BackupRunOptions): Promise<'done' | 'skipped' | 'failed'> {
  const { config, clock, logger, holder } = options;
  const { db } = options.archive;
  let renewal: NodeJS.Timeout | undefined;
  try {
    if (!(await takeScheduledLease({ db, name: LEASE, holder, now: clock.now(), ttlMs: LEASE_MS }))) {
      logger.info('a backup runs on another appliance now');
      return 'skipped';
    }
    renewal = setInterval(() => {
      takeScheduledLease({ db, name: LEASE, holder, now: clock.now(), ttlMs: LEASE_MS }).catch((error: unknown) =>
        logger.warn({ err: error }, 'could not renew the backup lease'),
      );
    }, RENEW_MS);
    renewal.unref();
    const out = path.join(config.backupDir, scheduledBackupName(clock.now()));
    const summary = await createBackup({ config, db, clock, out, includeKek: false });
    clearInterval(renewal);
    const removed = await pruneScheduledBackups({ dir: config.backupDir, keep: config.backupKeep, now: clock.now() });
    await takeScheduledLease({ db, name: LEASE, holder, now: clock.now(), ttlMs: HOLD_AFTER_RUN_MS });
    backupRuns.inc({ outcome: 'ok' });
    logger.info(
      {
        file: summary.file,
        bytes: summary.bytes,
        documents: summary.documents,
        ms: summary.ms,
        removed: removed.length,
      },
      'scheduled backup written',
    );
    return 'done';
  } catch (error) {
    clearInterval(renewal);
    backupRuns.inc({ outcome: 'error' });
    logger.error({ err: error }, 'scheduled backup failed');
    await releaseScheduledLease({ db, name: LEASE, holder, now: clock.now() }).catch(() => undefined);
    return 'failed';
  }
}

/** Runs scheduledBackupRun on SEGL_BACKUP_SCHEDULE; undefined when backups are not scheduled. */
export function startBackupSchedule(options: BackupRunOptions): { stop(): Promise<void> } | undefined {
  const schedule = options.config.backupSchedule;
  if (!schedule) return undefined;
  let running: Promise<unknown> | undefined;
  const task = cron.schedule(
    schedule,
    () => {
      running = scheduledBackupRun(options).finally(() => {
        running = undefined;
      });
      return running;
    },
    { name: 'segl-backup', noOverlap: true },
  );
  return {
    async stop() {
      void task.stop();
      await running;
    },
  };
}
